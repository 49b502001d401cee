import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type BookletView, type PayoutReceipt, type PayoutView } from '../contract';
import { knownRuleSets, payoutFor, type ClaimStatus } from '../domain';
import { qrModules } from '../imaging/booklet/qr-matrix';
import type { Logger } from '../runtime/logger';
import { appendAudit } from '../store/audit-log';
import { enqueueSubmission } from '../sync/outbox';
import { referenceFor } from '../sync/receipt-reference';
import type { KioskSessionPort, OpenBooklet } from './kiosk-session-port';
import { initialsOf } from './kiosk-submission';
import type { MemberBooklets } from './member-booklets';
import { insertPayoutApplication, payoutApplicationOf } from './payout-store';
import type { ProtectedChanges } from './protected-changes';

export interface PayoutServiceOptions {
  db: Database;
  session: KioskSessionPort;
  booklets: MemberBooklets;
  /** Bank details and protected changes shown beside the payout. */
  changes: ProtectedChanges;
  log: Logger;
  now: () => Date;
}

/**
 * The kiosk's payout screen. A payout application is a capture like any other: queued in the
 * outbox, so it works offline, and re-evaluated by the service, which never takes the station's
 * figure. The booklet is read for it, not viewed: the payout screen writes no booklet-view row.
 */
export class PayoutService {
  constructor(private readonly options: PayoutServiceOptions) {}

  view(year?: number): PayoutView {
    const open = this.reducedRefused(this.options.session.member());
    const booklet = this.options.booklets.read(open, year);
    const assessment = this.assess(open, booklet);
    return {
      year: booklet.year,
      years: [...new Set([booklet.currentYear, ...booklet.openEarlierYears])].sort((a, b) => b - a),
      eligible: assessment.eligible,
      blockers: assessment.blockers,
      amountCents: assessment.amountCents,
      yearState: assessment.yearState,
      fulfilledFields: booklet.fields.filter((f) => f.status === 'fulfilled').length,
      awaitingReview: booklet.fields.filter((f) => f.status === 'awaiting_review').length,
      lastDay: booklet.claim.lastDay,
      applied: this.appliedFor(open, booklet.year),
      ...this.options.changes.viewFor(open),
    };
  }

  /** Offline only the card vouched for the member (the weaker check): no payout, no bank details (docs/security.md, hole 2). */
  private reducedRefused(open: OpenBooklet): OpenBooklet {
    if (open.identity === 'card') throw new ContractError('forbidden', 'The payout needs the insurer to confirm the member; offline the kiosk shows a reduced booklet');
    return open;
  }

  /** Queues the payout application for the central service; works offline like any capture. */
  apply(year: number, earlyRequest: boolean): PayoutReceipt {
    const { db } = this.options;
    const open = this.reducedRefused(this.options.session.member());
    const { member } = open;
    const booklet = this.options.booklets.read(open, year);
    const assessment = this.assess(open, booklet);
    if (!assessment.eligible) throw new ContractError('conflict', `The payout cannot be applied for: ${assessment.blockers.join(', ')}`);
    // §1: during the running year only on the member's explicit request, which settles the year.
    if (assessment.yearState === 'running' && !earlyRequest) throw new ContractError('invalid_input', 'An application during the year must be confirmed as an early request', ['earlyRequest']);
    const now = this.options.now();
    const at = now.toISOString();
    const submissionId = randomUUID();
    db.transaction(() => {
      insertPayoutApplication(db, { submissionId, memberRef: member.memberRef, year, amountCents: assessment.amountCents, createdAt: at });
      enqueueSubmission(
        db,
        {
          id: submissionId,
          kind: 'payout-application',
          createdAt: at,
          participationYear: year,
          member: { kvnr: member.person.kvnr, ...(member.card ? { cardNumber: member.card.iccsn } : {}) },
          ruleSetVersion: booklet.ruleSetVersion,
          measures: [],
          // For comparison only: the service recomputes the amount from what it credited.
          stationClaim: { totalCents: assessment.amountCents },
        },
        [],
        now,
      );
      appendAudit(db, { actor: 'member', action: 'kiosk.payout.apply', subject: `submission:${submissionId}`, detail: `year=${year}${assessment.yearState === 'running' ? ' early' : ''}` }, now);
    })();
    this.options.log.info('kiosk.payout.apply');
    const reference = referenceFor(submissionId);
    return {
      reference,
      submittedAt: at,
      year,
      amountCents: assessment.amountCents,
      initials: initialsOf(member),
      qr: qrModules(reference).map((row) => row.map((dark) => (dark ? '1' : '0')).join('')),
    };
  }

  private assess(open: OpenBooklet, booklet: BookletView) {
    const ruleSet = knownRuleSets.find((r) => r.version === booklet.ruleSetVersion);
    if (!ruleSet) throw new ContractError('not_available', `Rule set ${booklet.ruleSetVersion} is not known`);
    return payoutFor({
      year: booklet.year,
      program: booklet.program,
      ruleSet,
      fulfilled: booklet.fields.filter((f) => f.status === 'fulfilled').map((f) => f.measure),
      awaitingReview: booklet.fields.filter((f) => f.status === 'awaiting_review').length,
      participating: booklet.participation.status === 'active',
      claim: booklet.claim.status as ClaimStatus,
      alreadyApplied: this.appliedFor(open, booklet.year) !== null,
      asOfMs: this.options.now().getTime(),
    });
  }

  private appliedFor(open: OpenBooklet, year: number): PayoutView['applied'] {
    const row = payoutApplicationOf(this.options.db, open.member.memberRef, year);
    return row ? { reference: referenceFor(row.submissionId), submittedAt: row.createdAt, amountCents: row.amountCents } : null;
  }
}
