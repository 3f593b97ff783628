// Builds dist/exporter: the exporter bundled by esbuild into one entry file (main.js), the
// anomaly training thread (train-worker.js) and chunks loaded only when a feature is in use
// (log sources, API targets). One file instead of some two hundred modules halves the time
// from start to the first scrape: Node.js resolves, reads and links each ES module apart.
// Beside them: build-info.json (the package version and git revision), the live view's
// browser script, and the entry point made executable, since it runs through its shebang.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('../../', import.meta.url);
const out = new URL('dist/exporter/', root);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: {
    main: new URL('exporter/main.ts', root).pathname,
    'train-worker': new URL('exporter/anomaly/train-worker.ts', root).pathname,
  },
  outdir: out.pathname,
  // Chunks sit beside the entry points, so that every `import.meta.url` names dist/exporter/.
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  minify: true,
  // Error and class names stay as written, for logs and stack traces.
  keepNames: true,
  // A native addon, and the libraries used only where /proc does not exist: loaded from
  // node_modules when needed.
  external: ['koffi', 'systeminformation', 'pidusage'],
  // Bundled CommonJS packages require Node's built-in modules.
  banner: {
    js: "import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

let revision = process.env.VIGIL_REVISION || 'unknown';
if (revision === 'unknown') {
  try {
    revision = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
  } catch {
    // Not a git checkout: keep "unknown".
  }
}
writeFileSync(new URL('build-info.json', out), `${JSON.stringify({ version, revision })}\n`);
chmodSync(new URL('main.js', out), 0o755);
cpSync(new URL('exporter/server/static/', root), new URL('static/', out), { recursive: true });
