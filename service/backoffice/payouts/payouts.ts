import { randomUUID } from 'node:crypto';
import { Evaluation, SubmissionUpload } from '../../../main/contract/service-api';
import { berlinDateOf, taxReportFor } from '../../../main/domain';
import type { Database, Queryable } from '../../db/database';
import { ApiFailure } from '../../http/errors';
import { iso, isoDay } from '../../routes/deps';
import { evaluatePayoutApplication } from '../../routes/payout-applications';
import { applyDecision } from '../../review/apply-decision';
import type { PayoutApplication, PayoutOverview } from '../api';
import { audit } from '../audit';
import { requestEvaluation } from '../../evaluation/jobs';
import { buildPain001, checkPain001, type Payer } from './pain001';

export interface PayoutSettings {
  /** Above this amount a second person approves (four-eyes). */
  fourEyesAboveCents: number;
  payer: Payer;
  /** The remittance text members see on their bank statement; {year} is the participation year. */
  referenceText: string;
}

export const defaultPayoutSettings: PayoutSettings = {
  fourEyesAboveCents: 5000,
  payer: { name: 'Bonus ABC Krankenkasse', iban: 'DE02120300000000202051', bic: 'BYLADEM1001' },
  referenceText: 'Bonus ABC Bonuspraemie {year}',
};

interface ApplicationRow {
  id: string;
  kvnr: string;
  year: number;
  state: string;
  received_at: Date;
  evaluation: unknown;
  first_name: string | null;
  last_name: string | null;
  iban: string | null;
  amount_cents: number | null;
  first_by: string | null;
  second_by: string | null;
  run_id: string | null;
  run_paid: boolean | null;
  paid: boolean;
  excluded: boolean;
}

function stateOf(row: ApplicationRow, settings: PayoutSettings): PayoutApplication['state'] {
  if (row.paid) return 'paid';
  if (row.run_id) return 'in-run';
  if (row.first_by) return row.second_by || (row.amount_cents ?? 0) <= settings.fourEyesAboveCents ? 'approved' : 'awaiting-second';
  const evaluation = Evaluation.parse(row.evaluation);
  if (row.state !== 'received' || row.excluded || !row.iban || (evaluation.totalCents ?? 0) === 0) return 'blocked';
  return 'open';
}

/** Payout applications with their state in the back office, the runs and the reclaims (§2.5). */
export async function payoutOverview(db: Queryable, settings: PayoutSettings): Promise<PayoutOverview> {
  const rows = (
    await db.query<ApplicationRow>(
      `SELECT s.id, s.kvnr, s.participation_year AS year, s.state, s.received_at, s.evaluation, m.first_name, m.last_name, m.iban,
              a.amount_cents, a.first_by, a.second_by, a.run_id, r.paid_at IS NOT NULL AS run_paid,
              EXISTS (SELECT 1 FROM bo_paid_years p WHERE p.submission_id = s.id) AS paid,
              EXISTS (SELECT 1 FROM bo_exclusions x WHERE x.kvnr = s.kvnr) AS excluded
       FROM submissions s LEFT JOIN members m ON m.kvnr = s.kvnr
       LEFT JOIN bo_payout_approvals a ON a.submission_id = s.id LEFT JOIN bo_payout_runs r ON r.id = a.run_id
       WHERE s.kind = 'payout-application' ORDER BY s.received_at, s.id LIMIT 2000`,
    )
  ).rows;
  const runs = (
    await db.query<{ id: string; message_id: string; created_at: Date; created_by: string; execution_day: Date | string; item_count: number; total_cents: number; paid_at: Date | null; paid_by: string | null }>(
      'SELECT id, message_id, created_at, created_by, execution_day, item_count, total_cents, paid_at, paid_by FROM bo_payout_runs ORDER BY created_at DESC LIMIT 200',
    )
  ).rows;
  const reclaims = (
    await db.query<{ kvnr: string; first_name: string | null; last_name: string | null; year: number; amount_cents: number; paid_at: Date; excluded_at: Date; reason: string }>(
      `SELECT p.kvnr, m.first_name, m.last_name, p.year, p.amount_cents, p.paid_at, x.excluded_at, x.reason
       FROM bo_paid_years p JOIN bo_exclusions x ON x.kvnr = p.kvnr LEFT JOIN members m ON m.kvnr = p.kvnr ORDER BY x.excluded_at, p.year`,
    )
  ).rows;
  return {
    fourEyesAboveCents: settings.fourEyesAboveCents,
    applications: rows.map((r) => {
      const evaluation = Evaluation.parse(r.evaluation);
      const amount = r.amount_cents ?? evaluation.totalCents ?? 0;
      return {
        id: r.id,
        kvnr: r.kvnr,
        name: r.first_name ? `${r.first_name} ${r.last_name}` : null,
        year: r.year,
        receivedAt: iso(r.received_at),
        amountCents: amount,
        findings: evaluation.findings,
        iban: r.iban ? `${r.iban.slice(0, 4)} … ${r.iban.slice(-4)}` : null,
        state: stateOf(r, settings),
        firstBy: r.first_by,
        secondBy: r.second_by,
        needsSecond: amount > settings.fourEyesAboveCents,
      };
    }),
    runs: runs.map((r) => ({ id: r.id, messageId: r.message_id, createdAt: iso(r.created_at), createdBy: r.created_by, executionDay: isoDay(r.execution_day), itemCount: r.item_count, totalCents: Number(r.total_cents), paidAt: r.paid_at ? iso(r.paid_at) : null, paidBy: r.paid_by })),
    reclaims: reclaims.map((r) => ({ kvnr: r.kvnr, name: r.first_name ? `${r.first_name} ${r.last_name}` : null, year: r.year, amountCents: r.amount_cents, paidAt: iso(r.paid_at), excludedAt: iso(r.excluded_at), reason: r.reason })),
  };
}

