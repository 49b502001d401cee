import { randomInt } from 'node:crypto';
import type { IdentityCheckResult, KioskApprovalStatus } from '../../main/contract/service-api';
import { normalizeAnswer } from '../../main/domain';
import { stationAudit } from '../auth/station-audit';
import type { Queryable } from '../db/database';
import { ApiFailure } from '../http/errors';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import { iso, isoDay, retryOnUniqueViolation, type RouteDeps } from './deps';

interface CheckRow {
  failed_attempts: number;
  last_failed_at: Date | null;
  locked_until: Date | null;
}

interface ApprovalRow {
  id: string;
  station_id: string;
  kvnr: string;
  code: string;
  state: KioskApprovalStatus['state'];
  expires_at: Date;
}

/**
 * The person's counter, locked for this transaction: created on first use (any KVNR, known or
 * not, so the counter answers alike for both), and reset once its lock or its last failure is
 * older than the lock time. Every kiosk asking for this person waits here for the one before.
 */
async function counter(tx: Queryable, kvnr: string, now: Date, lockHours: number): Promise<CheckRow> {
  await tx.query('INSERT INTO identity_checks (kvnr) VALUES ($1) ON CONFLICT (kvnr) DO NOTHING', [kvnr]);
  const row = (await tx.query<CheckRow>('SELECT failed_attempts, last_failed_at, locked_until FROM identity_checks WHERE kvnr = $1 FOR UPDATE', [kvnr])).rows[0]!;
  if (counterEnded(row, now, lockHours)) {
    await tx.query('UPDATE identity_checks SET failed_attempts = 0, last_failed_at = NULL, locked_until = NULL WHERE kvnr = $1', [kvnr]);
    return { failed_attempts: 0, last_failed_at: null, locked_until: null };
  }
  return row;
}

/** A lock that has run out, or failures older than the lock time, no longer count. */
function counterEnded(row: CheckRow, now: Date, lockHours: number): boolean {
  const forgetBefore = now.getTime() - lockHours * 3_600_000;
  const lockOver = row.locked_until !== null && new Date(row.locked_until).getTime() <= now.getTime();
  const failuresOld = row.locked_until === null && row.last_failed_at !== null && new Date(row.last_failed_at).getTime() <= forgetBefore;
  return lockOver || failuresOld;
}

/**
 * The clerk desk acts on people the insurer knows: a KVNR outside the member register gets 404
 * (a clerk may search the register anyway, so this tells a clerk nothing new; kiosks never get here).
 */
async function requireMember(db: Queryable, kvnr: string): Promise<void> {
  const known = (await db.query('SELECT 1 FROM members WHERE kvnr = $1', [kvnr])).rows[0];
  if (!known) throw new ApiFailure(404, 'not_found', 'No member with this KVNR');
}

/** A waiting approval whose time has passed is expired, whoever looks first. */
async function loadApproval(q: Queryable, id: string, now: Date): Promise<ApprovalRow | undefined> {
  const row = (await q.query<ApprovalRow>('SELECT id, station_id, kvnr, code, state, expires_at FROM kiosk_approvals WHERE id = $1 FOR UPDATE', [id])).rows[0];
  if (row && row.state === 'awaiting-member' && new Date(row.expires_at).getTime() <= now.getTime()) {
    await q.query("UPDATE kiosk_approvals SET state = 'expired' WHERE id = $1", [id]);
    row.state = 'expired';
  }
  return row;
}

const approvalView = (row: ApprovalRow, now: Date): KioskApprovalStatus => ({
  id: row.id,
  state: row.state,
  code: row.state === 'awaiting-member' ? row.code : null,
  expiresAt: iso(row.expires_at),
  expiresInMs: row.state === 'awaiting-member' ? Math.max(0, Math.round(new Date(row.expires_at).getTime() - now.getTime())) : 0,
});

/**
 * The kiosk's second factor from the insurer, not from the card (docs/security.md, hole 2). The
 * answer is compared with the member record; wrong answers are counted per person in one
 * transaction that holds the person's row, so parallel tries at several kiosks add up and lock
 * the person for `identity.lockHours` (or until a clerk lifts it). One clock: the service's.
 */
