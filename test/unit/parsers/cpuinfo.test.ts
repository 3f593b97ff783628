import { describe, expect, it } from 'vitest';
import { cpuinfoLayout, parseCpuinfo } from '../../../exporter/parsers/cpuinfo.js';

// The first two processors of node_exporter 1.5's fixture (an Intel i7-8650U, x86_64).
const X86 = `processor	: 0
vendor_id	: GenuineIntel
cpu family	: 6
model		: 142
model name	: Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz
stepping	: 10
microcode	: 0xb4
cpu MHz		: 799.998
cache size	: 8192 KB
physical id	: 0
siblings	: 8
core id		: 0
cpu cores	: 4
apicid		: 0
initial apicid	: 0
fpu		: yes
fpu_exception	: yes
cpuid level	: 22
wp		: yes
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf tsc_known_freq pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb invpcid_single pti ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm mpx rdseed adx smap clflushopt intel_pt xsaveopt xsavec xgetbv1 xsaves dtherm ida arat pln pts hwp hwp_notify hwp_act_window hwp_epp md_clear flush_l1d
bugs		: cpu_meltdown spectre_v1 spectre_v2 spec_store_bypass l1tf mds swapgs
bogomips	: 4224.00
clflush size	: 64
cache_alignment	: 64
address sizes	: 39 bits physical, 48 bits virtual
power management:

processor	: 1
vendor_id	: GenuineIntel
cpu family	: 6
model		: 142
model name	: Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz
stepping	: 10
microcode	: 0xb4
cpu MHz		: 800.037
cache size	: 8192 KB
physical id	: 0
siblings	: 8
core id		: 1
cpu cores	: 4
apicid		: 2
initial apicid	: 2
fpu		: yes
fpu_exception	: yes
cpuid level	: 22
wp		: yes
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf tsc_known_freq pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb invpcid_single pti ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm mpx rdseed adx smap clflushopt intel_pt xsaveopt xsavec xgetbv1 xsaves dtherm ida arat pln pts hwp hwp_notify hwp_act_window hwp_epp md_clear flush_l1d
bugs		: cpu_meltdown spectre_v1 spectre_v2 spec_store_bypass l1tf mds swapgs
bogomips	: 4224.00
clflush size	: 64
cache_alignment	: 64
address sizes	: 39 bits physical, 48 bits virtual
power management:

`;

// arm64, Raspberry Pi 4 (Linux 5.10).
const ARM64 = `processor	: 0
BogoMIPS	: 108.00
Features	: fp asimd evtstrm crc32 cpuid
CPU implementer	: 0x41
CPU architecture: 8
CPU variant	: 0x0
CPU part	: 0xd08
CPU revision	: 3

processor	: 1
BogoMIPS	: 108.00
Features	: fp asimd evtstrm crc32 cpuid
CPU implementer	: 0x41
CPU architecture: 8
CPU variant	: 0x0
CPU part	: 0xd08
CPU revision	: 3

Hardware	: BCM2835
Revision	: c03111
Model		: Raspberry Pi 4 Model B Rev 1.1
`;

// 32-bit ARM (Linux 3.x, i.MX6): a shared "Processor" line with the model, one Features line.
const ARMV7 = `Processor	: ARMv7 Processor rev 10 (v7l)
processor	: 0
BogoMIPS	: 1581.05

processor	: 1
BogoMIPS	: 1581.05

Features	: swp half thumb fastmult vfp edsp neon vfpv3 tls
CPU implementer	: 0x41
CPU architecture: 7
CPU variant	: 0x2
CPU part	: 0xc09
CPU revision	: 10

Hardware	: Freescale i.MX 6Quad/DualLite (Device Tree)
Revision	: 0000
`;

