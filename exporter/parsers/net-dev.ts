import { num } from './fields.js';
import { ParseError } from './parse-error.js';

export interface NetDevStats {
  readonly device: string;
  /** Keyed `receive_bytes`, `transmit_colls`, … as node_exporter names them. */
  readonly stats: ReadonlyMap<string, number>;
}

/**
 * Parse /proc/net/dev. Column names come from the two header lines, so a kernel that adds
 * or reorders columns is read correctly.
 */
export function parseNetDev(text: string): NetDevStats[] {
  const lines = text.split('\n');
  const header = lines[1];
  if (!header?.includes('|')) throw new ParseError('expected the column header on line 2', 2);
  const [, rx, tx] = header.split('|');
  if (rx === undefined || tx === undefined)
    throw new ParseError('expected receive and transmit column groups', 2);
  const columns = [
    ...rx
      .trim()
      .split(/\s+/)
      .map((c) => `receive_${c}`),
    ...tx
      .trim()
      .split(/\s+/)
      .map((c) => `transmit_${c}`),
  ];
  const devices: NetDevStats[] = [];
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw new ParseError(`expected "device: counters", got "${line.trim()}"`, i + 1);
    const device = line.slice(0, colon).trim();
    const values = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (values.length < columns.length) {
      throw new ParseError(
        `${device}: expected ${columns.length} counters, got ${values.length}`,
        i + 1,
      );
    }
    const stats = new Map<string, number>();
    columns.forEach((column, j) => {
      stats.set(column, num(values[j], `${device} ${column}`, i + 1));
    });
    devices.push({ device, stats });
  }
  return devices;
}
