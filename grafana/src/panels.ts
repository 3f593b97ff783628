import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** Every query goes to the data source chosen in the dashboard's `datasource` variable. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not JavaScript's.
export const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** The selector every query carries, so that one host is shown at a time. */
export const HOST = 'job="$job",instance="$instance"';

export interface Query {
  expr: string;
  legend?: string;
  /** Evaluated once at the end of the range (tables, stats). */
  instant?: boolean;
}

export interface PanelSpec {
  title: string;
  /** What the panel answers; shown as the panel's (i) tooltip. */
  description: string;
  unit: string;
  queries: Query[];
  /** Width in grid columns (24 across) and height in rows; 12 × 8 by default. */
  w?: number;
  h?: number;
}

export type Builder =
  | timeseries.PanelBuilder
  | stat.PanelBuilder
  | table.PanelBuilder
  | statetimeline.PanelBuilder;

/** A panel builder with the size it takes in its row. */
export interface Placed {
  panel: Builder;
  w: number;
  h: number;
}

function withQueries<B extends Builder>(builder: B, spec: PanelSpec, format?: string): B {
  builder.title(spec.title).description(spec.description).unit(spec.unit).datasource(DATASOURCE);
  spec.queries.forEach((q, i) => {
    const target = new prometheus.DataqueryBuilder()
      .datasource(DATASOURCE)
      .refId(String.fromCharCode(65 + i))
      .expr(q.expr)
      .legendFormat(q.legend ?? '__auto');
    if (q.instant) target.instant();
    else target.range();
    if (format === 'table') target.format(prometheus.PromQueryFormat.Table);
    builder.withTarget(target);
  });
  return builder;
}

function place(builder: Builder, spec: PanelSpec, w = 12, h = 8): Placed {
  return { panel: builder, w: spec.w ?? w, h: spec.h ?? h };
}

const legend = (asTable = false) =>
  new common.VizLegendOptionsBuilder()
    .displayMode(asTable ? common.LegendDisplayMode.Table : common.LegendDisplayMode.List)
    .placement(common.LegendPlacement.Bottom)
    .showLegend(true)
    .calcs(asTable ? ['lastNotNull', 'max'] : []);

export interface TimeSeriesSpec extends PanelSpec {
  stack?: boolean;
  min?: number;
  max?: number;
  /** Per-series settings, by the series' display name. */
  overrides?: Array<{ name: string; properties: dashboard.DynamicConfigValue[] }>;
  fillOpacity?: number;
  legendTable?: boolean;
}

export function timeSeries(spec: TimeSeriesSpec): Placed {
  const b = withQueries(new timeseries.PanelBuilder(), spec)
    .legend(legend(spec.legendTable))
    .tooltip(
      new common.VizTooltipOptionsBuilder()
        .mode(common.TooltipDisplayMode.Multi)
        .sort(common.SortOrder.Descending),
    )
    .lineWidth(1)
    .fillOpacity(spec.fillOpacity ?? (spec.stack ? 30 : 10))
    .showPoints(common.VisibilityMode.Never);
  if (spec.stack) b.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  if (spec.min !== undefined) b.min(spec.min);
  if (spec.max !== undefined) b.max(spec.max);
  for (const o of spec.overrides ?? []) b.overrideByName(o.name, o.properties);
  return place(b, spec);
}

export interface StatSpec extends PanelSpec {
  /** Steps of colour: [value, colour], the first from minus infinity. */
  thresholds?: Array<[number | null, string]>;
  mappings?: dashboard.ValueMapping[];
}

function thresholds(steps: Array<[number | null, string]>) {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(steps.map(([value, color]) => ({ value, color })));
}

export function statPanel(spec: StatSpec): Placed {
  const b = withQueries(new stat.PanelBuilder(), spec)
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  if (spec.thresholds) b.thresholds(thresholds(spec.thresholds));
  if (spec.mappings) b.mappings(spec.mappings);
  return place(b, spec, 4, 4);
}

export interface StateSpec extends PanelSpec {
  mappings: dashboard.ValueMapping[];
}

export function stateTimeline(spec: StateSpec): Placed {
  const b = withQueries(new statetimeline.PanelBuilder(), spec)
    .mappings(spec.mappings)
    .showValue(common.VisibilityMode.Never)
    .mergeValues(true)
    .legend(legend());
  return place(b, spec);
}

/** Instant queries shown as rows, one per series, with its labels as columns. */
export interface TableSpec extends PanelSpec {
  /** Labels to show, in order; the others are hidden. */
  columns: string[];
}

export function tablePanel(spec: TableSpec): Placed {
  const b = withQueries(
    new table.PanelBuilder(),
    { ...spec, queries: spec.queries.map((q) => ({ ...q, instant: true })) },
    'table',
  ).withTransformation({
    id: 'organize',
    options: {
      excludeByName: { Time: true, __name__: true, job: true, instance: true },
      indexByName: Object.fromEntries(spec.columns.map((c, i) => [c, i])),
    },
  });
  return place(b, spec, 12, 8);
}

/** Value mappings for a 1/0 series: the text and colour of each state. */
export function upDown(
  up = 'up',
  down = 'down',
  colors: [string, string] = ['green', 'red'],
): dashboard.ValueMapping[] {
  return [
    {
      type: dashboard.MappingType.ValueToText,
      options: {
        '1': { text: up, color: colors[0], index: 0 },
        '0': { text: down, color: colors[1], index: 1 },
      },
    },
  ];
}

/** Draw `upper` as the top of a filled band that reaches down to `lower`, with no lines. */
export function band(upper: string, lower: string, color: string) {
  const fixed = { id: 'color', value: { mode: 'fixed', fixedColor: color } };
  return [
    {
      name: upper,
      properties: [
        fixed,
        { id: 'custom.lineWidth', value: 0 },
        { id: 'custom.fillOpacity', value: 20 },
        { id: 'custom.fillBelowTo', value: lower },
      ],
    },
    {
      name: lower,
      properties: [
        fixed,
        { id: 'custom.lineWidth', value: 0 },
        { id: 'custom.fillOpacity', value: 0 },
      ],
    },
  ];
}