/**
 * Approves a payout application: the first approval recomputes the amount with the shared rules
 * from what the service has credited now (never the station's figure) and records it; above the
 * four-eyes amount a second, different person must approve too. When the approval is complete
 * the member's station hears "bewilligt" through the decisions feed.
 */
export async function approvePayout(db: Database, id: string, accountId: string, now: Date, settings: PayoutSettings): Promise<{ complete: boolean; amountCents: number }> {
  return db.transaction(async (tx) => {
    const sub = (await tx.query<{ kind: string; state: string; payload: unknown; received_at: Date; kvnr: string; participation_year: number }>('SELECT kind, state, payload, received_at, kvnr, participation_year FROM submissions WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (!sub || sub.kind !== 'payout-application') throw new ApiFailure(404, 'not_found', 'No such payout application');
    const approval = (await tx.query<{ first_by: string; second_by: string | null; amount_cents: number }>('SELECT first_by, second_by, amount_cents FROM bo_payout_approvals WHERE submission_id = $1', [id])).rows[0];
    if (approval) {
      if (approval.amount_cents <= settings.fourEyesAboveCents || approval.second_by) throw new ApiFailure(409, 'already_approved', 'This application is approved already');
      if (approval.first_by === accountId) throw new ApiFailure(409, 'four_eyes', 'Vier-Augen-Prinzip: eine zweite Person muss diesen Betrag freigeben.');
      await tx.query('UPDATE bo_payout_approvals SET second_by = $2, second_at = $3 WHERE submission_id = $1', [id, accountId, now]);
      await audit(tx, { at: now, accountId, action: 'payout.approve.second', subject: `submission:${id}`, detail: { amountCents: approval.amount_cents } });
      await applyDecision(tx, id, { decision: 'accepted', reason: null, fields: [], reviewer: accountId }, { onlyWaiting: true });
      return { complete: true, amountCents: approval.amount_cents };
    }
    if (sub.state !== 'received') throw new ApiFailure(409, 'already_decided', 'This application has been decided');
    if ((await tx.query('SELECT 1 FROM bo_exclusions WHERE kvnr = $1', [sub.kvnr])).rowCount > 0) throw new ApiFailure(409, 'member_excluded', 'The member is excluded from the program (§ 2.5)');
    const member = (await tx.query<{ iban: string | null }>('SELECT iban FROM members WHERE kvnr = $1', [sub.kvnr])).rows[0];
    if (!member?.iban) throw new ApiFailure(409, 'no_bank_account', 'No bank account on record for this member');
    const evaluation = await evaluatePayoutApplication(tx, SubmissionUpload.parse(sub.payload), new Date(sub.received_at));
    const amount = evaluation.totalCents ?? 0;
    if (amount <= 0) throw new ApiFailure(409, 'not_payable', `Nothing to pay: ${evaluation.findings.join(', ') || 'no amount'}`);
    await tx.query('UPDATE submissions SET evaluation = $2 WHERE id = $1', [id, JSON.stringify(evaluation)]);
    await tx.query('INSERT INTO bo_payout_approvals (submission_id, kvnr, year, amount_cents, first_by, first_at) VALUES ($1, $2, $3, $4, $5, $6)', [id, sub.kvnr, sub.participation_year, amount, accountId, now]);
    const complete = amount <= settings.fourEyesAboveCents;
    await audit(tx, { at: now, accountId, action: 'payout.approve.first', subject: `submission:${id}`, detail: { amountCents: amount, complete } });
    if (complete) await applyDecision(tx, id, { decision: 'accepted', reason: null, fields: [], reviewer: accountId }, { onlyWaiting: true });
    return { complete, amountCents: amount };
  });
}

/**
 * A run of every completely approved application not yet in a run, with its pain.001 file checked
 * before it is kept; queues the re-evaluation of every member of the run's years.
 */
export async function createRun(db: Database, accountId: string, executionDay: string, now: Date, settings: PayoutSettings): Promise<{ id: string; items: number; totalCents: number }> {
  return db.transaction(async (tx) => {
    const items = (
      await tx.query<{ submission_id: string; year: number; amount_cents: number; iban: string | null; account_holder: string | null; first_name: string; last_name: string }>(
        `SELECT a.submission_id, a.year, a.amount_cents, m.iban, m.account_holder, m.first_name, m.last_name
         FROM bo_payout_approvals a JOIN members m ON m.kvnr = a.kvnr
         WHERE a.run_id IS NULL AND (a.amount_cents <= $1 OR a.second_by IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM bo_exclusions x WHERE x.kvnr = a.kvnr)
         ORDER BY a.first_at, a.submission_id FOR UPDATE OF a`,
        [settings.fourEyesAboveCents],
      )
    ).rows;
    if (items.length === 0) throw new ApiFailure(409, 'nothing_to_pay', 'No approved application waits for a run');
    const without = items.filter((i) => !i.iban);
    if (without.length > 0) throw new ApiFailure(409, 'no_bank_account', `No bank account on record for ${without.length} approved application(s)`);
    const id = randomUUID();
    const messageId = `BONUS-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${id.slice(0, 8)}`;
    const xml = buildPain001({
      messageId,
      createdAt: now,
      executionDay,
      payer: settings.payer,
      transfers: items.map((i) => ({
        endToEndId: `BONUS-${i.year}-${i.submission_id.slice(0, 18)}`,
        amountCents: i.amount_cents,
        creditorName: i.account_holder ?? `${i.first_name} ${i.last_name}`,
        creditorIban: i.iban as string,
        reference: `${settings.referenceText.replace('{year}', String(i.year))} Antrag ${i.submission_id.slice(0, 8)}`,
      })),
    });
    const summary = checkPain001(xml);
    await tx.query('INSERT INTO bo_payout_runs (id, message_id, created_by, created_at, execution_day, item_count, total_cents, pain001) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      id,
      messageId,
      accountId,
      now,
      executionDay,
      summary.transactions,
      summary.totalCents,
      xml,
    ]);
    await tx.query('UPDATE bo_payout_approvals SET run_id = $1 WHERE submission_id = ANY($2::uuid[])', [id, items.map((i) => i.submission_id)]);
    await audit(tx, { at: now, accountId, action: 'payout.run.create', subject: `run:${id}`, detail: { messageId, items: summary.transactions, totalCents: summary.totalCents, executionDay } });
    // A payout run re-evaluates the whole of its years (service/evaluation), in the same transaction.
    for (const year of new Set(items.map((i) => i.year))) await requestEvaluation(tx, { year, reason: 'payout-run', requestedBy: accountId, accountId, now });
    return { id, items: summary.transactions, totalCents: summary.totalCents };
  });
}

/** The bank has executed the run: every member's year in it is paid (the tax-report data, §2.1). */
export async function markRunPaid(db: Database, runId: string, accountId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const run = (await tx.query<{ paid_at: Date | null }>('SELECT paid_at FROM bo_payout_runs WHERE id = $1 FOR UPDATE', [runId])).rows[0];
    if (!run) throw new ApiFailure(404, 'not_found', 'No such run');
    if (run.paid_at) throw new ApiFailure(409, 'already_paid', 'This run is marked paid already');
    await tx.query('UPDATE bo_payout_runs SET paid_at = $2, paid_by = $3 WHERE id = $1', [runId, now, accountId]);
    await tx.query('INSERT INTO bo_paid_years (kvnr, year, amount_cents, run_id, submission_id, paid_at) SELECT kvnr, year, amount_cents, run_id, submission_id, $2 FROM bo_payout_approvals WHERE run_id = $1', [runId, now]);
    await audit(tx, { at: now, accountId, action: 'payout.run.paid', subject: `run:${runId}` });
  });
}

