import type { Evaluation, SubmissionUpload } from '../../main/contract/service-api';
import { berlinDateOf, programFor } from '../../main/domain';
import type { Queryable } from '../db/database';
import { isoDay } from '../routes/deps';
import { declaredAtOf, type MemberFacts } from './evaluate';

/** Whether the rules engine found a declaration valid, so that it counts as the member's participation. */
function validDeclaration(evaluation: Evaluation): boolean {
  return evaluation.engine === 'evaluated' && !evaluation.findings.some((f) => f.startsWith('participation.'));
}

/**
 * §1, §4: a participation declared at a station (kiosk or field desk) counts from the moment its
 * submission is stored — recorded in the same transaction, when the rules engine found the
 * declaration valid. The first declaration for a year wins; a later one changes nothing. `facts`
 * (the batch's cached facts for this member) learn it too, so evidence later in the same batch
 * is evaluated with the declaration.
 */
export async function recordParticipation(tx: Queryable, body: SubmissionUpload, facts: MemberFacts, evaluation: Evaluation, receivedAt: Date): Promise<void> {
  if (!validDeclaration(evaluation)) return;
  const declaredAt = declaredAtOf(body, receivedAt);
  const program = programFor(facts.birthDate, berlinDateOf(declaredAt.getTime()));
  const inserted = await tx.query(
    'INSERT INTO participations (kvnr, year, program, declared_at, submission_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kvnr, year) DO NOTHING RETURNING year',
    [body.member.kvnr, body.participationYear, program, declaredAt.toISOString(), body.id],
  );
  if (inserted.rows.length > 0) {
    facts.declarations.push({ year: body.participationYear, declaredAt });
    return;
  }
  // Another station's declaration committed meanwhile (after these facts were read): that one counts.
  if (facts.declarations.some((d) => d.year === body.participationYear)) return;
  const first = (await tx.query<{ declared_at: Date }>('SELECT declared_at FROM participations WHERE kvnr = $1 AND year = $2', [body.member.kvnr, body.participationYear])).rows[0];
  if (first) facts.declarations.push({ year: body.participationYear, declaredAt: new Date(first.declared_at) });
}

/**
 * A declaration accepted in review after it had been rejected (which withdrew it): it counts
 * again, from when it was declared, unless another declaration for that year was recorded
 * meanwhile (the first one on record wins, as at delivery).
 */
export async function restoreParticipation(tx: Queryable, submission: { payload: SubmissionUpload; receivedAt: Date; evaluation: Evaluation }): Promise<void> {
  const { payload } = submission;
  if (payload.kind !== 'participation' || !validDeclaration(submission.evaluation)) return;
  const member = (await tx.query<{ birth_date: Date | string }>('SELECT birth_date FROM members WHERE kvnr = $1', [payload.member.kvnr])).rows[0];
  if (!member) return;
  const declaredAt = declaredAtOf(payload, submission.receivedAt);
  const program = programFor(isoDay(member.birth_date), berlinDateOf(declaredAt.getTime()));
  await tx.query('INSERT INTO participations (kvnr, year, program, declared_at, submission_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kvnr, year) DO NOTHING', [
    payload.member.kvnr,
    payload.participationYear,
    program,
    declaredAt.toISOString(),
    payload.id,
  ]);
}
