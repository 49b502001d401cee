import { ChangeRequestCreate, type ChangeRequestStatus } from '../../main/contract/service-api';
import { checkIban } from '../../main/domain';
import { sha256Hex } from '../auth/authenticate';
import { canonicalJson } from '../http/canonical-json';
import { ApiFailure } from '../http/errors';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import type { Queryable } from '../db/database';
import { iso, retryOnUniqueViolation, type RouteDeps } from './deps';

// POST, not GET: the KVNR stays out of URLs and access logs.

interface ChangeRow {
  id: string;
  station_id: string;
  kvnr: string;
  kind: 'bank' | 'address';
  change: unknown;
  content_sha256: string;
  state: ChangeRequestStatus['state'];
  expires_at: Date;
}

const columns = 'id, station_id, kvnr, kind, change, content_sha256, state, expires_at';

// The insurer's two-factor approval (docs/bonus-abc-rules.md): a request not approved in time
// is not transmitted to the insurer. Declined or expired, its content (the new IBAN or address)
// is dropped; the kind and digest stay, so a retried create with the same id still gets its answer.
const dropped = `jsonb_build_object('kind', kind, 'dropped', true)`;

/** A waiting request whose window has passed is expired, whoever looks first. */
async function load(q: Queryable, id: string, now: Date, lock = false): Promise<ChangeRow | undefined> {
  const row = (await q.query<ChangeRow>(`SELECT ${columns} FROM change_requests WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0];
  if (row && row.state === 'awaiting-member' && new Date(row.expires_at).getTime() <= now.getTime()) {
    await q.query(`UPDATE change_requests SET state = 'expired', change = ${dropped} WHERE id = $1 AND state = 'awaiting-member'`, [id]);
    row.state = 'expired';
  }
  return row;
}

const view = (row: ChangeRow, now: Date): ChangeRequestStatus => ({
  id: row.id,
  kind: row.kind,
  state: row.state,
  expiresAt: iso(row.expires_at),
  expiresInMs: row.state === 'awaiting-member' ? Math.max(0, Math.round(new Date(row.expires_at).getTime() - now.getTime())) : 0,
});

/**
 * Protected changes (bank account, address) entered at a station take effect only after the
 * member approves them in the insurer's app within a time window; otherwise they expire.
 */
export function changeRequestRoutes({ db, now, changeWindowMinutes }: RouteDeps): AnyRoute[] {
  return [
    implement(serviceEndpoints.createChangeRequest, {
      async handler({ body, caller }) {
        // The wire schema checks the shape; the check digits are checked here, as at the station.
        if (body.change.kind === 'bank') {
          const iban = checkIban(body.change.iban);
          if (!iban.ok) throw new ApiFailure(400, 'iban_invalid', `The IBAN is not valid (${iban.problem})`, ['body.change.iban']);
        }
        const contentSha256 = sha256Hex(canonicalJson(body));
        const attempt = () =>
          db.transaction(async (tx) => {
            const existing = await load(tx, body.id, now());
            if (existing) {
              if (existing.station_id !== caller.stationId || existing.content_sha256 !== contentSha256) throw new ApiFailure(409, 'change_conflict', 'A different change request with this id exists');
              return { status: 202, body: view(existing, now()) };
            }
            const member = (await tx.query('SELECT 1 FROM members WHERE kvnr = $1 AND card_number = $2', [body.kvnr, body.cardNumber])).rows[0];
            if (!member) throw new ApiFailure(404, 'not_found', 'No member matches this KVNR and card number');
            const expiresAt = new Date(now().getTime() + changeWindowMinutes * 60_000);
            const row = (
              await tx.query<ChangeRow>(
                `INSERT INTO change_requests (id, station_id, kvnr, kind, change, content_sha256, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${columns}`,
                [body.id, caller.stationId, body.kvnr, body.change.kind, JSON.stringify(body.change), contentSha256, expiresAt],
              )
            ).rows[0];
            if (!row) throw new Error('insert returned nothing');
            return { status: 202, body: view(row, now()) };
          });
        return retryOnUniqueViolation(attempt);
      },
    }),
    implement(serviceEndpoints.changeRequest, {
      async handler({ params, caller }) {
        const row = await load(db, params.id, now());
        if (!row || row.station_id !== caller.stationId) throw new ApiFailure(404, 'not_found', 'No change request with this id from this station');
        return { status: 200, body: view(row, now()) };
      },
    }),
    implement(serviceEndpoints.pendingChanges, {
      async handler({ body }) {
        const rows = (await db.query<ChangeRow>(`SELECT ${columns} FROM change_requests WHERE kvnr = $1 AND state = 'awaiting-member' ORDER BY created_at`, [body.kvnr])).rows;
        const requests: ChangeRequestStatus[] = [];
        for (const row of rows) {
          // Looking expires what has passed its window, as any other look does.
          const current = await load(db, row.id, now());
          if (current?.state === 'awaiting-member') requests.push(view(current, now()));
        }
        return { status: 200, body: { requests } };
      },
    }),
    implement(serviceEndpoints.answerChange, {
      async handler({ params, body }) {
        return db.transaction(async (tx) => {
          const row = await load(tx, params.id, now(), true);
          if (!row) throw new ApiFailure(404, 'not_found', 'No such change request');
          if (row.state !== 'awaiting-member') throw new ApiFailure(409, `change_${row.state}`, `The change request is ${row.state} and can no longer be answered`);
          if (body.approve) {
            const change = ChangeRequestCreate.shape.change.parse(row.change);
            if (change.kind === 'bank') await tx.query('UPDATE members SET iban = $2, account_holder = $3 WHERE kvnr = $1', [row.kvnr, change.iban, change.accountHolder]);
            else await tx.query('UPDATE members SET street = $2, postal_code = $3, city = $4 WHERE kvnr = $1', [row.kvnr, change.street, change.postalCode, change.city]);
          }
          row.state = body.approve ? 'applied' : 'declined';
          await tx.query(`UPDATE change_requests SET state = $2, answered_at = $3${body.approve ? '' : `, change = ${dropped}`} WHERE id = $1`, [row.id, row.state, now()]);
          return { status: 200, body: view(row, now()) };
        });
      },
    }),
  ];
}
