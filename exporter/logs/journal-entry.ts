import { oneLine } from './lines.js';

/** One journal entry as vigil uses it: where it is, what it says, and the fields asked for. */
export interface JournalEntry {
  readonly cursor: string;
  /** MESSAGE, on one line: inner newlines become spaces. */
  readonly message: string;
  /** Values of the fields that become labels, in the order they were asked for. */
  readonly fields: readonly string[];
}

/**
 * A field's value in journalctl's JSON output: a string, an array of byte values for a value
 * that is not valid UTF-8 text, an array of those for a field that occurs more than once (the
 * first is used), or null for a value over journalctl's size limit without --all.
 */
function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length > 0) {
    if (typeof value[0] === 'number') return Buffer.from(value as number[]).toString('utf8');
    return fieldText(value[0]);
  }
  return undefined;
}

/**
 * Parse one line of `journalctl --output=json`. Undefined for a line that is not an entry
 * (not JSON, no cursor); an entry without a MESSAGE has an empty one.
 */
export function parseJournalLine(
  line: string,
  fields: readonly string[],
  maxMessageChars: number,
): JournalEntry | undefined {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  const cursor = record.__CURSOR;
  if (typeof cursor !== 'string' || cursor === '') return undefined;
  let message = fieldText(record.MESSAGE) ?? '';
  if (message.length > maxMessageChars) message = message.slice(0, maxMessageChars);
  return {
    cursor,
    message: oneLine(message),
    fields: fields.map((f) => fieldText(record[f]) ?? ''),
  };
}

/** The parts of a cursor that place an entry: the sequence number's series and value. */
export interface CursorPlace {
  readonly seqnumId: string;
  readonly seqnum: bigint;
}

/** `s=<seqnum id>;i=<seqnum, hex>;b=...;m=...;t=...;x=...`; undefined if unreadable. */
export function cursorPlace(cursor: string): CursorPlace | undefined {
  let seqnumId: string | undefined;
  let seqnum: bigint | undefined;
  for (const part of cursor.split(';')) {
    if (part.startsWith('s=')) seqnumId = part.slice(2);
    else if (part.startsWith('i=') && /^[0-9a-f]+$/i.test(part.slice(2)))
      seqnum = BigInt(`0x${part.slice(2)}`);
  }
  return seqnumId && seqnum !== undefined ? { seqnumId, seqnum } : undefined;
}

/** What resuming after a saved cursor found. */
export type Resume =
  /** The saved entry is still there: nothing was lost. */
  | { readonly kind: 'intact' }
  /** It was removed; `missed` entries between it and the oldest kept one were never read. */
  | { readonly kind: 'gap'; readonly missed: number }
  /** It was removed and the journal kept has another sequence: how many were lost is unknown. */
  | { readonly kind: 'lost' };

/**
 * Compare the saved cursor with the first entry the journal has at or after it (unfiltered),
 * or with none when the journal holds nothing there.
 */
export function resumeFrom(saved: string, first: string | undefined): Resume {
  if (first === undefined) return { kind: 'intact' };
  const a = cursorPlace(saved);
  const b = cursorPlace(first);
  if (!a || !b || a.seqnumId !== b.seqnumId)
    return saved === first ? { kind: 'intact' } : { kind: 'lost' };
  if (b.seqnum <= a.seqnum + 1n) return { kind: 'intact' };
  return { kind: 'gap', missed: Number(b.seqnum - a.seqnum - 1n) };
}
