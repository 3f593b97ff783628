import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectorFlagName, FLAGS } from '../../exporter/cli/flags.js';
import { COLLECTORS } from '../../exporter/collectors/index.js';
import { parseConfig } from '../../exporter/config/load.js';
import { defaultConfig } from '../../exporter/config/schema.js';

const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

/** The cells of the table row whose first cell is `first`. */
function row(first: string): string[] | undefined {
  return doc
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    )
    .find((cells) => cells[0] === first);
}

describe('docs/configuration.md', () => {
  it('documents every flag with its default', () => {
    for (const flag of FLAGS) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`--${flag.name}\``));
      expect(row, `--${flag.name}`).toBeDefined();
      if (flag.type === 'string' && flag.default !== '')
        expect(row).toContain(`\`${flag.default}\``);
    }
  });

  it("documents every collector's own flags", () => {
    for (const c of COLLECTORS)
      for (const f of c.flags ?? [])
        expect(row(`\`--${collectorFlagName(c.name, f)}\``), `${c.name}.${f.name}`).toBeDefined();
  });

  it('reads one list of collectors, each once and sorted by name (as --help shows them)', () => {
    const names = COLLECTORS.map((c) => c.name);
    expect(names).toEqual([...new Set(names)].sort());
  });

  it('documents every collector with its default', () => {
    for (const c of COLLECTORS) {
      expect(row(`\`${c.name}\``)?.[1], c.name).toBe(c.defaultEnabled ? 'on' : 'off');
    }
  });

  it('shows a YAML file that is valid and equal to the built-in defaults', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(yaml).toBeDefined();
    expect(parseConfig(yaml as string, 'docs/configuration.md')).toEqual(defaultConfig());
  });
});
