import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type CardSession, type ConfirmIdentityResult, type EventName, type EventPayload, type SecondFactor } from '../contract';
import { berlinDateOf } from '../domain';
import { qrModules } from '../imaging/booklet/qr-matrix';
import { errorName, type Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import { memberRef } from '../sync/outbox';
import { NetworkError, ServiceError } from '../sync/service-client';
import type { MemberFacts } from './booklet-view';
import { isChild } from './family-rules';
import { IdentityLocks } from './identity-locks';
import type { InsurerIdentity } from './insurer-identity';
import type { MemberAudit } from './kiosk-audit';
import type { KioskSession } from './kiosk-session';
import type { Stage } from './kiosk-session-port';
import { localDeadline } from './protected-changes';
import { answerMatches, factorFor } from './second-factor';

type Subscribe = (listener: <K extends EventName>(name: K, payload: EventPayload<K>) => void) => () => void;

export interface KioskIdentificationOptions {
  db: Database;
  /** Where the card sessions are seen (the station's EventHub, withheld events included). */
  subscribe: Subscribe;
  session: KioskSession;
  audit: MemberAudit;
  secondFactor: SecondFactor;
  maxAttempts: number;
  lockMinutes: number;
  now: () => Date;
  log: Logger;
  /** The insurer's check of the second factor; absent on a station without a service (the card's weaker check only). */
  insurer?: InsurerIdentity;
  /** `required`: the member approves the session in the insurer's app instead of typing the answer. */
  appApproval: 'off' | 'required';
  /** When the insurer cannot be asked: the card's weaker check with a reduced booklet, or nothing. */
  offlineIdentity: 'reduced' | 'refuse';
  /** How often the app's answer is asked, and how long the screen waits for it at most (real time). */
  approvalPollMs?: number;
  maxApprovalWaitMs?: number;
}

type Identify = Extract<Stage, { stage: 'identify' }>;
const offline = (error: unknown): boolean => error instanceof NetworkError || (error instanceof ServiceError && error.status !== 404);

/**
 * Who stands at the kiosk: turns the card reader's sessions into the session's stages. A card
 * read asks for the second factor before anything about the person is shown. The insurer checks
 * the answer against its record and counts failures per person across all kiosks (or the member
 * approves the session in the app, kiosk.appApproval); only when it cannot be reached is the
 * answer compared with the card, counted per card holder on this kiosk, and the booklet reduced
 * (docs/security.md, hole 2). The card leaving the reader ends everything. While a parent's
 * session waits for a child's card, the next card is taken as the child's (§1).
 */
export class KioskIdentification implements StationService {
  readonly name = 'kiosk-identification';
  private unsubscribe: (() => void) | undefined;
  private readonly locks: IdentityLocks;
  /** The card session whose app approval is being started, and an answer on its way to the insurer. */
  private starting: string | null = null;
  private checking = false;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: KioskIdentificationOptions) {
    this.locks = new IdentityLocks(options.db);
  }

  start(): void {
    this.unsubscribe = this.options.subscribe((name, payload) => {
      if (name === 'cardSessions') this.onSessions((payload as EventPayload<'cardSessions'>).sessions);
      if (name === 'cardRemoved') this.onRemoved(payload as EventPayload<'cardRemoved'>);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    clearTimeout(this.pollTimer);
  }

  /** Synchronous when only the card can be asked; the insurer's answer otherwise. */
  confirmIdentity(answer: string): ConfirmIdentityResult | Promise<ConfirmIdentityResult> {
    const current = this.options.session.stage();
    if (current?.stage !== 'identify') throw new ContractError('conflict', 'No card waiting for confirmation');
    if (current.check === 'card' || !this.options.insurer || !current.member.card) return this.confirmWithCard(current, answer);
    return this.confirmWithInsurer(current, this.options.insurer, answer);
  }

  private async confirmWithInsurer(current: Identify, insurer: InsurerIdentity, answer: string): Promise<ConfirmIdentityResult> {
    const { session, audit } = this.options;
    const { member, sessionId, factor } = current;
    if (this.checking) throw new ContractError('conflict', 'An answer is being checked');
    this.checking = true;
    let result;
    try {
      result = await insurer.verify({ kvnr: member.person.kvnr, cardNumber: member.card!.iccsn, factor, answer });
    } catch (error) {
      if (!offline(error)) throw error;
      this.options.log.warn('the insurer cannot check the second factor', { error: errorName(error) });
      if (session.stage() !== current) throw new ContractError('conflict', 'The card left the reader');
      audit('kiosk.identity.offline', member.memberRef);
      if (this.options.offlineIdentity === 'refuse') {
        session.reject({ stage: 'rejected', reason: 'identity-unavailable' });
        return { ok: false, attemptsLeft: 0 };
      }
      return this.confirmWithCard(current, answer);
    } finally {
      this.checking = false;
    }
    if (session.stage() !== current) throw new ContractError('conflict', 'The card left the reader');
    if (result.outcome === 'confirmed') {
      this.locks.clear(member.memberRef);
      audit('kiosk.identity.confirmed', member.memberRef, 'by the insurer');
      session.open(sessionId, member, 'insurer');
      return { ok: true };
    }
    if (result.outcome === 'locked') {
      audit('kiosk.identity.locked', member.memberRef, 'by the insurer');
      session.lock(sessionId, result.lockedUntil, true);
      return { ok: false, attemptsLeft: 0, lockedUntil: result.lockedUntil };
    }
    audit('kiosk.identity.failed', member.memberRef, 'by the insurer');
    session.identify(sessionId, member, factor, result.attemptsLeft, 'insurer');
    return { ok: false, attemptsLeft: result.attemptsLeft };
  }

  /** The weaker check, offline: the answer against the card, failures counted on this kiosk; the booklet opens reduced. */
  private confirmWithCard(current: Identify, answer: string): ConfirmIdentityResult {
    const { session, audit, maxAttempts } = this.options;
    const { member, sessionId, factor } = current;
    if (answerMatches(factor, answer, member.person)) {
      this.locks.clear(member.memberRef);
      audit('kiosk.identity.confirmed', member.memberRef, 'by the card only (offline)');
      session.open(sessionId, member, 'card');
      return { ok: true };
    }
    const failed = this.locks.get(member.memberRef).failedAttempts + 1;
    if (failed >= maxAttempts) {
      const until = new Date(this.options.now().getTime() + this.options.lockMinutes * 60_000).toISOString();
      this.locks.set(member.memberRef, 0, until);
      audit('kiosk.identity.locked', member.memberRef, `after ${failed} wrong answers`);
      session.lock(sessionId, until);
      return { ok: false, attemptsLeft: 0, lockedUntil: until };
    }
    this.locks.set(member.memberRef, failed, null);
    audit('kiosk.identity.failed', member.memberRef);
    session.identify(sessionId, member, factor, maxAttempts - failed, 'card');
    return { ok: false, attemptsLeft: maxAttempts - failed };
  }

  private onSessions(sessions: CardSession[]): void {
    const { session } = this.options;
    const current = session.stage();
    if (current?.stage === 'child-card') return this.onChildCard(sessions, current);
    const card = sessions.at(-1);
    if (!card) return session.wipe();
    if (current && current.sessionId === card.sessionId && card.state === 'ready') return;
    if (this.starting === card.sessionId && card.state === 'ready') return;
    if (current && current.sessionId !== card.sessionId) session.wipe();
    this.starting = null;
    if (card.state === 'reading') return session.reading();
    // Before the second factor, a refused card says why and nothing else: not whose cover ended when, nor with which insurer.
    if (card.state === 'rejected') return session.reject({ stage: 'rejected', reason: card.reason });
    const member = this.memberOf(card);
    this.options.audit('kiosk.card.read', member.memberRef);
    const lock = this.locks.get(member.memberRef);
    if (lock.lockedUntil && new Date(lock.lockedUntil) > this.options.now()) return session.lock(card.sessionId, lock.lockedUntil);
    const { insurer } = this.options;
    if (!insurer && this.options.offlineIdentity === 'refuse') return session.reject({ stage: 'rejected', reason: 'identity-unavailable' });
    if (insurer && this.options.appApproval === 'required' && card.card) {
      session.reading();
      void this.startApproval(card.sessionId, member, insurer);
      return;
    }
    session.identify(card.sessionId, member, factorFor(this.options.secondFactor, card.person), this.options.maxAttempts - lock.failedAttempts, insurer ? 'insurer' : 'card');
  }

  /** The strongest check: the kiosk shows a short-lived code, the member approves this session in the insurer's app. */
  private async startApproval(sessionId: string, member: MemberFacts, insurer: InsurerIdentity): Promise<void> {
    const { session, audit, log } = this.options;
    this.starting = sessionId;
    try {
      const started = await insurer.startApproval({ id: randomUUID(), kvnr: member.person.kvnr, cardNumber: member.card!.iccsn });
      if (this.starting !== sessionId) return;
      if (started.state !== 'awaiting-member' || !started.code) return session.reject({ stage: 'rejected', reason: 'approval-expired' });
      const until = Math.min(localDeadline(started), Date.now() + (this.options.maxApprovalWaitMs ?? 180_000));
      const qr = qrModules(`BONUSABC-KIOSK:${started.code}`).map((row) => row.map((dark) => (dark ? '1' : '0')).join(''));
      audit('kiosk.approval.start', member.memberRef);
      session.approve(sessionId, member, { id: started.id, code: started.code, qr, until });
      this.pollApproval(sessionId);
    } catch (error) {
      if (this.starting !== sessionId) return;
      log.warn('the app approval cannot be started', { error: errorName(error) });
      // The insurer does not know this card (a replaced or foreign one): no session, not even a reduced one.
      if (!offline(error)) return session.reject({ stage: 'rejected', reason: 'approval-declined' });
      audit('kiosk.identity.offline', member.memberRef);
      if (this.options.offlineIdentity === 'refuse') return session.reject({ stage: 'rejected', reason: 'identity-unavailable' });
      const lock = this.locks.get(member.memberRef);
      session.identify(sessionId, member, factorFor(this.options.secondFactor, member.person), this.options.maxAttempts - lock.failedAttempts, 'card');
    } finally {
      if (this.starting === sessionId) this.starting = null;
    }
  }

  /** Asks for the app's answer until it comes, the wait ends, or the card (or the member's cancel) ends the stage. */
  private pollApproval(sessionId: string): void {
    const { session, audit, log } = this.options;
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      const current = session.stage();
      if (current?.stage !== 'approve' || current.sessionId !== sessionId) return;
      if (Date.now() >= current.until) {
        audit('kiosk.approval.expired', current.member.memberRef);
        return session.reject({ stage: 'rejected', reason: 'approval-expired' });
      }
      this.options.insurer!.approval(current.approvalId).then(
        (status) => {
          if (session.stage() !== current) return;
          if (status.state === 'awaiting-member') return this.pollApproval(sessionId);
          audit(`kiosk.approval.${status.state}`, current.member.memberRef);
          if (status.state === 'approved') {
            this.locks.clear(current.member.memberRef);
            session.open(sessionId, current.member, 'app');
            return;
          }
          // Declined, expired, or already taken ("used"): an approval counts once.
          session.reject({ stage: 'rejected', reason: status.state === 'declined' ? 'approval-declined' : 'approval-expired' });
        },
        (error: unknown) => {
          log.warn('the app approval cannot be asked', { error: errorName(error) });
          if (session.stage() === current) this.pollApproval(sessionId);
        },
      );
    }, this.options.approvalPollMs ?? 2_000);
    this.pollTimer.unref();
  }

  /** §1: the card inserted while a parent waits is the child's; a card of someone aged 15 or over is refused and ends everything. */
  private onChildCard(sessions: CardSession[], waiting: Extract<Stage, { stage: 'child-card' }>): void {
    const { session, audit } = this.options;
    const card = sessions.find((s) => s.sessionId !== waiting.sessionId);
    if (!card || card.state === 'reading') return;
    if (card.state === 'rejected') return session.reject({ stage: 'rejected', reason: card.reason });
    if (!isChild(card.person.birthDate, berlinDateOf(this.options.now().getTime()))) {
      audit('kiosk.child.refused', waiting.parent.memberRef, 'card of a person aged 15 or over');
      return session.reject({ stage: 'rejected', reason: 'not-a-child' });
    }
    const child = this.memberOf(card);
    audit('kiosk.child.open', child.memberRef, `by representative ${waiting.parent.memberRef.slice(0, 16)}`);
    session.open(card.sessionId, child, waiting.identity, { representative: waiting.parent });
  }

  private onRemoved(removed: EventPayload<'cardRemoved'>): void {
    const { session } = this.options;
    const current = session.stage();
    // While waiting for the child's card, the parent's card may leave the reader.
    if (current?.stage === 'child-card' && removed.sessionId === current.sessionId) return;
    this.starting = null;
    if (removed.duringRead) return session.reject({ stage: 'rejected', reason: 'removed-during-read' });
    session.wipe();
  }

  private memberOf(card: Extract<CardSession, { state: 'ready' }>): MemberFacts {
    return { memberRef: memberRef(this.options.db, card.person.kvnr), person: card.person, cover: card.cover, card: card.card };
  }
}
