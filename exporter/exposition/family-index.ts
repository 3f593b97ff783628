import type { Labels, MetricFamily, Sample } from './types.js';

/**
 * Families looked up by name: how the live view and the anomaly signals read what the
 * collectors returned, instead of each indexing them their own way.
 */
export class FamilyIndex {
  private readonly byName: ReadonlyMap<string, MetricFamily>;

  constructor(families: readonly MetricFamily[]) {
    this.byName = new Map(families.map((f) => [f.name, f]));
  }

  samples(name: string): readonly Sample[] {
    return this.byName.get(name)?.samples ?? [];
  }

  /** The value of a family's first sample, for single-sample gauges; null when absent. */
  value(name: string): number | null {
    return this.samples(name)[0]?.value ?? null;
  }

  /** The sum of the samples whose labels `keep` accepts; null when none matched. */
  sum(name: string, keep: (labels: Labels) => boolean = () => true): number | null {
    let total: number | null = null;
    for (const s of this.samples(name)) if (keep(s.labels)) total = (total ?? 0) + s.value;
    return total;
  }

  /** How many distinct values one label takes in a family. */
  distinct(name: string, label: string): number {
    return new Set(this.samples(name).map((s) => s.labels[label])).size;
  }
}
