import { Evaluation } from '../../main/contract/service-api';
import { applyDecision, decisionOf } from '../review/apply-decision';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import { iso, type RouteDeps } from './deps';

/** Back-office review (admin) and the decision feed each station pulls for its own submissions. */
export function reviewRoutes({ db }: RouteDeps): AnyRoute[] {
  return [
    implement(serviceEndpoints.decisions, {
      async handler({ query, caller }) {
        const rows = (
          await db.query<Parameters<typeof decisionOf>[0]>('SELECT seq, submission_id, decision, reason, fields, decided_at FROM decisions WHERE station_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [caller.stationId, query.after, query.limit])
        ).rows;
        return { status: 200, body: { decisions: rows.map(decisionOf), next: rows.at(-1)?.seq ?? query.after } };
      },
    }),
    implement(serviceEndpoints.reviewQueue, {
      async handler({ query }) {
        const rows = (
          await db.query<{ id: string; station_id: string; kind: string; participation_year: number; state: string; received_at: Date; evaluation: unknown }>(
            'SELECT id, station_id, kind, participation_year, state, received_at, evaluation FROM submissions WHERE state = $1 ORDER BY received_at, id LIMIT $2',
            [query.state, query.limit],
          )
        ).rows;
        return {
          status: 200,
          body: {
            submissions: rows.map((r) => ({ id: r.id, stationId: r.station_id, kind: r.kind, participationYear: r.participation_year, state: r.state, receivedAt: iso(r.received_at), evaluation: Evaluation.parse(r.evaluation) })),
          },
        };
      },
    }),
    implement(serviceEndpoints.decide, {
      async handler({ params, body }) {
        const decided = await db.transaction((tx) => applyDecision(tx, params.id, { decision: body.decision, reason: body.reason ?? null, fields: body.fields, reviewer: body.reviewer }));
        return { status: 201, body: decided };
      },
    }),
  ];
}
