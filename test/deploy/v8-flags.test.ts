import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { execForm, parseDockerfile } from '../helpers/dockerfile.js';
import { V8_FLAGS } from '../helpers/process.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The arguments between `node` and the entry file of a command line. */
function flagsBefore(entry: string, argv: readonly string[]): string[] {
  const at = argv.findIndex((a) => a.endsWith(entry));
  expect(at, `${argv.join(' ')} runs ${entry}`).toBeGreaterThan(0);
  return argv.slice(argv.findIndex((a) => /(^|\/)node$/.test(a)) + 1, at);
}

describe("the entry point's V8 flags", () => {
  it('are passed however vigil is started: npm start, the image, the systemd unit', () => {
    expect(V8_FLAGS).toContain('--max-semi-space-size=2');
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts
      .start as string;
    expect(flagsBefore('dist/exporter/main.js', start.split(/\s+/))).toEqual(V8_FLAGS);

    const entrypoint = parseDockerfile(read('deploy/Dockerfile')).find(
      (i) => i.op === 'ENTRYPOINT',
    );
    expect(flagsBefore('dist/exporter/main.js', execForm(entrypoint?.args ?? '[]'))).toEqual(
      V8_FLAGS,
    );

    const exec = /^ExecStart=(.*)$/m.exec(read('deploy/systemd/vigil.service'))?.[1] ?? '';
    expect(flagsBefore('dist/exporter/main.js', exec.split(/\s+/))).toEqual(V8_FLAGS);
  });
});
