/** The host signals the anomaly collector reads from /proc itself. */
export const SIGNALS = ['cpu', 'memory', 'load', 'disk_io', 'network'] as const;
export type Signal = (typeof SIGNALS)[number];

/**
 * Signals taken from other collectors, named `kind:what`: `process:<group>` (CPU seconds a
 * second of a process group), `log:<source>/<rule>` (matches a second of a log rule) and
 * `api:<target>/<metric>` (an API value).
 */
export const WORKLOAD_SIGNAL = /^(process|log|api):(.+)$/;

/** The collector a workload signal reads from. */
export const SIGNAL_COLLECTOR = { process: 'process_groups', log: 'logs', api: 'apis' } as const;

export function isSignalName(name: string): boolean {
  return (SIGNALS as readonly string[]).includes(name) || WORKLOAD_SIGNAL.test(name);
}
