import { describe, expect, it } from 'vitest';
import { parseMountinfoAddrs, parseMountStats } from '../../../exporter/parsers/mountstats.js';
import { ParseError } from '../../../exporter/parsers/parse-error.js';

// Lines of node_exporter 1.5's fixture proc/10/mountstats.
const TCP = `device rootfs mounted on / with fstype rootfs
device 192.168.1.1:/srv/test mounted on /mnt/nfs/test with fstype nfs4 statvers=1.1
\topts:\trw,vers=4.0,rsize=1048576,wsize=1048576,namlen=255,acregmin=3,acregmax=60,acdirmin=30,acdirmax=60,hard,proto=tcp,port=0,timeo=600,retrans=2,sec=sys,clientaddr=192.168.1.5,local_lock=none
\tage:\t13968
\tcaps:\tcaps=0xfff7,wtmult=512,dtsize=32768,bsize=0,namlen=255
\tnfsv4:\tbm0=0xfdffafff,bm1=0xf9be3e,bm2=0x0,acl=0x0,pnfs=not configured
\tsec:\tflavor=1,pseudoflavor=1
\tevents:\t52 226 0 0 1 13 398 0 0 331 0 47 0 0 77 0 0 77 0 0 0 0 0 0 0 0 0
\tbytes:\t1207640230 0 0 0 1210214218 0 295483 0
\tRPC iostats version: 1.0  p/v: 100003/4 (nfs)
\txprt:\ttcp 832 0 1 0 11 6428 6428 0 12154 0 24 26 5726
\tper-op statistics
\t        NULL: 0 0 0 0 0 0 0 0
\t        READ: 1298 1298 0 207680 1210292152 6 79386 79407
\t      ACCESS: 2927395007 2927394995 0 526931094212 362996810236 18446743919241604546 1667369447 1953587717

`;

const UDP_XPRT = '\txprt:\tudp 832 0 6428 6428 0 12154 0 24 26 5726';

describe('parseMountStats', () => {
  it('reads an nfs4 entry over tcp and a mount without statistics', () => {
    const [root, nfs] = parseMountStats(TCP);
    expect(root).toEqual({ device: 'rootfs', mountPoint: '/', fsType: 'rootfs', nfs: null });
    expect(nfs?.device).toBe('192.168.1.1:/srv/test');
    expect(nfs?.mountPoint).toBe('/mnt/nfs/test');
    const s = nfs?.nfs;
    expect(s?.statVersion).toBe('1.1');
    expect(s?.ageSeconds).toBe(13968);
    expect(s?.bytes).toMatchObject({
      read: 1207640230n,
      readTotal: 1210214218n,
      readPages: 295483n,
    });
    expect(s?.events).toMatchObject({
      inodeRevalidate: 52n,
      dnodeRevalidate: 226n,
      vfsWritePages: 47n,
    });
    expect(s?.transport).toMatchObject({
      protocol: 'tcp',
      port: 832n,
      connect: 1n,
      idleTimeSeconds: 11n,
      sends: 6428n,
      maximumRpcSlotsUsed: 24n,
      cumulativeSendingQueue: 26n,
      cumulativePendingQueue: 5726n,
    });
    expect(s?.operations.map((o) => o.operation)).toEqual(['NULL', 'READ', 'ACCESS']);
    expect(s?.operations[2]).toMatchObject({
      requests: 2927395007n,
      queueMilliseconds: 18446743919241604546n,
      requestMilliseconds: 1953587717n,
    });
  });

  it('puts zeros for the connect and idle fields of udp, as procfs does', () => {
    const text = TCP.replace(/\txprt:.*/, UDP_XPRT);
    const t = parseMountStats(text)[1]?.nfs?.transport;
    expect(t).toMatchObject({
      protocol: 'udp',
      bind: 0n,
      connect: 0n,
      idleTimeSeconds: 0n,
      sends: 6428n,
      receives: 6428n,
      cumulativeActiveRequests: 12154n,
      maximumRpcSlotsUsed: 24n,
      cumulativeSendingQueue: 26n,
      cumulativePendingQueue: 5726n,
    });
  });

  it('rejects a transport line of the wrong length, naming the line', () => {
    const text = TCP.replace(/\txprt:.*/, '\txprt:\ttcp 832 0 1 0 11');
    expect(() => parseMountStats(text)).toThrow(ParseError);
    expect(() => parseMountStats(text)).toThrow(/line 11: NFS transport stats 1.1 tcp/);
  });

  it('rejects a negative counter and statistics on a non-NFS mount', () => {
    expect(() => parseMountStats(TCP.replace('READ: 1298', 'READ: -1298'))).toThrow(/line 14/);
    expect(() =>
      parseMountStats('device /dev/sda1 mounted on / with fstype ext4 statvers=1.1\n'),
    ).toThrow(/line 1: cannot parse mount statistics for fstype "ext4"/);
  });
});

describe('parseMountinfoAddrs', () => {
  it('reads the addr super option of each line, in order', () => {
    expect(
      parseMountinfoAddrs(
        `1 1 0:5 /  /root rw,nosuid shared:8 - rootfs rootfs rw
1398 798 0:44 / /mnt/nfs/test rw,relatime shared:1154 - nfs 192.168.1.1:/srv/test rw,vers=3,rsize=32768,wsize=32768,namlen=255,hard,proto=udp,timeo=11,retrans=3,sec=sys,mountaddr=192.168.1.1,mountvers=3,mountport=49602,mountproto=udp,local_lock=none,addr=192.168.1.1
`,
      ),
    ).toEqual([undefined, '192.168.1.1']);
  });

  it('rejects a line without the separator', () => {
    expect(() =>
      parseMountinfoAddrs(
        '21 0 8:1 / / rw,relatime shared:1 ext4 /dev/sda1 rw,errors=remount-ro x\n',
      ),
    ).toThrow(/line 1: expected "-"/);
  });
});
