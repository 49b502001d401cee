import type { StationHeartbeat } from '../../../main/contract/service-api';
import { stationEndpoints } from '../../../main/contract/service-endpoints';
import type { Database } from '../../db/database';
import { implement, type AnyRoute } from '../../http/route';

export type AuditHeadState = 'ok' | 'mismatch' | 'unknown';

interface StoredHeartbeat {
  report: StationHeartbeat;
  auditState: AuditHeadState;
}

/**
 * Whether a station's audit chain head checks out against what it reported before: the head may
 * only grow, and under a number already reported the hash must not change. A shorter or rewritten
 * chain (entries cut off or altered after they were reported) stays "mismatch" until the station
 * is enrolled anew. Without a head the state is "unknown".
 */
export function auditHeadState(previous: StoredHeartbeat | undefined, head: StationHeartbeat['auditHead']): AuditHeadState {
  if (previous?.auditState === 'mismatch') return 'mismatch';
  if (!head) return 'unknown';
  const before = previous?.report.auditHead;
  if (!before) return 'ok';
  if (head.seq < before.seq || (head.seq === before.seq && head.hash !== before.hash)) return 'mismatch';
  return 'ok';
}

/** The heartbeat endpoint (main/contract/service-endpoints.ts): the station's signed report after each sync round, kept for the fleet view. */
export function heartbeatRoute(db: Database, now: () => Date): AnyRoute {
  return implement(stationEndpoints.heartbeat, {
    async handler({ body, caller }) {
      const stationId = caller.stationId as string;
      const receivedAt = now();
      const skew = Math.round((Date.parse(body.stationTime) - receivedAt.getTime()) / 1000);
      await db.transaction(async (tx) => {
        // A report from before the station's (re-)enrollment belongs to its former key and chain.
        const previous = (
          await tx.query<{ report: StoredHeartbeat['report']; audit_state: AuditHeadState }>(
            `SELECT h.report, h.report->>'auditState' AS audit_state FROM station_heartbeats h JOIN stations s ON s.station_id = h.station_id
             WHERE h.station_id = $1 AND h.received_at >= s.enrolled_at FOR UPDATE OF h`,
            [stationId],
          )
        ).rows[0];
        const auditState = auditHeadState(previous ? { report: previous.report, auditState: previous.audit_state } : undefined, body.auditHead);
        await tx.query(
          `INSERT INTO station_heartbeats (station_id, received_at, station_time, report) VALUES ($1, $2, $3, $4)
           ON CONFLICT (station_id) DO UPDATE SET received_at = EXCLUDED.received_at, station_time = EXCLUDED.station_time, report = EXCLUDED.report`,
          [stationId, receivedAt, body.stationTime, JSON.stringify({ ...body, auditState, clockSkewSeconds: skew })],
        );
        // Mode and branch are the administrator's (enrollment, service/routes/enrollment.ts): the
        // station's own report is shown beside them in the fleet view and never written into them,
        // or a station could name itself a clerk desk.
      });
      return { status: 200, body: { receivedAt: receivedAt.toISOString(), clockSkewSeconds: skew } };
    },
  });
}
