import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ContractError, type KioskMemberState, type PayoutView, type ProtectedChangeView } from '../contract';
import type { AddressChangeInput, BankChangeInput, ProtectedChangeUnavailable } from '../contract/kiosk-payout';
import type { ChangeRequestCreate, ChangeRequestStatus } from '../contract/service-api';
import { checkIban, maskIban } from '../domain';
import type { Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import { NetworkError, ServiceError } from '../sync/service-client';
import type { MemberAudit } from './kiosk-audit';
import type { KioskSessionPort, OpenBooklet } from './kiosk-session-port';
import type { ChangeRequestSource } from './payout-online';

export interface ProtectedChangesOptions {
  session: KioskSessionPort;
  /** Null on a station without a central service: protected changes are not offered. */
  changes: ChangeRequestSource | null;
  audit: MemberAudit;
  log: Logger;
  /** How long the kiosk waits on screen for the app's answer at most (the app's window may be longer). */
  maxWaitMs?: number;
}

/** The change sent for the open booklet: its id and state, never its content (a masked IBAN at most, for the confirmation). */
interface PendingChange {
  open: OpenBooklet;
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
 * Bank and address changes at the kiosk are protected actions (the insurer's two-factor
 * approval): sent online only, approved by the member in the insurer's app within a window,
 * never stored or logged here. The session keeps just the request's id, and the booklet closing
 * (card out, timeout) drops even that.
 */
export class ProtectedChanges implements StationService {
  readonly name = 'kiosk-protected-changes';
  private pending: PendingChange | null = null;
  /** The service could not be reached when a change was sent: changes are not offered for the rest of the session. */
  private offline: OpenBooklet | null = null;
  /** A bank change the member approved in this session: shown masked until the next session asks the insurer again. */
  private approvedBank: { open: OpenBooklet; ibanMasked: string } | null = null;

  constructor(private readonly options: ProtectedChangesOptions) {
    options.session.onClose(() => this.forget());
  }

  start(): void {}

  stop(): void {
    this.forget();
  }

  /** What the payout screen shows of bank details and changes for the open booklet. */
  viewFor(open: OpenBooklet): Pick<PayoutView, 'bank' | 'changesUnavailable' | 'change'> {
    const memberState = this.memberState(open);
    const approved = this.approvedBank?.open === open ? this.approvedBank.ibanMasked : null;
    const bankKnown = memberState?.status === 'loaded' && !open.representative;
    return {
      bank: bankKnown ? { known: true, ibanMasked: approved ?? memberState.bank?.ibanMasked ?? null } : { known: false },
      changesUnavailable: this.unavailable(open),
      change: this.pending?.open === open ? viewOf(this.pending) : null,
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
    const { session, changes } = this.options;
    const open = session.member();
    const pending = this.pending;
    if (pending?.open !== open) return null;
    if (pending.state === 'awaiting-member' && changes) {
      try {
        const answer = await session.whileCurrent(open, changes.status(pending.id));
        // The member left the waiting screen while the service answered.
        if (this.pending !== pending) return null;
        // The window's end as seen from here, again with each answer (the station's clock may drift).
        if (answer.state === 'awaiting-member') pending.expiresAt = new Date(localDeadline(answer)).toISOString();
        if (answer.state !== pending.state) {
          pending.state = answer.state;
          this.options.audit(`kiosk.change.${answer.state}`, open.member.memberRef, `kind=${pending.kind}`);
          if (answer.state === 'applied' && pending.ibanMasked) this.approvedBank = { open, ibanMasked: pending.ibanMasked };
        }
      } catch (error) {
        // A lost answer is asked again at the next poll; the app's window keeps running meanwhile.
        if (!(error instanceof NetworkError || error instanceof ServiceError)) throw error;
        this.options.log.warn('change status not available', { error: error.name });
      }
    }
    // The app's window runs on the service's clock: compared with real time, not the kiosk's rules clock.
    if (pending.state === 'awaiting-member' && Date.now() < Date.parse(pending.waitUntil)) session.touch();
    return viewOf(pending);
  }

  /** The member leaves the waiting screen; the request stays with the service until it is answered or expires. */
  dismiss(): boolean {
    this.options.session.member();
    const had = this.pending !== null;
    this.pending = null;
    return had;
  }

  private async send(change: z.input<typeof ChangeRequestCreate>['change'], ibanMasked: string | null): Promise<ProtectedChangeView> {
    const { session, changes } = this.options;
    const open = session.member();
    const { member } = open;
    const unavailable = this.unavailable(open);
    if (unavailable || !changes || !member.card) throw new ContractError('not_available', `Protected changes are not offered now (${unavailable ?? 'no-card'})`);
    if (this.pending?.open === open && this.pending.state === 'awaiting-member') throw new ContractError('conflict', 'A change is already waiting for approval in the app');
    const id = randomUUID();
    let answer: ChangeRequestStatus;
    try {
      // The card may leave the reader while the request is on its way: then nothing is kept.
      answer = await session.whileCurrent(open, changes.request({ id, kvnr: member.person.kvnr, cardNumber: member.card.iccsn, change }));
    } catch (error) {
      if (error instanceof NetworkError) {
        this.offline = open;
        throw new ContractError('not_available', 'The central service cannot be reached; the change was not sent');
      }
      if (error instanceof ServiceError && error.status < 500) throw new ContractError('invalid_input', `The service refused the change (${error.code})`);
      if (error instanceof ServiceError) throw new ContractError('not_available', `The service failed (${error.code})`);
      throw error;
    }
    // Real time, not the kiosk's rules clock: the screen counts down with the real one.
    const expiresAt = localDeadline(answer);
    const waitUntil = Math.min(expiresAt, Date.now() + (this.options.maxWaitMs ?? 10 * 60_000));
    this.pending = { open, id, kind: change.kind, state: answer.state, expiresAt: new Date(expiresAt).toISOString(), waitUntil: new Date(waitUntil).toISOString(), ibanMasked };
    this.options.audit('kiosk.change.request', member.memberRef, `kind=${change.kind}`);
    session.touch();
    return viewOf(this.pending);
  }

  private memberState(open: OpenBooklet): KioskMemberState | null {
    return this.options.session.insurer(open)?.state.view ?? null;
  }

  private unavailable(open: OpenBooklet): z.infer<typeof ProtectedChangeUnavailable> | null {
    if (open.representative) return 'child-booklet';
    if (!this.options.changes) return 'no-service';
    if (this.offline === open) return 'offline';
    switch (this.memberState(open)?.status) {
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

  private forget(): void {
    this.pending = null;
    this.offline = null;
    this.approvedBank = null;
  }
}

function viewOf(pending: PendingChange): ProtectedChangeView {
  return { kind: pending.kind, state: pending.state, expiresAt: pending.expiresAt, waitUntil: pending.waitUntil };
}
