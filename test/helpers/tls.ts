import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A throw-away CA in `dir` (ca.pem, ca.key) and certificates signed by it: `name`.pem and
 * `name`.key, for 127.0.0.1. Made with openssl, valid two days.
 */
export function makeCa(openssl: string, dir: string) {
  const sh = (...args: string[]) => execFileSync(openssl, args, { cwd: dir, stdio: 'ignore' });
  sh(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=vigil test CA',
  );
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  return {
    ca: join(dir, 'ca.pem'),
    /** Issue a certificate for 127.0.0.1 (a server's or a client's). */
    issue(name: string): { cert: string; key: string } {
      sh(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        '/CN=127.0.0.1',
      );
      sh(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        'ext.cnf',
      );
      return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
    },
  };
}
