import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { BasicAuth } from './basic-auth.js';
import type { LiveWebConfig } from './live-web-config.js';
import { sendText } from './respond.js';

/** Lets a request through (true) or answers it with a refusal (false). */
export type Guard = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * Apply the web config to a request: its extra headers, the client certificate its
 * client_auth_type asks for, and basic auth. False when refused; a refusal says nothing of
 * what was wrong.
 */
export function guard(live: LiveWebConfig): Guard {
  const auth = new BasicAuth();
  return async (req, res) => {
    const config = await live.get();
    for (const [name, value] of Object.entries(config.headers)) res.setHeader(name, value);
    // The handshake enforces RequireAndVerifyClientCert; these two are checked here.
    const clientAuth = config.tls?.clientAuth;
    if (clientAuth === 'RequireAnyClientCert' || clientAuth === 'VerifyClientCertIfGiven') {
      const socket = req.socket as TLSSocket;
      const hasCert = Object.keys(socket.getPeerCertificate()).length > 0;
      if (clientAuth === 'RequireAnyClientCert' ? !hasCert : hasCert && !socket.authorized) {
        sendText(res, 403, 'Forbidden\n');
        return false;
      }
    }
    if (config.users.size > 0 && !(await auth.allows(req.headers.authorization, config.users))) {
      sendText(res, 401, 'Unauthorized\n', { 'WWW-Authenticate': 'Basic realm="vigil"' });
      return false;
    }
    return true;
  };
}
