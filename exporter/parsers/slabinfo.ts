import { numberedLines } from './fields.js';
import { ParseError } from './parse-error.js';

export interface Slab {
  readonly name: string;
  readonly activeObjects: number;
  readonly objects: number;
  readonly objectSizeBytes: number;
  readonly objectsPerSlab: number;
  readonly pagesPerSlab: number;
}

/** The columns of a slabinfo 2.1 row that are numbers (the others are `:`, `tunables`, ...). */
const NUMERIC_COLUMNS = [1, 2, 3, 4, 5, 8, 9, 10, 13, 14, 15];

/**
 * Parse /proc/slabinfo version 2.1 (every kernel since 2.6.10): after the version and `# name`
 * header lines, `name active_objs num_objs objsize objperslab pagesperslab : tunables limit
 * batchcount sharedfactor : slabdata active_slabs num_slabs sharedavail`.
 */
export function parseSlabinfo(text: string): Slab[] {
  const slabs: Slab[] = [];
  for (const [line, lineNo] of numberedLines(text)) {
    if (line.includes('slabinfo -') || line.includes('# name')) continue;
    const cols = line.trim().split(/\s+/);
    if (cols.length !== 16)
      throw new ParseError(`expected 16 slabinfo 2.1 columns, got ${cols.length}`, lineNo);
    const values: number[] = [];
    for (const i of NUMERIC_COLUMNS) {
      const text = cols[i] as string;
      if (!/^[+-]?\d+$/.test(text))
        throw new ParseError(
          `${cols[0]} column ${i + 1}: expected an integer, got "${text}"`,
          lineNo,
        );
      values[i] = Number(text);
    }
    slabs.push({
      name: cols[0] as string,
      activeObjects: values[1] as number,
      objects: values[2] as number,
      objectSizeBytes: values[3] as number,
      objectsPerSlab: values[4] as number,
      pagesPerSlab: values[5] as number,
    });
  }
  return slabs;
}
