import { z } from 'zod';
import type { Decision} from '../../main/contract/service-api';
import { Evaluation, FieldDecision, SubmissionUpload } from '../../main/contract/service-api';
import type { Queryable } from '../db/database';
import { ApiFailure } from '../http/errors';
import { iso } from '../routes/deps';
import { restoreParticipation } from '../rules/participation';

export interface DecisionInput {
  decision: Decision['decision'];
  reason: string | null;
  fields: z.infer<typeof FieldDecision>[];
  reviewer: string;
  /** The reviewer's own note, kept at the service; the member never sees it. */
  note?: string | null;
}

interface DecisionRow {
  seq: number;
  submission_id: string;
  decision: Decision['decision'];
  reason: string | null;
  fields: unknown;
  decided_at: Date;
}

export function decisionOf(row: DecisionRow): Decision {
  return { seq: row.seq, submissionId: row.submission_id, decision: row.decision, reason: row.reason, fields: z.array(FieldDecision).parse(row.fields), decidedAt: iso(row.decided_at) };
}

/**
 * A decision on a submission, inside the caller's transaction: the submission row is locked, its
 * state set, accepted measures credited to the member, a rejected participation withdrawn, and
 * the decision appended to the feed its station pulls (GET /v1/decisions). The administrator's
 * endpoint and the back office both decide through here, so a decision means the same wherever
 * it was taken. A submission decided already is a conflict: the first decision stands.
 */
export async function applyDecision(tx: Queryable, submissionId: string, input: DecisionInput, options: { onlyWaiting?: boolean } = {}): Promise<Decision> {
  const sub = (
    await tx.query<{ station_id: string; kvnr: string; participation_year: number; payload: unknown; state: string; received_at: Date; evaluation: unknown }>(
      'SELECT station_id, kvnr, participation_year, payload, state, received_at, evaluation FROM submissions WHERE id = $1 FOR UPDATE',
      [submissionId],
    )
  ).rows[0];
  if (!sub) throw new ApiFailure(404, 'not_found', 'No such submission');
  if (options.onlyWaiting && sub.state !== 'received') throw new ApiFailure(409, 'already_decided', 'This submission has been decided meanwhile; nothing was changed');
  const payload = SubmissionUpload.parse(sub.payload);
  const claimed = new Set(payload.measures.map((m) => m.measure));
  const unknown = input.fields.filter((f) => !claimed.has(f.measure));
  if (unknown.length > 0) throw new ApiFailure(400, 'unknown_field', `The submission claims no measure ${unknown.map((f) => f.measure).join(', ')}`, ['body.fields']);
  const credited = input.decision === 'accepted' ? [...claimed].filter((m) => !input.fields.some((f) => f.measure === m && f.decision === 'rejected')) : input.fields.filter((f) => f.decision === 'accepted').map((f) => f.measure);
  await tx.query('UPDATE submissions SET state = $2 WHERE id = $1', [submissionId, input.decision]);
  // A rejected declaration withdraws the participation it recorded (service/routes/submissions.ts);
  // accepted again later, it counts again.
  if (payload.kind === 'participation' && input.decision === 'rejected') await tx.query('DELETE FROM participations WHERE submission_id = $1', [submissionId]);
  else if (payload.kind === 'participation') await restoreParticipation(tx, { payload, receivedAt: new Date(sub.received_at), evaluation: Evaluation.parse(sub.evaluation) });
  for (const measure of credited) {
    await tx.query('INSERT INTO credited_measures (kvnr, year, measure, submission_id) SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM members WHERE kvnr = $1) ON CONFLICT DO NOTHING', [
      sub.kvnr,
      sub.participation_year,
      measure,
      submissionId,
    ]);
  }
  const row = (
    await tx.query<DecisionRow>(
      'INSERT INTO decisions (submission_id, station_id, decision, reason, fields, reviewer, note) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq, submission_id, decision, reason, fields, decided_at',
      [submissionId, sub.station_id, input.decision, input.reason, JSON.stringify(input.fields), input.reviewer, input.note ?? null],
    )
  ).rows[0];
  if (!row) throw new Error('insert returned nothing');
  return decisionOf(row);
}
