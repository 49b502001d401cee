import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import { ContractError, type BookletView, type KioskMemberState, type PayoutReceipt, type PayoutView, type ProtectedChangeView } from '../contract';
import type { AddressChangeInput, BankChangeInput, ProtectedChangeUnavailable } from '../contract/kiosk-payout';
import type { ChangeRequestCreate, ChangeRequestStatus } from '../contract/service-api';
import { checkIban, knownRuleSets, maskIban, payoutFor, type ClaimStatus } from '../domain';
import type { EventHub } from '../runtime/event-hub';
import { qrModules } from '../imaging/booklet/qr-matrix';
import type { Logger } from '../runtime/logger';
import { appendAudit } from '../store/audit-log';
import type { StationService } from '../runtime/service';
import { enqueueSubmission } from '../sync/outbox';
import { NetworkError, ServiceError } from '../sync/service-client';
import type { MemberFacts } from './booklet-view';
import { initialsOf } from './kiosk-submission';
import { referenceFor } from '../sync/receipt-reference';
import type { ChangeRequestSource } from './payout-online';

/** What the payout screen needs from the member session (KioskService implements it). */
export interface KioskSessionAccess {
  confirmedMember(): { sessionId: string; member: MemberFacts; representative?: MemberFacts };
  booklet(year?: number): BookletView;
  memberState(): KioskMemberState | null;
  touch(): string | null;
}

export interface PayoutServiceOptions {
  db: Database;
  events: EventHub;
  log: Logger;
  kiosk: KioskSessionAccess;
  /** Null on a station without a central service: protected changes are not offered. */
  changes: ChangeRequestSource | null;
  now?: () => Date;
  /** How long the kiosk waits on screen for the app's answer at most (the app's window may be longer). */
  maxWaitMs?: number;
}

/** The change sent in this session: its id and state, never its content (a masked IBAN at most, for the confirmation). */
interface PendingChange {
  sessionId: string;
  memberRef: string;
  id: string;
  kind: 'bank' | 'address';
  state: ChangeRequestStatus['state'];
  /** The end of the app's window in this station's real time (see localDeadline). */
  expiresAt: string;
  waitUntil: string;
  ibanMasked: string | null;
}

/**
 * The end of the app's window on this station's clock, which the screen counts down with: the time
 * left as the service measured it on its own clock, from the moment its answer arrived here. A
 * station clock that is off by minutes then shows the right time left, where the service's
 * `expiresAt` compared with the station's clock would not. Without `expiresInMs` (an older
 * service) the service's moment is all there is.
 */
export function localDeadline(answer: Pick<ChangeRequestStatus, 'expiresAt' | 'expiresInMs'>, receivedAtMs: number = Date.now()): number {
  return answer.expiresInMs !== undefined ? receivedAtMs + answer.expiresInMs : Date.parse(answer.expiresAt);
}

/**
 * The kiosk's payout screen (issue 6, item 8). A payout application is a capture like any other:
 * queued in the outbox, so it works offline, and re-evaluated by the service, which never takes
 * the station's figure. Bank and address changes are protected (seed 001, 2FA): sent online only,
 * approved by the member in the insurer's app within a window, never stored or logged here; the
 * session keeps just the request's id, and the card leaving the reader drops even that.
 */
export class PayoutService implements StationService {
  readonly name = 'kiosk-payout';
  private pending: PendingChange | null = null;
  /** The service could not be reached when a change was sent: changes are not offered for the rest of the session. */
  private offlineSession: string | null = null;
  /** A bank change the member approved in this session: shown masked until the next session asks the insurer again. */
  private approvedBank: { sessionId: string; memberRef: string; ibanMasked: string } | null = null;
  private unsubscribe: (() => void) | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: PayoutServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.unsubscribe = this.options.events.subscribeInternal((name, payload) => {
      if (name !== 'kioskState') return;
      const state = payload as { stage: string; sessionId?: string };
      // Card out, session ended, another card: whatever the change was, it is gone from the station.
      if (state.stage !== 'member') this.forget();
      else if (this.pending && this.pending.sessionId !== state.sessionId) this.forget();
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.forget();
  }

  view(year?: number): PayoutView {
    const { sessionId, member, representative } = this.options.kiosk.confirmedMember();
    const booklet = this.options.kiosk.booklet(year);
    const assessment = this.assess(member, booklet);
    const applied = this.appliedFor(member.memberRef, booklet.year);
    const memberState = this.options.kiosk.memberState();
    const change = this.pendingFor(sessionId, member.memberRef);
    const bankKnown = memberState?.status === 'loaded' && !representative;
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
      applied,
      bank: bankKnown ? { known: true, ibanMasked: this.approvedBankFor(sessionId, member.memberRef) ?? memberState.bank?.ibanMasked ?? null } : { known: false },
      changesUnavailable: this.changesUnavailable(sessionId, representative !== undefined, memberState),
      change,
    };
  }

