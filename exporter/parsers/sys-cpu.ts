import { ParseError } from './parse-error.js';

/** The most CPUs one range may span: a CPU number is 16 bits in node_exporter. */
const MAX_RANGE = 0x1_0000;

/** A CPU number as Go's strconv.Atoi reads it, then narrowed to 16 bits as node_exporter does. */
function cpuNumber(text: string, what: string): number {
  if (!/^[+-]?\d+$/.test(text))
    throw new ParseError(`${what}: expected a CPU number, got "${text}"`, 1);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new ParseError(`${what}: ${text} is out of range`, 1);
  return n;
}

/**
 * Parse a kernel CPU list such as /sys/devices/system/cpu/isolated ("1,3-5,9"): the CPU
 * numbers in the order listed, each once. An empty list (the kernel writes "\n") is [].
 */
export function parseCpuList(text: string): number[] {
  const cpus = new Set<number>();
  for (const part of text.replace(/\n$/, '').split(',')) {
    if (part === '') continue;
    if (!part.includes('-')) {
      cpus.add(cpuNumber(part, 'cpu') & 0xffff);
      continue;
    }
    const bounds = part.split('-');
    if (bounds.length !== 2) throw new ParseError(`invalid cpu range "${part}"`, 1);
    const start = cpuNumber(bounds[0] as string, 'cpu range start');
    const end = cpuNumber(bounds[1] as string, 'cpu range end');
    if (end - start >= MAX_RANGE) throw new ParseError(`cpu range "${part}" is too long`, 1);
    for (let cpu = start; cpu <= end; cpu++) cpus.add(cpu & 0xffff);
  }
  return [...cpus];
}
