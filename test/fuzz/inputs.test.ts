import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExtractError, extract } from '../../exporter/apis/extract.js';
import { ConfigError, parseConfig } from '../../exporter/config/load.js';
import { LineSplitter } from '../../exporter/logs/lines.js';
import { mutated } from '../helpers/mutate.js';

const docs = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
/** Every YAML example of docs/configuration.md: the defaults, groups, ports, logs, APIs. */
const examples = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);

describe('the config loader on mutated YAML', () => {
  it.each(examples.map((e, i) => [i, e] as const))(
    'example %i: returns a config or throws ConfigError',
    (_i, text) => {
      fc.assert(
        fc.property(mutated(text), (input) => {
          try {
            parseConfig(input, 'fuzz.yml');
          } catch (err) {
            if (!(err instanceof ConfigError)) throw err;
            expect(err.message).toMatch(/^config file fuzz\.yml is invalid:\n {2}fuzz\.yml/);
          }
        }),
        { numRuns: 200 },
      );
    },
  );
});

describe('the API mapper on any reply', () => {
  const config = parseConfig(
    `apis:
  - name: shop
    url: http://127.0.0.1:1/
    metrics:
      - {name: pending, path: $.queue.pending}
      - {name: status, path: $.status, value_map: {UP: 1, DOWN: 0}}
      - {name: by_region, path: '$.regions[*]', labels: {region: $.name}, value: $.count}
`,
    't.yml',
  );
  const metrics = config.apis[0]?.metrics ?? [];
  const reply = JSON.stringify({
    queue: { pending: 42 },
    status: 'UP',
    regions: [
      { name: 'eu', count: 3 },
      { name: 'us', count: 5 },
    ],
  });
  const replies = fc.oneof(
    fc.jsonValue(),
    mutated(reply).chain((text) => {
      try {
        return fc.constant(JSON.parse(text) as unknown);
      } catch {
        return fc.jsonValue();
      }
    }),
  );

  it('gives finite values and short label values, or an ExtractError with its reason', () => {
    fc.assert(
      fc.property(replies, (json) => {
        for (const metric of metrics) {
          try {
            for (const s of extract(metric, json)) {
              expect(Number.isFinite(s.value)).toBe(true);
              for (const v of Object.values(s.labels)) expect(v.length).toBeLessThanOrEqual(128);
            }
          } catch (err) {
            if (!(err instanceof ExtractError)) throw err;
            expect(['missing_path', 'bad_value']).toContain(err.reason);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the log line splitter on random bytes and random read sizes', () => {
  const input = fc.record({
    bytes: fc.uint8Array({ maxLength: 4000 }).chain((b) =>
      // Plenty of newlines, and multi-byte characters split anywhere.
      fc.constant(b.map((x) => (x % 7 === 0 ? 0x0a : x))),
    ),
    cuts: fc.array(fc.nat(4000), { maxLength: 30 }),
    cap: fc.integer({ min: 256, max: 2048 }),
  });

  it('gives one line per newline, none over the cap, whatever the read boundaries', () => {
    fc.assert(
      fc.property(input, ({ bytes, cuts, cap }) => {
        const buf = Buffer.from(bytes);
        const run = (points: number[]) => {
          const lines: string[] = [];
          const s = new LineSplitter(cap);
          let at = 0;
          for (const c of [
            ...points.filter((p) => p < buf.length).sort((a, b) => a - b),
            buf.length,
          ]) {
            s.push(buf.subarray(at, c), (text, count) => {
              const split = text.split('\n');
              expect(split).toHaveLength(count);
              lines.push(...split);
            });
            at = c;
          }
          expect(s.pendingLength).toBeLessThanOrEqual(cap);
          return lines;
        };
        const whole = run([]);
        expect(whole).toHaveLength(buf.filter((b) => b === 0x0a).length);
        for (const l of whole) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(cap + 3);
        expect(run(cuts)).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });
});