describe('parseCpuinfo, x86 layout', () => {
  it("reads each processor's identity, untrimmed, and the flags and bugs as words", () => {
    const cpus = parseCpuinfo(X86);
    expect(cpus.map((c) => [c.processor, c.physicalId, c.coreId])).toEqual([
      [0, '0', '0'],
      [1, '0', '1'],
    ]);
    expect(cpus[0]).toMatchObject({
      vendorId: 'GenuineIntel',
      cpuFamily: '6',
      model: '142',
      modelName: 'Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz',
      stepping: '10',
      microcode: '0xb4',
      cacheSize: '8192 KB',
    });
    expect(cpus[0]?.flags.slice(0, 4)).toEqual(['fpu', 'vme', 'de', 'pse']);
    expect(cpus[0]?.flags).toHaveLength(120);
    expect(cpus[1]?.bugs).toEqual([
      'cpu_meltdown',
      'spectre_v1',
      'spectre_v2',
      'spec_store_bypass',
      'l1tf',
      'mds',
      'swapgs',
    ]);
  });

  it('reads processor numbers as Go does (base prefixes) and leaves fields it lacks empty', () => {
    const cpus = parseCpuinfo(
      '\n\nprocessor\t: 0x10\nvendor\t: AuthenticAMD\r\nprocessor\t: 017\n',
    );
    expect(cpus.map((c) => c.processor)).toEqual([16, 15]);
    expect(cpus[0]?.vendorId).toBe('AuthenticAMD');
    expect(cpus[1]).toMatchObject({ vendorId: '', modelName: '', flags: [], bugs: [] });
  });

  it('keeps a value as written after the first ": ", spaces and colons included', () => {
    const [cpu] = parseCpuinfo('processor\t: 0\nmodel name\t: QEMU: Virtual CPU  \n');
    expect(cpu?.modelName).toBe('QEMU: Virtual CPU  ');
  });

  it('rejects malformed input with its line number', () => {
    expect(() => parseCpuinfo('vendor_id\t: GenuineIntel\nprocessor\t: 0\n')).toThrow(
      /line 1: expected a processor line first/,
    );
    expect(() => parseCpuinfo('processor\t: 0\ncpu MHz\t\t: fast\n')).toThrow(
      /line 2: cpu MHz: expected a number, got "fast"/,
    );
    expect(() => parseCpuinfo('processor\t: 0\nsiblings\t: -8\n')).toThrow(/line 2: siblings/);
    expect(() => parseCpuinfo('processor\t: 0\n\nprocessor\t: one\n')).toThrow(
      /line 3: processor: expected an unsigned integer/,
    );
    expect(() => parseCpuinfo('processor\t: 4294967296\n')).toThrow(/line 1: .*out of range/);
    expect(() => parseCpuinfo('')).toThrow(/no processor/);
  });
});

describe('parseCpuinfo, ARM layout', () => {
  it('gives every arm64 processor the Features as flags, and no x86 identity', () => {
    const cpus = parseCpuinfo(ARM64, 'arm');
    expect(cpus.map((c) => c.processor)).toEqual([0, 1]);
    for (const cpu of cpus) {
      expect(cpu.flags).toEqual(['fp', 'asimd', 'evtstrm', 'crc32', 'cpuid']);
      expect(cpu).toMatchObject({ vendorId: '', modelName: '', coreId: '', bugs: [] });
    }
  });

  it("shares a 32-bit kernel's Processor line as every CPU's model name", () => {
    const cpus = parseCpuinfo(ARMV7, 'arm');
    expect(cpus.map((c) => [c.processor, c.modelName])).toEqual([
      [0, 'ARMv7 Processor rev 10 (v7l)'],
      [1, 'ARMv7 Processor rev 10 (v7l)'],
    ]);
    expect(cpus[1]?.flags).toContain('neon');
  });

  it('rejects input without a Features line or with a bad BogoMIPS', () => {
    expect(() => parseCpuinfo('processor\t: 0\nBogoMIPS\t: 108.00\n', 'arm')).toThrow(
      /no Features line/,
    );
    expect(() => parseCpuinfo('processor\t: 0\nBogoMIPS\t: lots\n', 'arm')).toThrow(
      /line 2: BogoMIPS/,
    );
  });

  it('is chosen for arm and arm64 only', () => {
    expect(cpuinfoLayout('arm64')).toBe('arm');
    expect(cpuinfoLayout('arm')).toBe('arm');
    expect(cpuinfoLayout('x64')).toBe('x86');
    expect(cpuinfoLayout('riscv64')).toBe('x86');
  });
});
