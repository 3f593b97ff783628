import { endianness } from 'node:os';
import { defineCollector } from '../core/collector.js';
import { errnoName, loadLibc } from '../core/libc.js';
import { counter, gauge } from '../exposition/family.js';
import type { MetricFamily } from '../exposition/types.js';
import {
  decodeTimex,
  type TimexLayout,
  type TimexValues,
  timexOffsets,
  timexValues,
} from '../parsers/timex.js';

/** adjtimex(2) bound through koffi: fills the buffer, returns the clock state (or -1). */
interface AdjtimexBinding {
  readonly layout: TimexLayout;
  /** Zeroed before each call: modes = 0 asks for a read and changes nothing. */
  readonly buffer: Buffer;
  readonly call: (buffer: Buffer) => number;
  readonly errno: () => number;
}

let binding: Promise<AdjtimexBinding> | undefined;

/**
 * Bind adjtimex the first time the collector runs. A failure (no loadable koffi, a C library
 * without adjtimex) is kept: every collection fails with the same message, which the runner
 * logs once.
 */
function loadBinding(): Promise<AdjtimexBinding> {
  binding ??= (async () => {
    if (process.platform !== 'linux')
      throw new Error(`adjtimex(2) is Linux's; not available on ${process.platform}`);
    const { koffi, lib } = await loadLibc();
    const call = lib.func('int adjtimex(void *buf)') as (buffer: Buffer) => number;
    const longBytes = koffi.sizeof('long');
    if (longBytes !== 4 && longBytes !== 8) throw new Error(`unexpected C long of ${longBytes}`);
    const layout: TimexLayout = { longBytes, littleEndian: endianness() === 'LE' };
    // Room to spare: the C library writes its own sizeof(struct timex) (208 bytes on 64-bit
    // Linux), and a wrong guess must not let it write past the buffer.
    const buffer = Buffer.alloc(Math.max(512, timexOffsets(layout).size));
    return { layout, buffer, call, errno: () => koffi.errno() };
  })();
  return binding;
}

const METRICS: readonly [
  key: keyof TimexValues,
  name: string,
  help: string,
  type: 'gauge' | 'counter',
][] = [
  [
    'syncStatus',
    'sync_status',
    'Is clock synchronized to a reliable server (1 = yes, 0 = no).',
    'gauge',
  ],
  [
    'offsetSeconds',
    'offset_seconds',
    'Time offset in between local system and reference clock.',
    'gauge',
  ],
  [
    'frequencyAdjustmentRatio',
    'frequency_adjustment_ratio',
    'Local clock frequency adjustment.',
    'gauge',
  ],
  ['maxerrorSeconds', 'maxerror_seconds', 'Maximum error in seconds.', 'gauge'],
  ['estimatedErrorSeconds', 'estimated_error_seconds', 'Estimated error in seconds.', 'gauge'],
  ['status', 'status', 'Value of the status array bits.', 'gauge'],
  ['loopTimeConstant', 'loop_time_constant', 'Phase-locked loop time constant.', 'gauge'],
  ['tickSeconds', 'tick_seconds', 'Seconds between clock ticks.', 'gauge'],
  ['ppsFrequencyHertz', 'pps_frequency_hertz', 'Pulse per second frequency.', 'gauge'],
  ['ppsJitterSeconds', 'pps_jitter_seconds', 'Pulse per second jitter.', 'gauge'],
  ['ppsShiftSeconds', 'pps_shift_seconds', 'Pulse per second interval duration.', 'gauge'],
  [
    'ppsStabilityHertz',
    'pps_stability_hertz',
    'Pulse per second stability, average of recent frequency changes.',
    'gauge',
  ],
  [
    'ppsJitterTotal',
    'pps_jitter_total',
    'Pulse per second count of jitter limit exceeded events.',
    'counter',
  ],
  [
    'ppsCalibrationTotal',
    'pps_calibration_total',
    'Pulse per second count of calibration intervals.',
    'counter',
  ],
  ['ppsErrorTotal', 'pps_error_total', 'Pulse per second count of calibration errors.', 'counter'],
  [
    'ppsStabilityExceededTotal',
    'pps_stability_exceeded_total',
    'Pulse per second count of stability limit exceeded events.',
    'counter',
  ],
  ['taiOffsetSeconds', 'tai_offset_seconds', 'International Atomic Time (TAI) offset.', 'gauge'],
];

/** The node_timex_* families for one reading. */
export function timexFamilies(values: TimexValues): MetricFamily[] {
  return METRICS.map(([key, name, help, type]) =>
    (type === 'counter' ? counter : gauge)(`node_timex_${name}`, help).add(values[key]).build(),
  );
}

export const timexCollector = defineCollector({
  name: 'timex',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Kernel clock discipline (NTP) state read with adjtimex(2), through koffi.',
  create: () => ({
    async collect() {
      // node_exporter has no timex collector off Linux: the source is absent, not failing.
      if (process.platform !== 'linux') return [];
      const b = await loadBinding();
      b.buffer.fill(0);
      const state = b.call(b.buffer);
      if (state < 0) {
        throw new Error(`adjtimex(2) failed: ${errnoName(b.errno())}`);
      }
      return timexFamilies(timexValues(state, decodeTimex(b.buffer, b.layout)));
    },
  }),
});
