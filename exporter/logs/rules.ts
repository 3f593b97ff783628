import type { VigilConfig } from '../config/schema.js';
import { counter, FamilyBuilder } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import { jsPattern } from './regex.js';

export type LogRuleConfig = VigilConfig['logs']['sources'][number]['rules'][number];

/** Label values longer than this are cut: a log line must not create huge series. */
const MAX_LABEL_VALUE = 128;

interface Series {
  readonly labels: Record<string, string>;
  value: number;
  readonly buckets?: number[];
  sum: number;
}

const REGEX_META = /[\\^$.*+?()[\]{}|]/;

/**
 * One log rule: its pattern, and the series it has counted since start. A pattern without
 * regular-expression syntax is matched with `includes`, which is several times faster.
 */
export class LogRule {
  readonly name: string;
  private readonly regex: RegExp | null;
  private readonly literal: string | null;
  private readonly series = new Map<string, Series>();
  matches = 0;
  droppedSeries = 0;

  constructor(readonly config: LogRuleConfig) {
    this.name = config.name;
    const plain = !REGEX_META.test(config.match);
    this.literal = plain && config.labels.length === 0 && !config.value ? config.match : null;
    this.regex = this.literal === null ? new RegExp(jsPattern(config.match)) : null;
  }

  /** Apply the rule to one line. */
  apply(line: string): void {
    if (this.literal !== null) {
      if (!line.includes(this.literal)) return;
      this.matches++;
      this.record({}, '', 1);
      return;
    }
    const m = (this.regex as RegExp).exec(line);
    if (!m) return;
    this.matches++;
    const groups = m.groups ?? {};
    let amount = 1;
    if (this.config.value !== undefined) {
      amount = Number(groups[this.config.value]) * this.config.scale;
      if (!Number.isFinite(amount)) return;
    }
    const labels: Record<string, string> = {};
    let key = '';
    for (const name of this.config.labels) {
      const value = (groups[name] ?? '').slice(0, MAX_LABEL_VALUE);
      labels[name] = value;
      key += `${value}\u0000`;
    }
    this.record(labels, key, amount);
  }

  private record(labels: Record<string, string>, key: string, amount: number): void {
    let s = this.series.get(key);
    if (!s) {
      if (this.series.size >= this.config.max_series) {
        this.droppedSeries++;
        return;
      }
      s = {
        labels,
        value: 0,
        sum: 0,
        buckets:
          this.config.type === 'histogram'
            ? new Array(this.config.buckets.length).fill(0)
            : undefined,
      };
      this.series.set(key, s);
    }
    if (!s.buckets) {
      s.value += amount;
      return;
    }
    s.value += 1;
    s.sum += amount;
    const bounds = this.config.buckets;
    for (let i = 0; i < bounds.length; i++)
      if (amount <= (bounds[i] as number)) (s.buckets[i] as number)++;
  }

  family(source: string): MetricFamily {
    const { metric, type } = this.config;
    const help = this.config.help ?? `Log lines of source ${source} matching rule ${this.name}.`;
    if (type === 'counter') {
      const f = counter(metric, help);
      for (const s of this.series.values()) f.add(s.value, s.labels);
      return f.build();
    }
    const f = new FamilyBuilder(metric, help, 'histogram');
    const samples = [];
    for (const s of this.series.values()) {
      this.config.buckets.forEach((le, i) => {
        samples.push({
          suffix: '_bucket',
          labels: { ...s.labels, le: String(le) },
          value: s.buckets?.[i] ?? 0,
        });
      });
      samples.push({ suffix: '_bucket', labels: { ...s.labels, le: '+Inf' }, value: s.value });
      samples.push({ suffix: '_sum', labels: s.labels, value: s.sum });
      samples.push({ suffix: '_count', labels: s.labels, value: s.value });
    }
    return { ...f.build(), samples };
  }
}
