const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 24 * 3600],
  ['w', 7 * 24 * 3600],
  ['d', 24 * 3600],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
  ['ms', 0.001],
];

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Parse a Prometheus duration (`1h30m`, `5s`, `250ms`) into seconds; null when malformed. */
export function parseDuration(text: string): number | null {
  if (text === '') return null;
  if (text === '0') return 0;
  const match = DURATION.exec(text);
  if (!match) return null;
  let seconds = 0;
  UNITS.forEach(([, factor], i) => {
    const part = match[i + 1];
    if (part !== undefined) seconds += Number(part) * factor;
  });
  return seconds;
}

export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  let rest = Math.round(seconds * 1000) / 1000;
  let out = '';
  for (const [unit, factor] of UNITS) {
    if (unit === 'ms') break;
    const n = Math.floor(rest / factor);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * factor;
    }
  }
  if (rest > 0) out += `${Math.round(rest * 1000)}ms`;
  return out;
}
