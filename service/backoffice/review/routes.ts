import type { BlobStore } from '../../blobs/blob-store';
import type { Database } from '../../db/database';
import { ApiFailure } from '../../http/errors';
import { applyDecision } from '../../review/apply-decision';
import { BlobParams, BoDecisionRequest, ClaimInfo, DecisionResult, IdParams, Ok, QueuePage, QueueQuery, ReasonList, SubmissionDetail } from '../api';
import { audit } from '../audit';
import { boRoute, type AnyBoRoute } from '../http';
import { consumeClaim, releaseClaim, takeClaim } from './claims';
import { submissionDetail } from './detail';
import { nextUnclaimed, queuePage } from './queue';
import { reasonText, rejectionReasons } from './reasons';

const reviewers = ['reviewer'] as const;

/** Turns the reviewer's per-record choices into the decision the station's feed carries. */
export function decisionFrom(body: BoDecisionRequest, measures: number[]) {
  const text = (code: string | undefined) => {
    if (code === undefined) return null;
    const t = reasonText(code);
    if (!t) throw new ApiFailure(400, 'invalid_input', `Unknown reason code ${code}`, ['body.reason']);
    return t;
  };
  if (measures.length === 0) {
    if (!body.whole) throw new ApiFailure(400, 'invalid_input', 'A submission without records is accepted or rejected as a whole', ['body.whole']);
    if (body.whole === 'rejected' && !body.reason) throw new ApiFailure(400, 'invalid_input', 'A rejection needs a reason from the list', ['body.reason']);
    return { decision: body.whole, reason: body.whole === 'rejected' ? text(body.reason) : null, fields: [] };
  }
  const decided = new Map(body.fields.map((f) => [f.measure, f]));
  if (decided.size !== body.fields.length) throw new ApiFailure(400, 'invalid_input', 'Each record is decided once', ['body.fields']);
  const missing = measures.filter((m) => !decided.has(m));
  if (missing.length > 0) throw new ApiFailure(400, 'undecided_records', `Decide every record first (open: ${missing.join(', ')})`, ['body.fields']);
  const fields = body.fields.map((f) => ({ measure: f.measure, decision: f.decision, reason: f.decision === 'rejected' ? text(f.reason) : null }));
  const accepted = fields.filter((f) => f.decision === 'accepted').length;
  const decision = accepted === fields.length ? ('accepted' as const) : accepted === 0 ? ('rejected' as const) : ('partially-accepted' as const);
  // The submission's own reason: the one reason when every rejected record has the same.
  const reasons = [...new Set(fields.filter((f) => f.reason).map((f) => f.reason))];
  return { decision, reason: reasons.length === 1 ? (reasons[0] as string) : null, fields };
}

export function reviewRoutes(db: Database, blobs: BlobStore): AnyBoRoute[] {
  return [
    boRoute({
      method: 'GET',
      url: '/bo/api/review/reasons',
      access: reviewers,
      response: ReasonList,
      handler: async () => ({ reasons: rejectionReasons.map((r) => ({ ...r })) }),
    }),
    boRoute({
      method: 'GET',
      url: '/bo/api/review/queue',
      access: reviewers,
      query: QueueQuery,
      response: QueuePage,
      handler: async ({ query, now }) => queuePage(db, query, now),
    }),
    boRoute({
      method: 'POST',
      url: '/bo/api/review/submissions/:id/claim',
      access: reviewers,
      params: IdParams,
      response: ClaimInfo,
      async handler({ params, session, now }) {
        const accountId = session!.account.id;
        const claim = await db.transaction(async (tx) => {
          const state = (await tx.query<{ state: string }>('SELECT state FROM submissions WHERE id = $1', [params.id])).rows[0];
          if (!state) throw new ApiFailure(404, 'not_found', 'No such submission');
          if (state.state !== 'received') throw new ApiFailure(409, 'already_decided', 'This submission has been decided');
          const taken = await takeClaim(tx, params.id, accountId, now);
          await audit(tx, { at: now, accountId, action: 'review.claim', subject: `submission:${params.id}` });
          return taken;
        });
        return { submissionId: params.id, accountId: claim.accountId, expiresAt: claim.expiresAt.toISOString() };
      },
    }),
    boRoute({
      method: 'DELETE',
      url: '/bo/api/review/submissions/:id/claim',
      access: reviewers,
      params: IdParams,
      response: Ok,
      async handler({ params, session, now }) {
        await releaseClaim(db, params.id, session!.account.id);
        await audit(db, { at: now, accountId: session!.account.id, action: 'review.release', subject: `submission:${params.id}` });
        return { ok: true as const };
      },
    }),
    boRoute({
      method: 'GET',
      url: '/bo/api/review/submissions/:id',
      access: reviewers,
      params: IdParams,
      response: SubmissionDetail,
      async handler({ params, session, now }) {
        const detail = await submissionDetail(db, params.id, session!.account.id, now);
        // Opening a submission shows health data: who looked is on record.
        await audit(db, { at: now, accountId: session!.account.id, action: 'review.open', subject: `submission:${params.id}` });
        return detail;
      },
    }),
    boRoute({
      method: 'GET',
      url: '/bo/api/review/submissions/:id/evidence/:sha256',
      access: reviewers,
      params: BlobParams,
      async handler({ params }) {
        const blob = (
          await db.query<{ media_type: string }>('SELECT b.media_type FROM submission_blobs sb JOIN blobs b ON b.sha256 = sb.sha256 WHERE sb.submission_id = $1 AND sb.sha256 = $2 AND b.complete', [params.id, params.sha256])
        ).rows[0];
        // Only evidence of this submission: a reviewer cannot fetch any blob by its hash.
        if (!blob) throw new ApiFailure(404, 'not_found', 'This submission has no such evidence');
        return { raw: await blobs.read(params.sha256), contentType: blob.media_type };
      },
    }),
    boRoute({
      method: 'POST',
      url: '/bo/api/review/submissions/:id/decision',
      access: reviewers,
      params: IdParams,
      body: BoDecisionRequest,
      response: DecisionResult,
      status: 201,
      async handler({ params, body, session, now }) {
        const accountId = session!.account.id;
        const decided = await db.transaction(async (tx) => {
          const sub = (await tx.query<{ payload: { measures: { measure: number }[]; kind: string } }>('SELECT payload FROM submissions WHERE id = $1', [params.id])).rows[0];
          if (!sub) throw new ApiFailure(404, 'not_found', 'No such submission');
          if (sub.payload.kind === 'payout-application') throw new ApiFailure(409, 'payout_application', 'Payout applications are approved on the payouts page');
          const input = decisionFrom(body, sub.payload.measures.map((m) => m.measure));
          await consumeClaim(tx, params.id, accountId, now);
          const decision = await applyDecision(tx, params.id, { ...input, reviewer: accountId, note: body.note ?? null }, { onlyWaiting: true });
          await audit(tx, {
            at: now,
            accountId,
            action: 'review.decide',
            subject: `submission:${params.id}`,
            detail: { decision: decision.decision, seq: decision.seq, fields: body.fields.map((f) => ({ measure: f.measure, decision: f.decision, reason: f.reason ?? null })), reason: body.reason ?? null, note: body.note ?? null },
          });
          return decision;
        });
        return { seq: decided.seq, decision: decided.decision, next: await nextUnclaimed(db, accountId, now) };
      },
    }),
  ];
}
