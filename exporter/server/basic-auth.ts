import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

/** Verified credentials kept, so that a scrape every few seconds costs no bcrypt run. */
const MAX_CACHED = 256;

/**
 * Basic auth against bcrypt hashes. Every failure looks the same (an unknown user is
 * compared with a dummy hash, so it takes as long as a wrong password), and bcrypt's own
 * comparison is constant-time. Successful checks are cached under a digest of user, password
 * and hash, so a changed hash or password is checked afresh.
 */
export class BasicAuth {
  private readonly verified = new Set<string>();
  private dummy: string | null = null;

  /** Whether an Authorization header carries the credentials of one of `users`. */
  async allows(header: string | undefined, users: ReadonlyMap<string, string>): Promise<boolean> {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
    const decoded = m ? Buffer.from(m[1] as string, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = colon >= 0 ? decoded.slice(0, colon) : '';
    const password = colon >= 0 ? decoded.slice(colon + 1) : '';
    const hash = users.get(user);
    const key = createHash('sha256')
      .update(`${user}\0${password}\0${hash ?? ''}`)
      .digest('hex');
    if (hash && this.verified.has(key)) return true;
    this.dummy ??= bcrypt.hashSync('vigil: no such user', 10);
    const ok = await bcrypt.compare(password, hash ?? this.dummy);
    if (!ok || !hash || colon < 0) return false;
    if (this.verified.size >= MAX_CACHED) this.verified.clear();
    this.verified.add(key);
    return true;
  }
}
