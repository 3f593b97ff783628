import { counter, FamilyBuilder } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import type { LogRuleConfig } from './config.js';
import { dependsOnLineEnds, positionalCaptures, requiredLiteral } from './pattern-analysis.js';

/** Label values longer than this are cut: a log line must not create huge series. */
const MAX_LABEL_VALUE = 128;

interface Series {
  readonly labels: Record<string, string>;
  value: number;
  readonly buckets?: number[];
  sum: number;
}

/**
 * Labels a source gives every line of a block (journal fields, a container's names), with
 * their values joined into a key once per block.
 */
export interface BlockLabels {
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Block labels of `names` with `values` in the same order, each value cut as capture labels are. */
export function blockLabels(names: readonly string[], values: readonly string[]): BlockLabels {
  const labels: Record<string, string> = {};
  names.forEach((name, i) => {
    labels[name] = (values[i] ?? '').slice(0, MAX_LABEL_VALUE);
  });
  return { key: names.map((n) => labels[n]).join('\u0000'), labels };
}

const REGEX_META = /[\\^$.*+?()[\]{}|]/;

/** The capture at `group` of a match, cut to MAX_LABEL_VALUE; empty when it took no part. */
function labelValue(m: RegExpExecArray | null, group: number): string {
  const value = m?.[group] ?? '';
  return value.length > MAX_LABEL_VALUE ? value.slice(0, MAX_LABEL_VALUE) : value;
}

/**
 * One log rule: its pattern, and the series it has counted since start. Rules work on blocks
 * of lines, with the fastest of three ways the pattern allows:
 *
 * - a plain string without captures is found with `indexOf` across the block;
 * - an expression that does not depend on line ends runs across the block, and only a match
 *   that spans a newline is checked again on its line alone;
 * - other expressions run line by line, on the lines that contain their required literal.
 */
export class LogRule {
  readonly name: string;
  private readonly regex: RegExp;
  private readonly mode: 'literal' | 'block' | 'lines';
  /** A line can match only when it contains this. */
  private readonly literal: string | null;
  /** Group numbers of the label captures, in the order of `config.labels`, and of the value. */
  private readonly labelGroups: number[];
  private readonly valueGroup: number;
  private readonly series = new Map<string, Series>();
  matches = 0;
  droppedSeries = 0;

  constructor(readonly config: LogRuleConfig) {
    this.name = config.name;
    const plain = !REGEX_META.test(config.match);
    const counting = config.labels.length === 0 && !config.value;
    this.literal = plain ? config.match : requiredLiteral(config.match);
    this.mode = plain && counting ? 'literal' : dependsOnLineEnds(config.match) ? 'lines' : 'block';
    const { pattern, groups } = positionalCaptures(config.match);
    this.regex = new RegExp(pattern, this.mode === 'block' ? 'g' : '');
    // A name the pattern lacks (the config check refuses it) reads as an empty capture.
    const group = (name: string) => groups.get(name) ?? Number.MAX_SAFE_INTEGER;
    this.labelGroups = config.labels.map(group);
    this.valueGroup = config.value === undefined ? 0 : group(config.value);
  }

  /** Labels of the block being matched, from its source. */
  private block: BlockLabels | undefined;

  /**
   * Apply the rule to complete lines joined by newlines (one line is a block too), all of
   * them with the same source labels, if any.
   */
  applyLines(text: string, labels?: BlockLabels): void {
    this.block = labels;
    if (this.mode === 'literal') this.countLiteral(text);
    else if (this.mode === 'block') this.matchBlock(text);
    else this.matchLines(text);
  }

  private countLiteral(text: string): void {
    const literal = this.literal as string;
    let at = text.indexOf(literal);
    while (at >= 0) {
      this.matches++;
      this.record(null, 1);
      const end = text.indexOf('\n', at + literal.length);
      if (end < 0) break;
      at = text.indexOf(literal, end + 1);
    }
  }

  private matchBlock(text: string): void {
    const re = this.regex;
    re.lastIndex = 0;
    for (;;) {
      const m = re.exec(text);
      if (m === null) break;
      let end = text.indexOf('\n', m.index);
      if (end < 0) end = text.length;
      if (m.index + m[0].length <= end) this.count(m);
      else this.matchLine(text.slice(text.lastIndexOf('\n', m.index) + 1, end));
      if (end >= text.length) break;
      re.lastIndex = end + 1;
    }
  }

  private matchLines(text: string): void {
    const literal = this.literal;
    let from = 0;
    while (from <= text.length) {
      if (literal !== null) {
        const at = text.indexOf(literal, from);
        if (at < 0) return;
        from = text.lastIndexOf('\n', at) + 1;
      }
      let end = text.indexOf('\n', from);
      if (end < 0) end = text.length;
      this.matchLine(text.slice(from, end));
      from = end + 1;
    }
  }

  private matchLine(line: string): void {
    this.regex.lastIndex = 0;
    const m = this.regex.exec(line);
    if (m !== null) this.count(m);
  }

  private count(m: RegExpExecArray): void {
    this.matches++;
    let amount = 1;
    if (this.config.value !== undefined) {
      amount = Number(m[this.valueGroup]) * this.config.scale;
      if (!Number.isFinite(amount)) return;
    }
    this.record(m, amount);
  }

  private record(m: RegExpExecArray | null, amount: number): void {
    const groups = this.labelGroups;
    const block = this.block;
    let key = block ? `${block.key}\u0001` : '';
    for (let i = 0; i < groups.length; i++) {
      const value = labelValue(m, groups[i] as number);
      key = i === 0 ? key + value : `${key}\u0000${value}`;
    }
    let s = this.series.get(key);
    if (!s) {
      const labels: Record<string, string> = { ...block?.labels };
      this.config.labels.forEach((name, i) => {
        labels[name] = labelValue(m, groups[i] as number);
      });
      s = this.newSeries(key, labels);
      if (!s) {
        this.droppedSeries++;
        return;
      }
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

  private newSeries(key: string, labels: Record<string, string>): Series | undefined {
    if (this.series.size >= this.config.max_series) return undefined;
    const s: Series = {
      labels,
      value: 0,
      sum: 0,
      buckets:
        this.config.type === 'histogram'
          ? new Array(this.config.buckets.length).fill(0)
          : undefined,
    };
    this.series.set(key, s);
    return s;
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
