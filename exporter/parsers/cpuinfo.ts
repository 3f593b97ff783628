import { ParseError } from './parse-error.js';

/** One processor of /proc/cpuinfo, with the fields node_exporter's node_cpu_info reads. */
export interface CpuinfoEntry {
  /** The `processor` number (logical CPU). */
  readonly processor: number;
  readonly vendorId: string;
  readonly cpuFamily: string;
  readonly model: string;
  readonly modelName: string;
  readonly stepping: string;
  readonly microcode: string;
  /** As written, with its unit ("8192 KB"). */
  readonly cacheSize: string;
  readonly physicalId: string;
  readonly coreId: string;
  readonly flags: readonly string[];
  readonly bugs: readonly string[];
}

/**
 * /proc/cpuinfo's layout differs by architecture. `x86` is the `key : value` block per
 * processor of x86 (and the fallback for any other architecture); `arm` is ARM's, where the
 * flags are the `Features` line and 32-bit kernels begin with a shared `Processor` line.
 */
export type CpuinfoLayout = 'x86' | 'arm';

/** The layout of /proc/cpuinfo on a Node.js `process.arch`. */
export function cpuinfoLayout(arch: string): CpuinfoLayout {
  return arch === 'arm' || arch === 'arm64' ? 'arm' : 'x86';
}

type Entry = { -readonly [K in keyof CpuinfoEntry]: CpuinfoEntry[K] };

const emptyEntry = (processor: number): Entry => ({
  processor,
  vendorId: '',
  cpuFamily: '',
  model: '',
  modelName: '',
  stepping: '',
  microcode: '',
  cacheSize: '',
  physicalId: '',
  coreId: '',
  flags: [],
  bugs: [],
});

/**
 * An unsigned integer as Go's strconv.ParseUint(text, 0, 32) reads it: decimal, 0x hex,
 * 0o / leading-0 octal, 0b binary, underscores between digits.
 */
const UINT_FORMS: ReadonlyArray<[RegExp, string]> = [
  [/^0[xX](_?[0-9a-fA-F])+$/, ''],
  [/^0[oO](_?[0-7])+$/, ''],
  [/^0[bB](_?[01])+$/, ''],
  [/^0(_?[0-7])*$/, '0o'],
  [/^[1-9](_?[0-9])*$/, ''],
];

function uint32(text: string, what: string, lineNo: number): number {
  for (const [form, prefix] of UINT_FORMS) {
    if (!form.test(text)) continue;
    const value = Number(BigInt(prefix + text.replaceAll('_', '')));
    if (value <= 0xffff_ffff) return value;
    throw new ParseError(`${what}: ${text} is out of range`, lineNo);
  }
  throw new ParseError(`${what}: expected an unsigned integer, got "${text}"`, lineNo);
}

const DECIMAL_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_FLOAT = /^[+-]?(inf|infinity|nan)$/i;
const HEX_FLOAT = /^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/;

/** Check a field that node_exporter parses as a float (and fails the collector on). */
function checkFloat(text: string, what: string, lineNo: number): void {
  if (DECIMAL_FLOAT.test(text) && Number.isFinite(Number(text))) return;
  if (SPECIAL_FLOAT.test(text) || HEX_FLOAT.test(text)) return;
  throw new ParseError(`${what}: expected a number, got "${text}"`, lineNo);
}

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');

interface Line {
  readonly lineNo: number;
  /** The text before the first ": ", trimmed; the whole line when there is none. */
  readonly key: string;
  /** The text after the first ": ", untrimmed; undefined when there is none. */
  readonly value: string | undefined;
}

/** The lines that hold a colon (the others are ignored), split at the first ": ". */
function* fieldLines(text: string): Generator<Line> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (!line.includes(':')) continue;
    const at = line.indexOf(': ');
    yield at < 0
      ? { lineNo: i + 1, key: line.trim(), value: undefined }
      : { lineNo: i + 1, key: line.slice(0, at).trim(), value: line.slice(at + 2) };
  }
}