/**
 * §2.1 (Bürgerentlastungsgesetz): per member paid in a run, what the electronic report to the
 * tax authorities and the member's certificate need (docs/backoffice.md, "Tax-report data"), as CSV.
 */
export async function taxReportCsv(db: Queryable, runId: string): Promise<string> {
  const rows = (
    await db.query<{ kvnr: string; first_name: string; last_name: string; birth_date: Date | string; year: number; amount_cents: number; paid_at: Date; submission_id: string }>(
      `SELECT p.kvnr, m.first_name, m.last_name, m.birth_date, p.year, p.amount_cents, p.paid_at, p.submission_id
       FROM bo_paid_years p JOIN members m ON m.kvnr = p.kvnr WHERE p.run_id = $1 ORDER BY p.kvnr, p.year`,
      [runId],
    )
  ).rows;
  if (rows.length === 0) throw new ApiFailure(409, 'not_paid', 'The tax-report data exists once the run is marked paid');
  const cell = (v: string | number) => (/[;"\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const lines = ['kvnr;nachname;vorname;geburtsdatum;teilnahmejahr;betrag_cent;auszahlungsdatum;steuerjahr;bescheinigungsjahr;zahlungsreferenz'];
  for (const r of rows) {
    const paidOn = berlinDateOf(new Date(r.paid_at).getTime());
    const entry = taxReportFor(r.kvnr, { id: r.submission_id, year: r.year, amountCents: r.amount_cents, paidOn });
    lines.push([r.kvnr, r.last_name, r.first_name, isoDay(r.birth_date), entry.participationYear, entry.amountCents, entry.payoutDate, entry.taxYear, entry.certificateYear, entry.payoutId].map(cell).join(';'));
  }
  return `${lines.join('\n')}\n`;
}
