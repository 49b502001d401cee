import { Evaluation, type SubmissionBatchItem, type SubmissionReceipt, type SubmissionUpload } from '../../main/contract/service-api';
import { sha256Hex } from '../auth/authenticate';
import { canonicalJson } from '../http/canonical-json';
import { ApiFailure, errorBody } from '../http/errors';
import { implement, type AnyRoute, type Caller } from '../http/route';
import type { StationMode } from '../../main/contract/station';
import { boundedCaptureTime, captureFindings, holdsDeclaration } from '../rules/presence';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import type { Queryable } from '../db/database';
import type { MemberFacts } from '../rules/evaluate';
import { recordParticipation } from '../rules/participation';
import { iso, isoDay, retryOnUniqueViolation, type RouteDeps } from './deps';
import { isRepeatedFieldCheckIn, repeatedCheckInFinding } from '../field/repeated-checkin';
import { evaluatePayoutApplication } from './payout-applications';
import { requireSubmissionKind } from '../auth/roles';
import { checkBookletStamps, recordBookletStamps } from '../rules/booklet-stamps';

/** A signed-in station with its enrolled mode (the route's modes admitted it). */
interface StationCaller {
  stationId: string;
  mode: StationMode;
}
function stationCaller(caller: Caller): StationCaller {
  if (!caller.stationId || !caller.mode) throw new Error('a station route without a station caller');
  return { stationId: caller.stationId, mode: caller.mode };
}

/** A batch of small submissions; the station splits larger ones (main/sync/sync-worker.ts). */
export const submissionBatchBodyLimit = 1024 * 1024;

interface SubmissionRow {
  id: string;
  station_id: string;
  content_sha256: string;
  state: SubmissionReceipt['state'];
  evaluation: unknown;
  received_at: Date;
}

/** What the insurer knows about the member, for the rules engine; null for an unknown KVNR. */
async function memberFacts(q: Queryable, kvnr: string): Promise<MemberFacts | null> {
  const member = (await q.query<{ birth_date: Date | string }>('SELECT birth_date FROM members WHERE kvnr = $1', [kvnr])).rows[0];
  if (!member) return null;
  const declarations = (await q.query<{ year: number; declared_at: Date }>('SELECT year, declared_at FROM participations WHERE kvnr = $1', [kvnr])).rows;
  return { ref: kvnr, birthDate: isoDay(member.birth_date), declarations: declarations.map((d) => ({ year: d.year, declaredAt: new Date(d.declared_at) })) };
}

interface BatchFacts {
  existing: Map<string, SubmissionRow>;
  completeBlobs: Set<string>;
  facts: Map<string, MemberFacts | null>;
}

function blobsOf(body: SubmissionUpload): string[] {
  return [...new Set(body.measures.flatMap((m) => m.evidence.flatMap((e) => (e.blob ? [e.blob.sha256] : []))))];
}

async function completeBlobs(q: Queryable, blobs: string[]): Promise<Set<string>> {
  return new Set((await q.query<{ sha256: string }>('SELECT sha256 FROM blobs WHERE complete AND sha256 = ANY($1::text[])', [blobs])).rows.map((r) => r.sha256));
}

async function factsOf(q: Queryable, kvnr: string, known?: BatchFacts): Promise<MemberFacts | null> {
  if (!known) return memberFacts(q, kvnr);
  if (!known.facts.has(kvnr)) known.facts.set(kvnr, await memberFacts(q, kvnr));
  return known.facts.get(kvnr) ?? null;
}

function receipt(row: SubmissionRow): SubmissionReceipt {
  return { id: row.id, state: row.state, receivedAt: iso(row.received_at), evaluation: Evaluation.parse(row.evaluation) };
}

/**
 * Submissions, idempotent by the station's id: the first upload is stored and evaluated, a
 * retry with the same content gets the same receipt, and different content under a known id is
 * a conflict. Every referenced blob must be complete first, so a submission never points at
 * evidence the service does not hold.
 */
