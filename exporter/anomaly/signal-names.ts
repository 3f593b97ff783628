/** The host signals the anomaly collector can watch (config: collectors.anomaly.signals). */
export const SIGNALS = ['cpu', 'memory', 'load', 'disk_io', 'network'] as const;
export type Signal = (typeof SIGNALS)[number];
