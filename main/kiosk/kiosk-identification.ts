import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type CardSession, type EventName, type EventPayload, type SecondFactor } from '../contract';
import { berlinDateOf } from '../domain';
import type { StationService } from '../runtime/service';
import { memberRef } from '../sync/outbox';
import type { MemberFacts } from './booklet-view';
import { isChild } from './family-rules';
import { IdentityLocks } from './identity-locks';
import type { MemberAudit } from './kiosk-audit';
import type { KioskSession, Stage } from './kiosk-session';
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
}

/**
 * Who stands at the kiosk: turns the card reader's sessions into the session's stages. A card
 * read asks for the second factor before anything about the person is shown; wrong answers are
 * counted per card holder across sessions and lock the card for a while; the card leaving the
 * reader ends everything. While a parent's session waits for a child's card, the next card is
 * taken as the child's (§1).
 */
export class KioskIdentification implements StationService {
  readonly name = 'kiosk-identification';
  private unsubscribe: (() => void) | undefined;
  private readonly locks: IdentityLocks;

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
  }

  confirmIdentity(answer: string): { ok: true } | { ok: false; attemptsLeft: number; lockedUntil?: string } {
    const { session, audit, maxAttempts } = this.options;
    const current = session.stage();
    if (current?.stage !== 'identify') throw new ContractError('conflict', 'No card waiting for confirmation');
    const { member, sessionId, factor } = current;
    if (answerMatches(factor, answer, member.person)) {
      this.locks.clear(member.memberRef);
      audit('kiosk.identity.confirmed', member.memberRef);
      session.open(sessionId, member);
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
    session.identify(sessionId, member, factor, maxAttempts - failed);
    return { ok: false, attemptsLeft: maxAttempts - failed };
  }

  private onSessions(sessions: CardSession[]): void {
    const { session } = this.options;
    const current = session.stage();
    if (current?.stage === 'child-card') return this.onChildCard(sessions, current);
    const card = sessions.at(-1);
    if (!card) return session.wipe();
    if (current && current.sessionId === card.sessionId && card.state === 'ready') return;
    if (current && current.sessionId !== card.sessionId) session.wipe();
    if (card.state === 'reading') return session.reading();
    if (card.state === 'rejected') {
      const { reason, coverStart, coverEnd, insurerName } = card;
      return session.reject({ stage: 'rejected', reason, ...(coverStart ? { coverStart } : {}), ...(coverEnd ? { coverEnd } : {}), ...(insurerName ? { insurerName } : {}) });
    }
    const member = this.memberOf(card);
    this.options.audit('kiosk.card.read', member.memberRef);
    const lock = this.locks.get(member.memberRef);
    if (lock.lockedUntil && new Date(lock.lockedUntil) > this.options.now()) return session.lock(card.sessionId, lock.lockedUntil);
    session.identify(card.sessionId, member, factorFor(this.options.secondFactor, card.person), this.options.maxAttempts - lock.failedAttempts);
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
    session.open(card.sessionId, child, { representative: waiting.parent });
  }

  private onRemoved(removed: EventPayload<'cardRemoved'>): void {
    const { session } = this.options;
    const current = session.stage();
    // While waiting for the child's card, the parent's card may leave the reader.
    if (current?.stage === 'child-card' && removed.sessionId === current.sessionId) return;
    if (removed.duringRead) return session.reject({ stage: 'rejected', reason: 'removed-during-read' });
    session.wipe();
  }

  private memberOf(card: Extract<CardSession, { state: 'ready' }>): MemberFacts {
    return { memberRef: memberRef(this.options.db, card.person.kvnr), person: card.person, cover: card.cover, card: card.card };
  }
}
