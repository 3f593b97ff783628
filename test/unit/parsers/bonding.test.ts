import { describe, expect, it } from 'vitest';
import { bondingSlaveUp, parseBondingNames } from '../../../exporter/parsers/bonding.js';

describe('bonding sysfs files', () => {
  it('splits bonding_masters and slaves on spaces', () => {
    expect(parseBondingNames('bond0 dmz int\n')).toEqual(['bond0', 'dmz', 'int']);
    expect(parseBondingNames('eth0 eth4\n')).toEqual(['eth0', 'eth4']);
    expect(parseBondingNames('\n')).toEqual([]);
  });

  it('counts a slave as active only when mii_status is up', () => {
    expect(bondingSlaveUp('up\n')).toBe(true);
    expect(bondingSlaveUp('down\n')).toBe(false);
    expect(bondingSlaveUp('going back\n')).toBe(false);
  });
});