export function submissionRoutes({ db, rules, now, rulesNow, trust }: RouteDeps): AnyRoute[] {
  /**
   * Applies one submission inside `tx` and gives its receipt. Every refusal (ApiFailure) comes
   * before the first write, so a batch can answer it for that item and go on with the next.
   */
  async function store(tx: Queryable, caller: StationCaller, body: SubmissionUpload, known?: BatchFacts): Promise<SubmissionReceipt> {
    const { stationId } = caller;
    const contentSha256 = sha256Hex(canonicalJson(body));
    const blobs = blobsOf(body);
    const existing = known
      ? known.existing.get(body.id)
      : (await tx.query<SubmissionRow>('SELECT id, station_id, content_sha256, state, evaluation, received_at FROM submissions WHERE id = $1', [body.id])).rows[0];
    if (existing) {
      if (existing.station_id !== stationId || existing.content_sha256 !== contentSha256) throw new ApiFailure(409, 'submission_conflict', 'A different submission with this id exists; nothing was changed');
      return receipt(existing);
    }
    if (blobs.length > 0) {
      const complete = known?.completeBlobs ?? (await completeBlobs(tx, blobs));
      const missing = blobs.filter((b) => !complete.has(b));
      if (missing.length > 0) throw new ApiFailure(409, 'blob_missing', `Upload the evidence first; missing: ${missing.join(', ')}`);
    }
    const stamps = await checkBookletStamps(tx, caller.mode, body);
    // The service evaluates itself and never trusts the station's sums. The receipt's moment on the
    // date rules' clock (the stored received_at is the database's own, real time).
    const receivedAt = rulesNow();
    // Trust model: the rules see the capture dated no earlier than the tolerance before its
    // receipt; the stored payload keeps what the station sent.
    const toleranceMs = trust.declarationToleranceHours * 3_600_000;
    const bounded = { ...body, createdAt: boundedCaptureTime(body.createdAt, receivedAt, toleranceMs).toISOString() };
    const facts = body.kind === 'payout-application' ? null : await factsOf(tx, body.member.kvnr, known);
    const evaluated = body.kind === 'payout-application' ? await evaluatePayoutApplication(tx, bounded, receivedAt) : rules.evaluate(bounded, facts, receivedAt);
    // Was the member there, and is it dated when it arrived? (service/rules/presence.ts)
    const presence = await captureFindings(tx, { mode: caller.mode, body, receivedAt, toleranceMs });
    // One participation per person and event, whichever desk checked them in (service/field).
    const repeated = await isRepeatedFieldCheckIn(tx, body);
    const evaluation = { ...evaluated, findings: [...evaluated.findings, ...presence, ...(repeated ? [repeatedCheckInFinding] : [])] };
    const row = (
      await tx.query<SubmissionRow>(
        `INSERT INTO submissions (id, station_id, kvnr, kind, participation_year, payload, content_sha256, evaluation, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, station_id, content_sha256, state, evaluation, received_at`,
        [body.id, stationId, body.member.kvnr, body.kind, body.participationYear, JSON.stringify(body), contentSha256, JSON.stringify(evaluation), repeated ? 'rejected' : 'received'],
      )
    ).rows[0];
    if (!row) throw new Error('insert returned nothing');
    // A declaration without proof of presence, or dated too far back, counts only once a reviewer accepts it.
    if (body.kind === 'participation' && facts && !repeated && !holdsDeclaration(presence)) await recordParticipation(tx, bounded, facts, evaluation, receivedAt);
    await recordBookletStamps(tx, row.id, stamps);
    if (blobs.length > 0) await tx.query('INSERT INTO submission_blobs (submission_id, sha256) SELECT $1::uuid, unnest($2::text[])', [body.id, blobs]);
    known?.existing.set(row.id, row);
    return receipt(row);
  }

  /** What a batch looks up once for all its submissions instead of once per submission. */
  async function batchFacts(tx: Queryable, submissions: SubmissionUpload[]): Promise<BatchFacts> {
    const ids = [...new Set(submissions.map((s) => s.id))];
    const rows = (await tx.query<SubmissionRow>('SELECT id, station_id, content_sha256, state, evaluation, received_at FROM submissions WHERE id = ANY($1::uuid[])', [ids])).rows;
    const blobs = [...new Set(submissions.flatMap(blobsOf))];
    return { existing: new Map(rows.map((r) => [r.id, r])), completeBlobs: blobs.length > 0 ? await completeBlobs(tx, blobs) : new Set(), facts: new Map() };
  }

  return [
    implement(serviceEndpoints.putSubmission, {
      bodyLimit: 256 * 1024,
      async handler({ params, body, caller }) {
        if (params.id !== body.id) throw new ApiFailure(400, 'id_mismatch', 'The path id and the body id differ', ['path.id', 'body.id']);
        const station = stationCaller(caller);
        await requireSubmissionKind(db, caller, body, now());
        return { status: 200, body: await retryOnUniqueViolation(() => db.transaction((tx) => store(tx, station, body))) };
      },
    }),
    implement(serviceEndpoints.submitBatch, {
      bodyLimit: submissionBatchBodyLimit,
      async handler({ body, caller }) {
        const station = stationCaller(caller);
        // One transaction for the whole batch. A lost race on one id (the same submission
        // delivered twice at once) aborts it; the retry then finds the stored rows and gives
        // their receipts, as PUT does.
        const results = await retryOnUniqueViolation(() =>
          db.transaction(async (tx) => {
            const answers: SubmissionBatchItem[] = [];
            const known = await batchFacts(tx, body.submissions);
            for (const item of body.submissions) {
              try {
                await requireSubmissionKind(tx, caller, item, now());
                answers.push({ ok: true, id: item.id, receipt: await store(tx, station, item, known) });
              } catch (error) {
                if (!(error instanceof ApiFailure)) throw error;
                answers.push({ ok: false, id: item.id, status: error.status, error: errorBody(error.code, error.message, error.fields).error });
              }
            }
            return answers;
          }),
        );
        return { status: 200, body: { results } };
      },
    }),
    implement(serviceEndpoints.submission, {
      async handler({ params, caller }) {
        const row = (await db.query<SubmissionRow>('SELECT id, station_id, content_sha256, state, evaluation, received_at FROM submissions WHERE id = $1 AND station_id = $2', [params.id, caller.stationId])).rows[0];
        if (!row) throw new ApiFailure(404, 'not_found', 'No submission with this id from this station');
        return { status: 200, body: receipt(row) };
      },
    }),
  ];
}
