import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE, HOST, type Placed } from './panels.js';

/** A section of a dashboard: a row header and the panels under it, laid out left to right. */
export interface Section {
  title: string;
  panels: Placed[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  /** The metric whose `job` and `instance` labels fill the variables. */
  hostMetric: string;
  /** More variables, after datasource, job and instance. */
  variables?: dashboard.QueryVariableBuilder[];
  sections: Section[];
}

/** The provisioned Prometheus data source (grafana/provisioning/datasources/vigil.yml). */
export const DATASOURCE_UID = 'vigil-prometheus';

/** A query variable on the dashboard's data source, refreshed when the time range changes. */
export function queryVariable(
  name: string,
  label: string,
  query: string,
  multi = false,
): dashboard.QueryVariableBuilder {
  const v = new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
  if (multi) v.multi(true).includeAll(true).allValue('.*');
  return v;
}

/**
 * Build a dashboard: the datasource, job and instance variables, firing alerts of the
 * instance as annotations, and each section's panels placed in a 24-column grid with
 * unique ids.
 */
export function buildDashboard(spec: DashboardSpec): Record<string, unknown> {
  const d = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['vigil'])
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .timezone('browser')
    .withVariable(
      new dashboard.DatasourceVariableBuilder('datasource')
        .label('Data source')
        .type('prometheus')
        .current({ selected: true, text: 'Prometheus', value: DATASOURCE_UID }),
    )
    .withVariable(queryVariable('job', 'Job', `label_values(${spec.hostMetric}, job)`))
    .withVariable(
      queryVariable(
        'instance',
        'Instance',
        `label_values(${spec.hostMetric}{job="$job"}, instance)`,
      ),
    )
    .annotation(
      new dashboard.AnnotationQueryBuilder()
        .name('Firing alerts')
        .datasource(DATASOURCE)
        .enable(true)
        .iconColor('red')
        .expr(`ALERTS{alertstate="firing",${HOST}}`)
        .titleFormat('{{alertname}}')
        .textFormat('{{alertname}} ({{severity}})')
        .step('60s')
        .useValueForTime(false),
    );
  for (const v of spec.variables ?? []) d.withVariable(v);

  let id = 1;
  let y = 0;
  for (const section of spec.sections) {
    d.withRow(new dashboard.RowBuilder(section.title).id(id++).gridPos({ x: 0, y, w: 24, h: 1 }));
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const p of section.panels) {
      if (x + p.w > 24) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      p.panel.id(id++).gridPos({ x, y, w: p.w, h: p.h });
      d.withPanel(p.panel);
      x += p.w;
      rowHeight = Math.max(rowHeight, p.h);
    }
    y += rowHeight;
  }
  return d.build() as unknown as Record<string, unknown>;
}
