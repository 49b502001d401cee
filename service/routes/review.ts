import { z } from 'zod';
import { Decision, DecisionFeed, DecisionFeedQuery, Evaluation, ReviewDecisionRequest, ReviewQueue, SubmissionUpload, submissionStates } from '../../main/contract/service-api';
import { ApiFailure } from '../http/errors';
import { defineRoute, type AnyRoute } from '../http/route';
import { iso, type RouteDeps } from './deps';

interface DecisionRow {
  seq: number;
  submission_id: string;
  decision: Decision['decision'];
  reason: string | null;
  fields: unknown;
  decided_at: Date;
}

function decision(row: DecisionRow): Decision {
  return { seq: row.seq, submissionId: row.submission_id, decision: row.decision, reason: row.reason, fields: z.array(Decision.shape.fields.element).parse(row.fields), decidedAt: iso(row.decided_at) };
}

const ReviewQuery = z.object({ state: z.enum(submissionStates).default('received'), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

/** Back-office review (admin) and the decision feed each station pulls for its own submissions. */
export function reviewRoutes({ db }: RouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/decisions',
      summary: "Decisions on this station's submissions after a cursor, oldest first",
      tag: 'decisions',
      auth: 'station',
      query: DecisionFeedQuery,
      responses: { 200: DecisionFeed },
      async handler({ query, caller }) {
        const rows = (
          await db.query<DecisionRow>('SELECT seq, submission_id, decision, reason, fields, decided_at FROM decisions WHERE station_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [caller.stationId, query.after, query.limit])
        ).rows;
        return { status: 200, body: { decisions: rows.map(decision), next: rows.at(-1)?.seq ?? query.after } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/review/submissions',
      summary: 'Submissions waiting for (or past) review',
      tag: 'review',
      auth: 'admin',
      query: ReviewQuery,
      responses: { 200: ReviewQueue },
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
    defineRoute({
      method: 'POST',
      url: '/v1/review/submissions/:id/decision',
      summary: 'Accept or reject a submission, or single fields of it; the station pulls the decision',
      tag: 'review',
      auth: 'admin',
      params: z.object({ id: z.uuid() }).strict(),
      body: ReviewDecisionRequest,
      responses: { 201: Decision },
      async handler({ params, body }) {
        return db.transaction(async (tx) => {
          const sub = (await tx.query<{ station_id: string; kvnr: string; participation_year: number; payload: unknown }>('SELECT station_id, kvnr, participation_year, payload FROM submissions WHERE id = $1 FOR UPDATE', [params.id])).rows[0];
          if (!sub) throw new ApiFailure(404, 'not_found', 'No such submission');
          const payload = SubmissionUpload.parse(sub.payload);
          const claimed = new Set(payload.measures.map((m) => m.measure));
          const unknown = body.fields.filter((f) => !claimed.has(f.measure));
          if (unknown.length > 0) throw new ApiFailure(400, 'unknown_field', `The submission claims no measure ${unknown.map((f) => f.measure).join(', ')}`, ['body.fields']);
          const credited =
            body.decision === 'accepted' ? [...claimed].filter((m) => !body.fields.some((f) => f.measure === m && f.decision === 'rejected')) : body.fields.filter((f) => f.decision === 'accepted').map((f) => f.measure);
          await tx.query('UPDATE submissions SET state = $2 WHERE id = $1', [params.id, body.decision]);
          // A rejected declaration withdraws the participation it recorded (service/routes/submissions.ts).
          if (payload.kind === 'participation' && body.decision === 'rejected') await tx.query('DELETE FROM participations WHERE submission_id = $1', [params.id]);
          for (const measure of credited) {
            await tx.query('INSERT INTO credited_measures (kvnr, year, measure, submission_id) SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM members WHERE kvnr = $1) ON CONFLICT DO NOTHING', [
              sub.kvnr,
              sub.participation_year,
              measure,
              params.id,
            ]);
          }
          const row = (
            await tx.query<DecisionRow>(
              'INSERT INTO decisions (submission_id, station_id, decision, reason, fields, reviewer) VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq, submission_id, decision, reason, fields, decided_at',
              [params.id, sub.station_id, body.decision, body.reason ?? null, JSON.stringify(body.fields), body.reviewer],
            )
          ).rows[0];
          if (!row) throw new Error('insert returned nothing');
          return { status: 201, body: decision(row) };
        });
      },
    }),
  ];
}
