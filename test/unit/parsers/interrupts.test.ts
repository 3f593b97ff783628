import { describe, expect, it } from 'vitest';
import { parseInterrupts } from '../../../exporter/parsers/interrupts.js';

// Linux 6.x, a two-CPU KVM guest (abridged).
const MODERN = `           CPU0       CPU1       
 24:          1          0  IO-APIC   5-edge      ACPI:Ged
 28:          0          0 PCI-MSIX-0000:00:01.0   0-edge      virtio0-config
 36:          0     252142 PCI-MSIX-0000:00:02.0   1-edge      virtio1-req.0
NMI:          0          0   Non-maskable interrupts
LOC:     684441     697471   Local timer interrupts
ERR:          0
MIS:          0
PIN:          0          0   Posted-interrupt notification event
`;

// Linux 3.x, from node_exporter 1.5's fixture (four CPUs).
const OLD = `           CPU0       CPU1       CPU2       CPU3       
 16:     328511     322879     293782     351412   IR-IO-APIC-fasteoi   ehci_hcd:usb1, mmc0
 45:          4         22          0          0   IR-PCI-MSI-edge      mei_me
`;

describe('parseInterrupts', () => {
  it('splits numbered IRQs into chip and devices, named rows into a description', () => {
    const rows = parseInterrupts(MODERN);
    expect(rows.map((r) => r.name)).toEqual(['24', '28', '36', 'NMI', 'LOC', 'PIN']);
    expect(rows[0]).toEqual({
      name: '24',
      info: 'IO-APIC',
      devices: '5-edge ACPI:Ged',
      counts: [1, 0],
    });
    expect(rows[2]?.counts).toEqual([0, 252142]);
    expect(rows[4]).toEqual({
      name: 'LOC',
      info: 'Local timer interrupts',
      devices: '',
      counts: [684441, 697471],
    });
  });

  it('joins device names with single spaces (old kernels list several per IRQ)', () => {
    const rows = parseInterrupts(OLD);
    expect(rows[0]).toEqual({
      name: '16',
      info: 'IR-IO-APIC-fasteoi',
      devices: 'ehci_hcd:usb1, mmc0',
      counts: [328511, 322879, 293782, 351412],
    });
    expect(rows[1]?.devices).toBe('mei_me');
  });

  it('skips rows without a column after the counts, and keeps the last of a repeated name', () => {
    const rows = parseInterrupts(
      '   CPU0   CPU1\n  7:   3   4\nLOC:  1  2   Local timer interrupts\nLOC:  5  6   Local timer interrupts\n',
    );
    expect(rows).toEqual([
      { name: 'LOC', info: 'Local timer interrupts', devices: '', counts: [5, 6] },
    ]);
  });

  it('rejects an empty file', () => {
    expect(() => parseInterrupts('')).toThrow(/line 1: expected a header of CPU columns/);
  });

  it('rejects a count that is not a number, naming the line', () => {
    expect(() =>
      parseInterrupts('     CPU0       CPU1\n 24:    1    zero  IO-APIC   5-edge      ACPI:Ged\n'),
    ).toThrow(/line 2: 24: CPU 1: expected a count, got "zero"/);
  });
});