  /** Queues the payout application for the central service; works offline like any capture. */
  apply(year: number, earlyRequest: boolean): PayoutReceipt {
    const { member } = this.options.kiosk.confirmedMember();
    const booklet = this.options.kiosk.booklet(year);
    const assessment = this.assess(member, booklet);
    if (!assessment.eligible) throw new ContractError('conflict', `The payout cannot be applied for: ${assessment.blockers.join(', ')}`);
    // §1: during the running year only on the member's explicit request, which settles the year.
    if (assessment.yearState === 'running' && !earlyRequest) throw new ContractError('invalid_input', 'An application during the year must be confirmed as an early request', ['earlyRequest']);
    const now = this.now();
    const at = now.toISOString();
    const submissionId = randomUUID();
    this.options.db.transaction(() => {
      this.options.db
        .prepare('INSERT INTO payout_application (submission_id, member_ref, year, amount_cents, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(submissionId, member.memberRef, year, assessment.amountCents, at);
      enqueueSubmission(
        this.options.db,
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
      appendAudit(this.options.db, { actor: 'member', action: 'kiosk.payout.apply', subject: `submission:${submissionId}`, detail: `year=${year}${assessment.yearState === 'running' ? ' early' : ''}` }, now);
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

  async requestBankChange(input: z.output<typeof BankChangeInput>): Promise<ProtectedChangeView> {
    const iban = checkIban(input.iban);
    // The message names the problem, never the input: nothing of an IBAN reaches a log.
    if (!iban.ok) throw new ContractError('invalid_input', `The IBAN is not valid (${iban.problem})`, ['iban']);
    return this.send({ kind: 'bank', iban: iban.iban, accountHolder: input.accountHolder.trim() }, maskIban(iban.iban));
  }

  async requestAddressChange(input: z.output<typeof AddressChangeInput>): Promise<ProtectedChangeView> {
    return this.send({ kind: 'address', street: input.street.trim(), postalCode: input.postalCode, city: input.city.trim() }, null);
  }

  /** Asks the service how the app answered; while the member is approving, the session stays open. */
  async status(): Promise<ProtectedChangeView | null> {
    const { sessionId, member } = this.options.kiosk.confirmedMember();
    const pending = this.pending;
    if (!pending || pending.sessionId !== sessionId || pending.memberRef !== member.memberRef) return null;
    if (pending.state === 'awaiting-member' && this.options.changes) {
      try {
        const answer = await this.options.changes.status(pending.id);
        // The card may have left the reader while the service answered.
        if (this.pending !== pending) return null;
        // The window's end as seen from here, again with each answer (the station's clock may drift).
        if (answer.state === 'awaiting-member') pending.expiresAt = new Date(localDeadline(answer)).toISOString();
        if (answer.state !== pending.state) {
          pending.state = answer.state;
          this.audit(`kiosk.change.${answer.state}`, member.memberRef, `kind=${pending.kind}`);
          if (answer.state === 'applied' && pending.ibanMasked) this.approvedBank = { sessionId, memberRef: member.memberRef, ibanMasked: pending.ibanMasked };
        }
      } catch (error) {
        // A lost answer is asked again at the next poll; the app's window keeps running meanwhile.
        if (!(error instanceof NetworkError || error instanceof ServiceError)) throw error;
        this.options.log.warn('change status not available', { error: error.name });
      }
    }
    // The app's window runs on the service's clock: compared with real time, not the kiosk's rules clock.
    if (pending.state === 'awaiting-member' && Date.now() < Date.parse(pending.waitUntil)) this.options.kiosk.touch();
    return viewOf(pending);
  }

  /** The member leaves the waiting screen; the request stays with the service until it is answered or expires. */
  dismiss(): boolean {
    this.options.kiosk.confirmedMember();
    const had = this.pending !== null;
    this.pending = null;
    return had;
  }

  private async send(change: z.input<typeof ChangeRequestCreate>['change'], ibanMasked: string | null): Promise<ProtectedChangeView> {
    const { sessionId, member, representative } = this.options.kiosk.confirmedMember();
    const unavailable = this.changesUnavailable(sessionId, representative !== undefined, this.options.kiosk.memberState());
    if (unavailable || !this.options.changes || !member.card) throw new ContractError('not_available', `Protected changes are not offered now (${unavailable ?? 'no-card'})`);
    const waiting = this.pendingFor(sessionId, member.memberRef);
    if (waiting?.state === 'awaiting-member') throw new ContractError('conflict', 'A change is already waiting for approval in the app');
    const id = randomUUID();
    let answer: ChangeRequestStatus;
    try {
      answer = await this.options.changes.request({ id, kvnr: member.person.kvnr, cardNumber: member.card.iccsn, change });
    } catch (error) {
      if (error instanceof NetworkError) {
        this.offlineSession = sessionId;
        throw new ContractError('not_available', 'The central service cannot be reached; the change was not sent');
      }
      if (error instanceof ServiceError && error.status < 500) throw new ContractError('invalid_input', `The service refused the change (${error.code})`);
      if (error instanceof ServiceError) throw new ContractError('not_available', `The service failed (${error.code})`);
      throw error;
    }
    // The card left the reader while the request was on its way: keep nothing.
    const now = this.options.kiosk.confirmedMember();
    if (now.sessionId !== sessionId || now.member !== member) throw new ContractError('forbidden', 'The session ended');
    // Real time, not the kiosk's rules clock: the screen counts down with the real one.
    const expiresAt = localDeadline(answer);
    const waitUntil = Math.min(expiresAt, Date.now() + (this.options.maxWaitMs ?? 10 * 60_000));
    this.pending = { sessionId, memberRef: member.memberRef, id, kind: change.kind, state: answer.state, expiresAt: new Date(expiresAt).toISOString(), waitUntil: new Date(waitUntil).toISOString(), ibanMasked };
    this.audit('kiosk.change.request', member.memberRef, `kind=${change.kind}`);
    this.options.kiosk.touch();
    return viewOf(this.pending);
  }

  private assess(member: MemberFacts, booklet: BookletView) {
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
      alreadyApplied: this.appliedFor(member.memberRef, booklet.year) !== null,
      asOfMs: this.now().getTime(),
    });
  }

  private appliedFor(memberRef: string, year: number): PayoutView['applied'] {
    const row = this.options.db.prepare('SELECT submission_id AS id, created_at AS at, amount_cents AS cents FROM payout_application WHERE member_ref = ? AND year = ?').get(memberRef, year) as
      | { id: string; at: string; cents: number }
      | undefined;
    return row ? { reference: referenceFor(row.id), submittedAt: row.at, amountCents: row.cents } : null;
  }

  private changesUnavailable(sessionId: string, childBooklet: boolean, memberState: KioskMemberState | null): z.infer<typeof ProtectedChangeUnavailable> | null {
    if (childBooklet) return 'child-booklet';
    if (!this.options.changes) return 'no-service';
    if (this.offlineSession === sessionId) return 'offline';
    switch (memberState?.status) {
      case 'loaded':
        return null;
      case 'loading':
        return 'loading';
      case 'off':
        return 'no-service';
      default:
        return 'offline';
    }
  }

  private pendingFor(sessionId: string, memberRef: string): ProtectedChangeView | null {
    const pending = this.pending;
    return pending && pending.sessionId === sessionId && pending.memberRef === memberRef ? viewOf(pending) : null;
  }

  private approvedBankFor(sessionId: string, memberRef: string): string | null {
    const approved = this.approvedBank;
    return approved && approved.sessionId === sessionId && approved.memberRef === memberRef ? approved.ibanMasked : null;
  }

  private forget(): void {
    this.pending = null;
    this.offlineSession = null;
    this.approvedBank = null;
  }

  private audit(action: string, memberRef: string, detail: string): void {
    appendAudit(this.options.db, { actor: 'member', action, subject: `member:${memberRef.slice(0, 16)}`, detail }, this.now());
    this.options.log.info(action);
  }
}

function viewOf(pending: PendingChange): ProtectedChangeView {
  return { kind: pending.kind, state: pending.state, expiresAt: pending.expiresAt, waitUntil: pending.waitUntil };
}
