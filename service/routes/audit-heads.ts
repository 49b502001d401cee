import { ApiFailure } from '../http/errors';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import type { AuditHead, AuditHeadReport } from '../../main/contract/service-api';
import type { RouteDeps } from './deps';

function stationOf(caller: { stationId: string | null }): string {
  if (!caller.stationId) throw new ApiFailure(401, 'unknown_station', 'Station authentication required');
  return caller.stationId;
}

const sameHead = (a: AuditHead | null | undefined, b: AuditHead | null): boolean => (a ?? null) === b || (!!a && !!b && a.seq === b.seq && a.hash === b.hash);

/**
 * How a report stands to the head held (`before`):
 * - 'extends': its own entry at the held head carries the held hash and its head is not below it,
 *   or its head is the held head itself (the keyed hash covers the whole chain below it);
 * - 'stale': the station read another head than the one held now (`read`: another process of the
 *   same station reported in between, as right after enrollment when the running app and `station
 *   sync now` both make the first report) and the report is consistent with what it read. The
 *   service cannot tell it from a cut chain itself (the chain is keyed; it holds one head), so it
 *   is refused, and the station reads the head afresh and reports against it, where a cut or
 *   rewritten chain is flagged as any other. No flag for it: the back office would see a tamper
 *   alarm for a race. A station cannot get here by reading the head held now: `read` equal to it
 *   is judged as a report without `read`.
 * - 'mismatch': everything else (entries cut off, an older database restored, a chain rewritten):
 *   refused and flagged.
 */
export function judgeAuditReport(before: AuditHead | null, report: AuditHeadReport): 'extends' | 'stale' | 'mismatch' {
  if (before === null || sameHead(report.head, before)) return 'extends';
  if (report.since !== null && sameHead(report.since, before) && report.head.seq > before.seq) return 'extends';
  const read = report.read;
  if (read === undefined || sameHead(read, before)) return 'mismatch';
  const consistent = read === null ? report.since === null : sameHead(report.since, read) && (report.head.seq > read.seq || sameHead(report.head, read));
  return consistent ? 'stale' : 'mismatch';
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
          const verdict = judgeAuditReport(before, body);
          // Stale: refused below without a flag; the held head stays.
          if (verdict === 'stale') return { refused: 'stale' as const };
          if (verdict === 'mismatch') {
            await tx.query('INSERT INTO station_audit_flags (station_id, flagged_at, held_seq, held_hash, reported) VALUES ($1, $2, $3, $4, $5)', [
              stationId,
              now(),
              before?.seq ?? null,
              before?.hash ?? null,
              JSON.stringify(body),
            ]);
            return { refused: 'flagged' as const };
          }
          await tx.query('UPDATE stations SET audit_head_seq = $2, audit_head_hash = $3, audit_head_at = $4 WHERE station_id = $1', [stationId, body.head.seq, body.head.hash, now()]);
          return { refused: null };
        }).then(async (outcome) => {
          // The flag is kept (committed) before the refusal goes out.
          if (outcome.refused === 'flagged') throw new ApiFailure(409, 'audit_chain_mismatch', "The station's audit chain does not extend the head it reported before");
          if (outcome.refused === 'stale') throw new ApiFailure(409, 'audit_chain_mismatch', 'Another report of this station moved the head held since it was read: read it again and report against it');
          return { status: 200, body: { head: body.head } };
        });
      },
    }),
  ];
}
