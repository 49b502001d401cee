import type { Database, Queryable } from '../../db/database';
import type { Role } from '../api';
import { hashPassword, passwordProblem, verifyPassword } from './password-hash';
import { newTotpSecret, totpStep } from './totp';

export interface LockoutPolicy {
  /** Sign-in attempts (right or wrong) checked per lock period; the ones beyond are refused unchecked. */
  maxAttempts: number;
  lockMinutes: number;
}
export const defaultLockout: LockoutPolicy = { maxAttempts: 5, lockMinutes: 15 };

export interface Account {
  id: string;
  name: string;
  roles: Role[];
}

export type SignInOutcome = { kind: 'ok'; account: Account } | { kind: 'invalid' } | { kind: 'locked' } | { kind: 'disabled' };

/** Creates a back-office account; returns the TOTP secret for the person's authenticator app. */
export async function createAccount(db: Queryable, input: { id: string; name: string; roles: Role[]; password: string }): Promise<{ totpSecret: string }> {
  const problem = passwordProblem(input.password);
  if (problem) throw new Error(`The password needs ${problem}`);
  const totpSecret = newTotpSecret();
  const inserted = await db.query('INSERT INTO bo_accounts (id, name, roles, password_hash, totp_secret) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING id', [
    input.id,
    input.name,
    input.roles,
    await hashPassword(input.password),
    totpSecret,
  ]);
  if (inserted.rowCount === 0) throw new Error(`An account "${input.id}" exists already`);
  return { totpSecret };
}

interface CountedRow {
  id: string;
  name: string;
  roles: Role[];
  password_hash: string;
  totp_secret: string;
  failed_attempts: number;
  disabled_at: Date | null;
}

/**
 * Password and TOTP code together. The attempt is counted before anything is checked, in one
 * statement (several service processes, concurrent requests: each one gets its own number), and
 * attempts beyond the policy's allowance are refused until the lock period ends. A wrong
 * password, a wrong code, an unknown, a locked and a disabled account all get the same answer
 * ("invalid") — only with the right password and code does the person learn that the account is
 * locked or disabled. A code is used once: the time step is recorded in the statement that
 * signs in, so a replayed code (also at another process) finds it taken.
 */
export async function signIn(db: Database, input: { account: string; password: string; totp: string }, now: Date, policy: LockoutPolicy = defaultLockout): Promise<SignInOutcome> {
  const lockUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
  const row = (
    await db.query<CountedRow>(
      `UPDATE bo_accounts SET
         failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_attempts + 1 END,
         locked_until = CASE
           WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN NULL
           WHEN failed_attempts + 1 > $3 THEN COALESCE(locked_until, $4)
           ELSE locked_until END
       WHERE id = $1
       RETURNING id, name, roles, password_hash, totp_secret, failed_attempts, disabled_at`,
      [input.account, now, policy.maxAttempts, lockUntil],
    )
  ).rows[0];
  const passwordRight = await verifyPassword(input.password, row?.password_hash ?? null);
  if (!row || !passwordRight) return { kind: 'invalid' };
  const step = totpStep(row.totp_secret, input.totp, now);
  if (step === null) return { kind: 'invalid' };
  if (row.disabled_at) return { kind: 'disabled' };
  if (row.failed_attempts > policy.maxAttempts) return { kind: 'locked' };
  const signedIn = await db.query(
    `UPDATE bo_accounts SET failed_attempts = 0, locked_until = NULL, totp_last_step = $2
     WHERE id = $1 AND totp_last_step < $2 AND disabled_at IS NULL RETURNING id`,
    [row.id, step],
  );
  if (signedIn.rowCount === 0) return { kind: 'invalid' };
  return { kind: 'ok', account: { id: row.id, name: row.name, roles: row.roles } };
}

export async function setDisabled(db: Queryable, id: string, disabled: boolean, now: Date): Promise<boolean> {
  const r = await db.query('UPDATE bo_accounts SET disabled_at = $2 WHERE id = $1 RETURNING id', [id, disabled ? now : null]);
  if (disabled) await db.query('DELETE FROM bo_sessions WHERE account_id = $1', [id]);
  return r.rowCount > 0;
}
