/** The parts of Grafana's dashboard JSON the tests read. */
export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type: string; uid: string };
  gridPos?: { x: number; y: number; w: number; h: number };
  fieldConfig?: { defaults?: { unit?: string } };
  targets?: Array<{ expr: string; instant?: boolean; datasource?: { uid: string } }>;
  panels?: Panel[];
}

export interface Variable {
  name: string;
  type: string;
  query?: string;
  datasource?: { uid: string };
  current?: { value: string };
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Variable[] };
  annotations?: { list?: Array<{ name: string; expr?: string }> };
}

/** Every panel, rows and the panels of collapsed rows included. */
export function panelsOf(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/**
 * Every PromQL expression of a dashboard: panel queries, query variables (as `$name`) and
 * annotations, each with where it comes from.
 */
export function exprsOf(d: Dashboard, name: string): Array<{ where: string; expr: string }> {
  const out: Array<{ where: string; expr: string }> = [];
  for (const p of panelsOf(d))
    for (const t of p.targets ?? []) out.push({ where: `${name}: ${p.title}`, expr: t.expr });
  for (const v of d.templating.list)
    if (v.type === 'query' && v.query) out.push({ where: `${name}: $${v.name}`, expr: v.query });
  for (const a of d.annotations?.list ?? [])
    if (a.expr) out.push({ where: `${name}: annotation ${a.name}`, expr: a.expr });
  return out;
}
