import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database';
import { ApiFailure } from '../../http/errors';
import { Ok, SessionInfo, SignInRequest } from '../api';
import { audit } from '../audit';
import { boRoute, isSecure, sessionCookie, type AnyBoRoute, type BoHttpOptions } from '../http';
import { signIn, type LockoutPolicy } from './accounts';
import { createSession, endSession, type Session } from './sessions';

function info(session: Session): SessionInfo {
  return { account: session.account, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
}

function setCookie(request: FastifyRequest, reply: FastifyReply, options: BoHttpOptions, value: string, maxAgeSeconds: number): void {
  const secure = isSecure(request, options);
  // HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; __Host- (with
  // Secure): only this host over TLS, path /. The session itself expires at the service.
  void reply.setCookie(sessionCookie(secure), value, { httpOnly: true, secure, sameSite: 'strict', path: '/', maxAge: maxAgeSeconds });
}

const answers = {
  invalid: 'Anmeldung fehlgeschlagen: Benutzername, Passwort oder Code stimmen nicht.',
  locked: 'Dieses Konto ist nach zu vielen Versuchen vorübergehend gesperrt. Bitte später erneut versuchen.',
  disabled: 'Dieses Konto ist deaktiviert. Bitte wenden Sie sich an die Administration.',
} as const;

export function authRoutes(db: Database, options: BoHttpOptions & { lockout: LockoutPolicy }): AnyBoRoute[] {
  return [
    boRoute({
      method: 'POST',
      url: '/bo/api/sign-in',
      access: 'public',
      body: SignInRequest,
      response: SessionInfo,
      async handler({ body, request, reply, now }) {
        const outcome = await signIn(db, body, now, options.lockout);
        const known = (await db.query('SELECT 1 FROM bo_accounts WHERE id = $1', [body.account])).rowCount > 0;
        if (outcome.kind !== 'ok') {
          // Only attempts on real accounts are recorded under their name: a password typed into the name field stays out of the trail.
          await audit(db, { at: now, accountId: known ? body.account : null, action: `sign-in.${outcome.kind}`, detail: { ip: request.ip } });
          throw new ApiFailure(outcome.kind === 'invalid' ? 401 : 403, `sign_in_${outcome.kind}`, answers[outcome.kind]);
        }
        const { token, session } = await createSession(db, outcome.account, now, options.sessions);
        await audit(db, { at: now, accountId: outcome.account.id, action: 'sign-in.ok', detail: { ip: request.ip } });
        setCookie(request, reply, options, token, options.sessions.maxHours * 3600);
        return info(session);
      },
    }),
    boRoute({
      method: 'GET',
      url: '/bo/api/session',
      access: 'signed-in',
      response: SessionInfo,
      handler: async ({ session }) => info(session!),
    }),
    boRoute({
      method: 'POST',
      url: '/bo/api/sign-out',
      access: 'signed-in',
      response: Ok,
      async handler({ session, request, reply, now }) {
        await endSession(db, session!.tokenSha256);
        await audit(db, { at: now, accountId: session!.account.id, action: 'sign-out' });
        setCookie(request, reply, options, '', 0);
        return { ok: true as const };
      },
    }),
  ];
}
