import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDiskstats } from '../../exporter/parsers/diskstats.js';
import { parseLoadavg } from '../../exporter/parsers/loadavg.js';
import { parseMeminfo } from '../../exporter/parsers/meminfo.js';
import { parseMounts } from '../../exporter/parsers/mounts.js';
import { parseNetDev } from '../../exporter/parsers/net-dev.js';
import { parseNetSockets } from '../../exporter/parsers/net-sockets.js';
import { parseOsRelease } from '../../exporter/parsers/os-release.js';
import { ParseError } from '../../exporter/parsers/parse-error.js';
import { parsePidStat } from '../../exporter/parsers/pid-stat.js';
import {
  parseMaxOpenFiles,
  parsePidIo,
  parsePidStatus,
} from '../../exporter/parsers/pid-status.js';
import { parsePressure } from '../../exporter/parsers/pressure.js';
import { parseProcStat } from '../../exporter/parsers/proc-stat.js';
import { parseUdevProperties } from '../../exporter/parsers/udev.js';
import { mutated } from '../helpers/mutate.js';

const fixture = (path: string) =>
  readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

/** Each parser of outside input, with a real file it reads. */
const PARSERS: Array<[string, (text: string) => unknown, string]> = [
  ['parseProcStat', parseProcStat, 'host/proc/stat'],
  ['parseMeminfo', parseMeminfo, 'host/proc/meminfo'],
  ['parseLoadavg', parseLoadavg, 'host/proc/loadavg'],
  ['parseDiskstats', parseDiskstats, 'host/proc/diskstats'],
  ['parseNetDev', parseNetDev, 'host/proc/net/dev'],
  ['parseMounts', parseMounts, 'host/proc/1/mounts'],
  ['parsePressure', parsePressure, 'host/proc/pressure/io'],
  ['parseOsRelease', parseOsRelease, 'host/root/etc/os-release'],
  ['parseUdevProperties', parseUdevProperties, 'host/root/run/udev/data/b254:0'],
  ['parsePidStat', parsePidStat, 'procs/proc/3/stat'],
  ['parsePidStatus', parsePidStatus, 'procs/proc/3/status'],
  ['parsePidIo', parsePidIo, 'procs/proc/3/io'],
  ['parseMaxOpenFiles', parseMaxOpenFiles, 'procs/proc/3/limits'],
  ['parseNetSockets', parseNetSockets, 'procs/proc/net/tcp'],
];

describe.each(PARSERS)('%s on mutated real input', (_name, parse, file) => {
  const text = fixture(file);

  it('parses the unmutated file', () => {
    expect(() => parse(text)).not.toThrow();
  });

  it('returns a result or throws ParseError, never anything else', () => {
    fc.assert(
      fc.property(mutated(text), (input) => {
        try {
          parse(input);
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
        }
      }),
      { numRuns: 300 },
    );
  });
});
