import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePasswd } from '../../../exporter/parsers/passwd.js';
import { PF_KTHREAD, parsePidStat } from '../../../exporter/parsers/pid-stat.js';
import {
  parseMaxOpenFiles,
  parsePidIo,
  parsePidStatus,
} from '../../../exporter/parsers/pid-status.js';

const fixture = (path: string) =>
  readFileSync(new URL(`../../fixtures/procs/proc/${path}`, import.meta.url), 'utf8');

describe('parsePidStat', () => {
  it('reads a real stat line', () => {
    const stat = parsePidStat(fixture('1/stat'));
    expect(stat).toMatchObject({
      pid: 1,
      comm: 'process_api',
      state: 'S',
      ppid: 0,
      utime: 65,
      stime: 133,
      numThreads: 11,
    });
    expect(stat.flags & PF_KTHREAD).toBe(0);
  });

  it('reads a command name containing ") (" and spaces', () => {
    expect(parsePidStat(fixture('4242/stat'))).toMatchObject({
      pid: 4242,
      comm: 'my) (odd) name',
      state: 'S',
      ppid: 1072,
    });
  });

  it('recognises kernel threads by PF_KTHREAD', () => {
    expect(parsePidStat(fixture('2/stat')).flags & PF_KTHREAD).not.toBe(0);
  });

  it('rejects a truncated line', () => {
    expect(() => parsePidStat('12 (sh) S 1 12')).toThrow(/expected at least 22 fields/);
    expect(() => parsePidStat('garbage')).toThrow(/expected "pid \(comm\) state/);
  });
});

describe('parsePidStatus, parsePidIo, parseMaxOpenFiles', () => {
  it('reads memory, uid and context switches from status', () => {
    const status = parsePidStatus(fixture('1/status'));
    expect(status.vmRssBytes).toBeGreaterThan(0);
    expect(status.vmSizeBytes).toBeGreaterThan(status.vmRssBytes);
    expect(status.uid).toBe(0);
    expect(status.voluntaryCtxtSwitches).toBeGreaterThan(0);
  });

  it('reads a kernel thread status, which has no Vm lines, as zeros', () => {
    expect(parsePidStatus(fixture('2/status'))).toMatchObject({
      vmRssBytes: 0,
      vmSizeBytes: 0,
      vmSwapBytes: 0,
    });
  });

  it('reads storage bytes from io', () => {
    expect(
      parsePidIo(
        'rchar: 6976\nwchar: 0\nsyscr: 10\nsyscw: 0\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n',
      ),
    ).toEqual({
      readBytes: 4096,
      writeBytes: 8192,
    });
  });

  it('reads the soft open-files limit', () => {
    expect(parseMaxOpenFiles(fixture('1/limits'))).toBe(32768);
    expect(
      parseMaxOpenFiles(
        'Max open files            unlimited            unlimited            files\n',
      ),
    ).toBeUndefined();
  });
});

describe('parsePasswd', () => {
  it('maps uids to names and skips malformed lines', () => {
    const users = parsePasswd(
      'root:x:0:0:root:/root:/bin/bash\n# comment\nbroken\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n',
    );
    expect(users.get(0)).toBe('root');
    expect(users.get(33)).toBe('www-data');
    expect(users.size).toBe(2);
  });
});