/** The first non-blank line; it names the layout's first processor. */
function firstLine(text: string, accepts: RegExp): Line {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '') continue;
    const at = line.indexOf(': ');
    if (!accepts.test(line) || !line.includes(':') || at < 0)
      throw new ParseError(`expected a processor line first, got "${line}"`, i + 1);
    return { lineNo: i + 1, key: line.slice(0, at).trim(), value: line.slice(at + 2) };
  }
  throw new ParseError('no processor in /proc/cpuinfo');
}

function parseX86(text: string): CpuinfoEntry[] {
  const first = firstLine(text, /^processor/);
  const cpus: Entry[] = [emptyEntry(uint32(first.value as string, 'processor', first.lineNo))];
  let cpu = cpus[0] as Entry;
  for (const { key, value, lineNo } of fieldLines(text)) {
    if (lineNo === first.lineNo) continue; // read above
    const v = value as string;
    switch (key) {
      case 'processor':
        cpu = emptyEntry(uint32(v, key, lineNo));
        cpus.push(cpu);
        break;
      case 'vendor':
      case 'vendor_id':
        cpu.vendorId = v;
        break;
      case 'cpu family':
        cpu.cpuFamily = v;
        break;
      case 'model':
        cpu.model = v;
        break;
      case 'model name':
        cpu.modelName = v;
        break;
      case 'stepping':
        cpu.stepping = v;
        break;
      case 'microcode':
        cpu.microcode = v;
        break;
      case 'cache size':
        cpu.cacheSize = v;
        break;
      case 'physical id':
        cpu.physicalId = v;
        break;
      case 'core id':
        cpu.coreId = v;
        break;
      case 'flags':
        cpu.flags = words(v);
        break;
      case 'bugs':
        cpu.bugs = words(v);
        break;
      case 'cpu MHz':
      case 'bogomips':
        checkFloat(v, key, lineNo);
        break;
      case 'siblings':
      case 'cpu cores':
      case 'cpuid level':
      case 'clflush size':
      case 'cache_alignment':
        uint32(v, key, lineNo);
        break;
    }
  }
  return cpus;
}

function parseArm(text: string): CpuinfoEntry[] {
  const first = firstLine(text, /^[Pp]rocessor/);
  // 32-bit kernels open with "Processor : <model>" shared by every CPU listed after it.
  const shared = first.key === 'Processor';
  const common = emptyEntry(0);
  if (shared) common.modelName = first.value as string;
  const cpus: Entry[] = shared
    ? []
    : [emptyEntry(uint32(first.value as string, 'processor', first.lineNo))];
  let features: Line | undefined;
  for (const line of fieldLines(text)) {
    const { key, value, lineNo } = line;
    if (lineNo === first.lineNo) continue; // read above
    const v = value as string;
    switch (key) {
      case 'processor':
        cpus.push({ ...common, processor: uint32(v, key, lineNo) });
        break;
      case 'BogoMIPS':
        // A single-CPU 32-bit kernel lists no processor line, only its BogoMIPS.
        if (cpus.length === 0) cpus.push({ ...common, processor: 0 });
        checkFloat(v, key, lineNo);
        break;
      case 'Features':
        features = line;
        break;
      case 'model name': {
        const cpu = cpus.at(-1);
        if (!cpu) throw new ParseError('model name before any processor', lineNo);
        cpu.modelName = v;
        break;
      }
    }
  }
  if (cpus.length > 0 && features === undefined)
    throw new ParseError('no Features line in /proc/cpuinfo');
  // The last Features line applies to every CPU, as node_exporter reads it.
  for (const cpu of cpus) cpu.flags = words(features?.value ?? '');
  return cpus;
}

/**
 * Parse /proc/cpuinfo as node_exporter 1.5 (procfs) does: values are taken as written after
 * the first ": " (untrimmed); a malformed number in a field it parses (processor, cpu MHz,
 * siblings, …) is an error, as it fails node_exporter's cpu collector.
 */
export function parseCpuinfo(text: string, layout: CpuinfoLayout = 'x86'): CpuinfoEntry[] {
  return layout === 'arm' ? parseArm(text) : parseX86(text);
}
