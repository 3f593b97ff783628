import type { Labels, MetricFamily, MetricType, Sample } from './types.js';

/** A tiny builder so collectors read as "name, help, type, then samples". */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export class FamilyBuilder {
  private readonly samples: Sample[] = [];

  /** Throws on a name that would make the whole exposition invalid (the collector fails). */
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: MetricType,
  ) {
    if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name "${name}"`);
  }

  add(value: number, labels: Labels = {}): this {
    this.samples.push({ labels, value });
    return this;
  }

  get size(): number {
    return this.samples.length;
  }

  build(): MetricFamily {
    return { name: this.name, help: this.help, type: this.type, samples: this.samples };
  }
}

export function gauge(name: string, help: string): FamilyBuilder {
  return new FamilyBuilder(name, help, 'gauge');
}

export function counter(name: string, help: string): FamilyBuilder {
  return new FamilyBuilder(name, help, 'counter');
}

/** A family with a single unlabelled sample. */
export function single(name: string, help: string, type: MetricType, value: number): MetricFamily {
  return new FamilyBuilder(name, help, type).add(value).build();
}

/** Builders keyed by name, for collectors that emit many families from one table. */
export class FamilySet {
  private readonly byName = new Map<string, FamilyBuilder>();

  get(name: string, help: string, type: MetricType): FamilyBuilder {
    let family = this.byName.get(name);
    if (!family) {
      family = new FamilyBuilder(name, help, type);
      this.byName.set(name, family);
    }
    return family;
  }

  build(): MetricFamily[] {
    return [...this.byName.values()].filter((f) => f.size > 0).map((f) => f.build());
  }
}

/** Join families of the same name (from several sources) into one each, keeping order. */
export function mergeFamilies(families: readonly MetricFamily[]): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const f of families) {
    const seen = byName.get(f.name);
    byName.set(f.name, seen ? { ...seen, samples: [...seen.samples, ...f.samples] } : f);
  }
  return [...byName.values()];
}
