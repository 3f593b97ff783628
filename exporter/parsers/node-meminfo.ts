import { num, numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

export interface NodeMeminfoField {
  /** The node number the line names (`Node 0 MemTotal: ...`). */
  readonly node: string;
  /** Metric-safe key: `Active(anon)` becomes `Active_anon`. */
  readonly key: string;
  /** In bytes when the kernel gave kB, else the count as it is. */
  readonly value: number;
}

/** Parse /sys/devices/system/node/node<N>/meminfo: `Node 0 Active(anon):  691324 kB`. */
export function parseNodeMeminfo(text: string): NodeMeminfoField[] {
  const fields: NodeMeminfoField[] = [];
  for (const [line, lineNo] of numberedLines(text)) {
    const parts = line.trim().split(/\s+/);
    if (parts[0] !== 'Node' || parts.length < 4 || parts.length > 5)
      throw new ParseError(`expected "Node N Key: value [kB]", got "${line}"`, lineNo);
    const [, node, rawKey, rawValue, unit] = parts as [string, string, string, string, string?];
    if (unit !== undefined && unit !== 'kB')
      throw new ParseError(`${rawKey} unknown unit "${unit}"`, lineNo);
    const key = rawKey.replace(/:+$/, '').replace(/\((.*)\)/g, '_$1');
    if (!/^\w+$/.test(key)) throw new ParseError(`"${rawKey}" is not a meminfo key`, lineNo);
    const value = num(rawValue, key, lineNo);
    fields.push({ node, key, value: unit ? value * 1024 : value });
  }
  return fields;
}

export interface NumastatField {
  /** The counter as the kernel names it: numa_hit, local_node, ... */
  readonly key: string;
  readonly value: number;
}

/** Parse /sys/devices/system/node/node<N>/numastat: `numa_hit 193460335812` lines. */
export function parseNumastat(text: string): NumastatField[] {
  const fields: NumastatField[] = [];
  for (const [line, lineNo] of numberedLines(text)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 2) throw new ParseError(`expected "key value", got "${line}"`, lineNo);
    const [key, value] = parts as [string, string];
    if (!/^\w+$/.test(key)) throw new ParseError(`"${key}" is not a numastat key`, lineNo);
    fields.push({ key, value: num(value, key, lineNo) });
  }
  return fields;
}
