import { num } from './fields.js';
import { ParseError } from './parse-error.js';

/** One row of /proc/interrupts. */
export interface InterruptRow {
  /** The row's name without its colon: an IRQ number (`"16"`) or a mnemonic (`"LOC"`). */
  readonly name: string;
  /**
   * For a numbered IRQ, the column after the counts (the chip, `IR-IO-APIC`); for a named
   * row, all the text after the counts (`Local timer interrupts`).
   */
  readonly info: string;
  /** For a numbered IRQ, the rest of the line, joined by single spaces; else empty. */
  readonly devices: string;
  /** Count per CPU, in the header's column order. */
  readonly counts: readonly number[];
}

const SIGNED_INTEGER = /^[+-]?\d+$/;
const COUNT = /^\d+$/;

/**
 * Parse /proc/interrupts as node_exporter 1.5 does: the header gives the number of CPU
 * columns; a row needs its name, one count per CPU and at least one more column, so the
 * short `ERR:` and `MIS:` rows are skipped. A row's name is its first column less the last
 * character (the colon); a later row of the same name replaces an earlier one.
 */
export function parseInterrupts(text: string): InterruptRow[] {
  const lines = text.split('\n');
  const header = lines[0]?.trim() ?? '';
  if (header === '') throw new ParseError('expected a header of CPU columns', 1);
  const cpus = header.split(/\s+/).length;
  const rows = new Map<string, InterruptRow>();
  for (let i = 1; i < lines.length; i++) {
    const parts = (lines[i] as string).trim().split(/\s+/);
    if (parts.length < cpus + 2) continue;
    const lineNo = i + 1;
    const name = (parts[0] as string).slice(0, -1);
    const counts = parts.slice(1, cpus + 1).map((value, cpu) => {
      if (!COUNT.test(value))
        throw new ParseError(`${name}: CPU ${cpu}: expected a count, got "${value}"`, lineNo);
      return num(value, `${name} count`, lineNo);
    });
    const numbered = SIGNED_INTEGER.test(name);
    rows.delete(name);
    rows.set(name, {
      name,
      info: numbered ? (parts[cpus + 1] as string) : parts.slice(cpus + 1).join(' '),
      devices: numbered ? parts.slice(cpus + 2).join(' ') : '',
      counts,
    });
  }
  return [...rows.values()];
}