export function identityRoutes({ db, now, trust }: RouteDeps): AnyRoute[] {
  const { maxAttempts, lockHours, approvalSeconds } = trust.identity;
  return [
    implement(serviceEndpoints.verifyIdentity, {
      async handler({ body, caller }) {
        const at = now();
        const result = await db.transaction(async (tx): Promise<IdentityCheckResult> => {
          const row = await counter(tx, body.kvnr, at, lockHours);
          // Locked: the right answer gets the same as a wrong one, so a locked card is no oracle.
          if (row.locked_until) return { outcome: 'locked', lockedUntil: iso(row.locked_until) };
          const member = (await tx.query<{ postal_code: string | null; birth_date: Date | string }>('SELECT postal_code, birth_date FROM members WHERE kvnr = $1 AND card_number = $2', [body.kvnr, body.cardNumber])).rows[0];
          const given = normalizeAnswer(body.factor, body.answer);
          const expected = !member ? null : body.factor === 'postalCode' ? normalizeAnswer('postalCode', member.postal_code ?? '') : isoDay(member.birth_date);
          if (given !== null && expected !== null && given === expected) {
            await tx.query('UPDATE identity_checks SET failed_attempts = 0, last_failed_at = NULL WHERE kvnr = $1', [body.kvnr]);
            return { outcome: 'confirmed' };
          }
          const failed = row.failed_attempts + 1;
          const lockedUntil = failed >= maxAttempts ? new Date(at.getTime() + lockHours * 3_600_000) : null;
          await tx.query('UPDATE identity_checks SET failed_attempts = $2, last_failed_at = $3, locked_until = $4 WHERE kvnr = $1', [body.kvnr, failed, at, lockedUntil]);
          return lockedUntil ? { outcome: 'locked', lockedUntil: iso(lockedUntil) } : { outcome: 'refused', attemptsLeft: maxAttempts - failed };
        });
        if (result.outcome !== 'confirmed') await stationAudit(db, { at, stationId: caller.stationId as string, action: `identity.${result.outcome}`, subject: body.kvnr });
        return { status: 200, body: result };
      },
    }),
    implement(serviceEndpoints.identityLockStatus, {
      async handler({ body, caller }) {
        const at = now();
        await requireMember(db, body.kvnr);
        // Read only: the row is neither created nor reset here, so asking changes nothing.
        const row = (await db.query<CheckRow>('SELECT failed_attempts, last_failed_at, locked_until FROM identity_checks WHERE kvnr = $1', [body.kvnr])).rows[0];
        const current = !row || counterEnded(row, at, lockHours) ? null : row;
        const status = { lockedUntil: current?.locked_until ? iso(current.locked_until) : null, failedAttempts: current?.failed_attempts ?? 0 };
        await stationAudit(db, { at, stationId: caller.stationId as string, staffId: body.staffId, action: 'identity.lock-status', subject: body.kvnr, detail: { locked: status.lockedUntil !== null } });
        return { status: 200, body: status };
      },
    }),
    implement(serviceEndpoints.resetIdentityLock, {
      async handler({ body, caller }) {
        const at = now();
        await requireMember(db, body.kvnr);
        const before = (await db.query<{ locked_until: Date | null }>('DELETE FROM identity_checks WHERE kvnr = $1 RETURNING locked_until', [body.kvnr])).rows[0];
        const wasLocked = !!before?.locked_until && new Date(before.locked_until).getTime() > at.getTime();
        await stationAudit(db, { at, stationId: caller.stationId as string, staffId: body.staffId, action: 'identity.lock-reset', subject: body.kvnr, detail: { wasLocked } });
        return { status: 200, body: { wasLocked } };
      },
    }),
    implement(serviceEndpoints.createKioskApproval, {
      async handler({ body, caller }) {
        const attempt = () =>
          db.transaction(async (tx) => {
            const at = now();
            const existing = await loadApproval(tx, body.id, at);
            if (existing) {
              if (existing.station_id !== caller.stationId || existing.kvnr !== body.kvnr) throw new ApiFailure(409, 'approval_conflict', 'A different approval with this id exists');
              return { status: 202, body: approvalView(existing, at) };
            }
            const member = (await tx.query('SELECT 1 FROM members WHERE kvnr = $1 AND card_number = $2', [body.kvnr, body.cardNumber])).rows[0];
            if (!member) throw new ApiFailure(404, 'not_found', 'No member matches this KVNR and card number');
            // A person has one waiting approval: a new one ends the one before.
            await tx.query("UPDATE kiosk_approvals SET state = 'expired' WHERE kvnr = $1 AND state = 'awaiting-member'", [body.kvnr]);
            const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
            const row = (
              await tx.query<ApprovalRow>(
                `INSERT INTO kiosk_approvals (id, station_id, kvnr, code, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, station_id, kvnr, code, state, expires_at`,
                [body.id, caller.stationId, body.kvnr, code, at, new Date(at.getTime() + approvalSeconds * 1000)],
              )
            ).rows[0]!;
            return { status: 202, body: approvalView(row, at) };
          });
        return retryOnUniqueViolation(attempt);
      },
    }),
    implement(serviceEndpoints.kioskApproval, {
      async handler({ params, caller }) {
        return db.transaction(async (tx) => {
          const at = now();
          const row = await loadApproval(tx, params.id, at);
          if (!row || row.station_id !== caller.stationId) throw new ApiFailure(404, 'not_found', 'No kiosk approval with this id from this station');
          const view = approvalView(row, at);
          // Single use: the first look at an approval takes it; every later look says "used".
          if (row.state === 'approved') await tx.query("UPDATE kiosk_approvals SET state = 'used' WHERE id = $1", [row.id]);
          return { status: 200, body: view };
        });
      },
    }),
    implement(serviceEndpoints.answerKioskApproval, {
      async handler({ body }) {
        return db.transaction(async (tx) => {
          const at = now();
          const waiting = (await tx.query<{ id: string }>("SELECT id FROM kiosk_approvals WHERE kvnr = $1 AND code = $2 AND state = 'awaiting-member'", [body.kvnr, body.code])).rows[0];
          const row = waiting ? await loadApproval(tx, waiting.id, at) : undefined;
          if (!row || row.state !== 'awaiting-member') throw new ApiFailure(404, 'not_found', 'No kiosk session is waiting for this member with this code');
          row.state = body.approve ? 'approved' : 'declined';
          await tx.query('UPDATE kiosk_approvals SET state = $2, answered_at = $3 WHERE id = $1', [row.id, row.state, at]);
          return { status: 200, body: approvalView(row, at) };
        });
      },
    }),
  ];
}
