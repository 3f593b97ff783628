import { describe, expect, it } from 'vitest';
import { sectionTracker } from '../../../exporter/core/config-section.js';

describe('sectionTracker', () => {
  it('reports the first section, then only sections whose content changed', () => {
    let config = { logs: { sources: ['a'] } };
    const changed = sectionTracker(() => config.logs);
    expect(changed()).toEqual({ sources: ['a'] });
    expect(changed()).toBeUndefined();
    config = { logs: { sources: ['a'] } }; // a reload that left the section as it was
    expect(changed()).toBeUndefined();
    config = { logs: { sources: ['b'] } };
    expect(changed()).toEqual({ sources: ['b'] });
  });
});
