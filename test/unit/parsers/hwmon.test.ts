import { describe, expect, it } from 'vitest';
import {
  cleanHwmonName,
  explodeHwmonFileName,
  parseHwmonValue,
} from '../../../exporter/parsers/hwmon.js';

describe('explodeHwmonFileName', () => {
  it('splits type, number and property as node_exporter does', () => {
    expect(explodeHwmonFileName('temp1_crit_alarm')).toEqual({
      type: 'temp',
      num: 1,
      property: 'crit_alarm',
    });
    expect(explodeHwmonFileName('in0_input')).toEqual({ type: 'in', num: 0, property: 'input' });
    expect(explodeHwmonFileName('pwm1')).toEqual({ type: 'pwm', num: 1, property: '' });
    expect(explodeHwmonFileName('beep_enable')).toEqual({
      type: 'beep_enable',
      num: 0,
      property: '',
    });
    expect(explodeHwmonFileName('temp01_input')?.num).toBe(1);
  });

  it('rejects names that do not fit or numbers beyond int64', () => {
    expect(explodeHwmonFileName('1abc')).toBeNull();
    expect(explodeHwmonFileName('')).toBeNull();
    expect(explodeHwmonFileName('temp99999999999999999999_input')).toBeNull();
  });
});

describe('cleanHwmonName', () => {
  it('lowers case, replaces other characters and trims underscores', () => {
    expect(cleanHwmonName('coretemp\n')).toBe('coretemp');
    expect(cleanHwmonName('Physical id 0')).toBe('physical_id_0');
    expect(cleanHwmonName('applesmc.768')).toBe('applesmc_768');
    expect(cleanHwmonName('__')).toBe('');
  });
});

describe('parseHwmonValue', () => {
  it('reads values as Go ParseFloat, after trimming newlines', () => {
    // Lines from node_exporter 1.5's fixture tree (hwmon0/temp1_input, applesmc fan1_input).
    expect(parseHwmonValue('55000\n')).toBe(55000);
    expect(parseHwmonValue('998\n')).toBe(998);
    expect(parseHwmonValue('-1\n')).toBe(-1);
  });

  it('gives null for text Go would not parse (the value is skipped)', () => {
    expect(parseHwmonValue('Core 0\n')).toBeNull();
    expect(parseHwmonValue(' 12\n')).toBeNull();
  });
});
