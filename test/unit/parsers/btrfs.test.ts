import { describe, expect, it } from 'vitest';
import { btrfsLayoutRatio, parseBtrfsValue } from '../../../exporter/parsers/btrfs.js';

describe('parseBtrfsValue', () => {
  it('reads one unsigned integer', () => {
    expect(parseBtrfsValue('16777216\n')).toBe(16777216);
    expect(parseBtrfsValue('20971520\n')).toBe(20971520);
  });
  it('reads a malformed or empty value as 0, as procfs (and so node_exporter 1.5) does', () => {
    expect(parseBtrfsValue('-5\n')).toBe(0);
    expect(parseBtrfsValue('')).toBe(0);
  });
});

describe('btrfsLayoutRatio', () => {
  it('gives raw bytes per data byte by layout and device count', () => {
    expect(btrfsLayoutRatio('raid0', 2)).toBe(1);
    expect(btrfsLayoutRatio('raid1', 2)).toBe(2);
    expect(btrfsLayoutRatio('raid5', 4)).toBe(4 / 3);
    expect(btrfsLayoutRatio('raid6', 4)).toBe(2);
    expect(btrfsLayoutRatio('raid1c3', 3)).toBe(0);
  });
});
