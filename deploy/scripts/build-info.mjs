// Writes dist/exporter/build-info.json (the package version and the git revision, if any),
// copies the live view's browser script beside the compiled server, and makes the entry
// point executable, since it runs through its shebang.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, readFileSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
);
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
writeFileSync(
  new URL('../../dist/exporter/build-info.json', import.meta.url),
  `${JSON.stringify({ version, revision })}\n`,
);
chmodSync(new URL('../../dist/exporter/main.js', import.meta.url), 0o755);
cpSync(
  new URL('../../exporter/server/static/', import.meta.url),
  new URL('../../dist/exporter/server/static/', import.meta.url),
  { recursive: true },
);
