import { goInt64 } from './go-numbers.js';

/** A RAPL zone's name as procfs splits it: `package-0` is `package` with index 0. */
export interface RaplZoneName {
  readonly name: string;
  /** The index the name carries after its one `-`, or null when it carries none. */
  readonly index: number | null;
}

/**
 * The name file of a /sys/class/powercap zone (`package-0`, `core`, `dram`): surrounding
 * whitespace is dropped; a name of exactly two `-`-separated parts whose second is an
 * integer (Go's Atoi) gives that index. Any text is a name, so nothing here is malformed;
 * the energy counters are read with parseSysUint.
 */
export function parseRaplZoneName(text: string): RaplZoneName {
  const name = text.trim();
  const parts = name.split('-');
  if (parts.length === 2) {
    const index = goInt64(parts[1] as string);
    if (index !== null) return { name: parts[0] as string, index };
  }
  return { name, index: null };
}
