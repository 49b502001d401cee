import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../../db/database';
import type { Role } from '../api';
import type { Account } from './accounts';

/**
 * Back-office sessions live in the database, so any of several service processes answers any
 * request. The cookie carries a random token; the database keeps its SHA-256 only, so a copy of
 * the table signs nobody in. A session ends after `idleMinutes` without a request and after
 * `maxHours` in any case; each has its own CSRF token.
 */
export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}
export const defaultSessionPolicy: SessionPolicy = { idleMinutes: 30, maxHours: 10 };

export interface Session {
  tokenSha256: string;
  account: Account;
  csrfToken: string;
  expiresAt: Date;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Queryable, account: Account, now: Date, policy: SessionPolicy = defaultSessionPolicy): Promise<{ token: string; session: Session }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + policy.idleMinutes * 60_000);
  await db.query('INSERT INTO bo_sessions (token_sha256, account_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)', [digest(token), account.id, csrfToken, now, expiresAt]);
  return { token, session: { tokenSha256: digest(token), account, csrfToken, expiresAt } };
}

/**
 * The live session of a cookie token, its idle expiry moved on by this request; null for an
 * unknown, expired, too old or disabled account's session. One statement: no process can see a
 * session another has just ended.
 */
export async function touchSession(db: Queryable, token: string, now: Date, policy: SessionPolicy = defaultSessionPolicy): Promise<Session | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = (
    await db.query<{ token_sha256: string; csrf_token: string; expires_at: Date; id: string; name: string; roles: Role[] }>(
      `UPDATE bo_sessions s SET last_seen_at = $2, expires_at = LEAST($3::timestamptz, s.created_at + make_interval(hours => $4))
       FROM bo_accounts a
       WHERE s.token_sha256 = $1 AND a.id = s.account_id AND a.disabled_at IS NULL AND s.expires_at > $2 AND s.created_at + make_interval(hours => $4) > $2
       RETURNING s.token_sha256, s.csrf_token, s.expires_at, a.id, a.name, a.roles`,
      [digest(token), now, new Date(now.getTime() + policy.idleMinutes * 60_000), policy.maxHours],
    )
  ).rows[0];
  if (!row) return null;
  return { tokenSha256: row.token_sha256, csrfToken: row.csrf_token, expiresAt: new Date(row.expires_at), account: { id: row.id, name: row.name, roles: row.roles } };
}

export async function endSession(db: Queryable, tokenSha256: string): Promise<void> {
  await db.query('DELETE FROM bo_sessions WHERE token_sha256 = $1', [tokenSha256]);
}

export async function purgeSessions(db: Queryable, now: Date): Promise<void> {
  await db.query('DELETE FROM bo_sessions WHERE expires_at <= $1', [now]);
}

export function csrfMatches(session: Session, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
