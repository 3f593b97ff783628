import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BuildInfo {
  readonly version: string;
  readonly revision: string;
}

/**
 * `npm run build` writes build-info.json beside the compiled code; running from source
 * (tests) falls back to package.json. VIGIL_REVISION overrides the revision (images built
 * without a git checkout).
 */
function readBuildInfo(): BuildInfo {
  const here = dirname(fileURLToPath(import.meta.url));
  const written = join(here, 'build-info.json');
  let info: BuildInfo = { version: '0.0.0', revision: 'unknown' };
  if (existsSync(written)) {
    info = JSON.parse(readFileSync(written, 'utf8')) as BuildInfo;
  } else {
    for (let dir = here; dir !== dirname(dir); dir = dirname(dir)) {
      const pkg = join(dir, 'package.json');
      if (existsSync(pkg)) {
        info = {
          version: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version,
          revision: 'unknown',
        };
        break;
      }
    }
  }
  const revision = process.env.VIGIL_REVISION || info.revision;
  return { version: info.version, revision };
}

export const buildInfo: BuildInfo = readBuildInfo();
