/** The data model every collector produces: plain values, serialised once per scrape. */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  /** Suffix appended to the family name (`_bucket`, `_sum`, `_count`); empty for plain samples. */
  readonly suffix?: string;
  readonly labels: Labels;
  readonly value: number;
}

export interface MetricFamily {
  /** Full name as exposed in the text format; counters carry their `_total`. */
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly Sample[];
}
