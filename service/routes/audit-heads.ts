import { ApiFailure } from '../http/errors';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import type { AuditHead } from '../../main/contract/service-api';
import type { RouteDeps } from './deps';

function stationOf(caller: { stationId: string | null }): string {
  if (!caller.stationId) throw new ApiFailure(401, 'unknown_station', 'Station authentication required');
  return caller.stationId;
}

/**
 * The newest head of each station's keyed audit chain. A station's report must extend the head
 * held here: its own entry at the held sequence number carries the held hash, and its head is not
 * below it. Anything else (entries cut off, a restored older database, a chain rewritten with
 * another key) is refused and kept as a flag; the station stops syncing and tells its staff.
 */
export function auditHeadRoutes({ db, now }: RouteDeps): AnyRoute[] {
  const held = async (stationId: string): Promise<AuditHead | null> => {
    const row = (await db.query<{ seq: string | null; hash: string | null }>('SELECT audit_head_seq AS seq, audit_head_hash AS hash FROM stations WHERE station_id = $1', [stationId])).rows[0];
    return row?.seq != null && row.hash != null ? { seq: Number(row.seq), hash: row.hash } : null;
  };
  return [
    implement(serviceEndpoints.auditHead, {
      async handler({ caller }) {
        return { status: 200, body: { head: await held(stationOf(caller)) } };
      },
    }),
    implement(serviceEndpoints.reportAuditHead, {
      async handler({ caller, body }) {
        const stationId = stationOf(caller);
        return db.transaction(async (tx) => {
          const row = (await tx.query<{ seq: string | null; hash: string | null }>('SELECT audit_head_seq AS seq, audit_head_hash AS hash FROM stations WHERE station_id = $1 FOR UPDATE', [stationId])).rows[0];
          const before = row?.seq != null && row.hash != null ? { seq: Number(row.seq), hash: row.hash } : null;
          const extends_ =
            before === null ||
            (body.since !== null &&
              body.since.seq === before.seq &&
              body.since.hash === before.hash &&
              (body.head.seq > before.seq || (body.head.seq === before.seq && body.head.hash === before.hash)));
          if (!extends_) {
            await tx.query('INSERT INTO station_audit_flags (station_id, flagged_at, held_seq, held_hash, reported) VALUES ($1, $2, $3, $4, $5)', [
              stationId,
              now(),
              before?.seq ?? null,
              before?.hash ?? null,
              JSON.stringify(body),
            ]);
            return { flagged: true as const };
          }
          await tx.query('UPDATE stations SET audit_head_seq = $2, audit_head_hash = $3, audit_head_at = $4 WHERE station_id = $1', [stationId, body.head.seq, body.head.hash, now()]);
          return { flagged: false as const };
        }).then(async (outcome) => {
          // The flag is kept (committed) before the refusal goes out.
          if (outcome.flagged) throw new ApiFailure(409, 'audit_chain_mismatch', "The station's audit chain does not extend the head it reported before");
          return { status: 200, body: { head: body.head } };
        });
      },
    }),
  ];
}
