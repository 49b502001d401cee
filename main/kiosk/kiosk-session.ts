import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type IdentityCheck, type KioskMemberState, type KioskState, type SecondFactor } from '../contract';
import type { MemberState } from '../contract/service-api';
import { berlinDateOf } from '../domain';
import type { EventHub } from '../runtime/event-hub';
import { errorName, type Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import { takeNotifications } from '../sync/notifications';
import type { MemberStateSource } from '../sync/online';
import type { MemberFacts } from './booklet-view';
import { mayOpenChildBooklet } from './family-rules';
import type { MemberAudit } from './kiosk-audit';
import { realTimeOf } from './kiosk-clock';
import type { InsurerAnswer, KioskSessionPort, OpenBooklet, Stage } from './kiosk-session-port';
import { insurerStateOf, loadedInsurerState, type InsurerState } from './member-state';
import { displayName } from './second-factor';

export interface KioskSessionOptions {
  db: Database;
  events: Pick<EventHub, 'publish'>;
  log: Logger;
  audit: MemberAudit;
  inactivitySeconds: number;
  /** The central service's member state; absent on a station without a service. */
  online?: MemberStateSource;
  now: () => Date;
}

/**
 * The one owner of the kiosk's member session: its stages (card read, second factor, booklet
 * open, waiting for a child's card, ended), the inactivity countdown and the session id. It holds
 * the card's personal data in main only, publishes just what the current screen needs
 * (`kioskState`), and forgets everything the moment the session closes.
 */
export class KioskSession implements StationService, KioskSessionPort {
  readonly name = 'kiosk-session';
  private current: Stage | null = null;
  /** What the screen shows now: a refusal holds no stage here but stays on screen until the card is out. */
  private shown: KioskState['stage'] = 'idle';
  private timer: NodeJS.Timeout | undefined;
  private readonly closeListeners = new Set<(closed: OpenBooklet) => void>();

  constructor(private readonly options: KioskSessionOptions) {}

  start(): void {
    this.publish({ stage: 'idle' });
  }

  stop(): void {
    this.wipe();
  }

  // ------------------------------------------------------------------ the port

  member(): OpenBooklet {
    const current = this.current;
    if (current?.stage !== 'member') throw new ContractError('forbidden', 'No confirmed member at the kiosk');
    if (this.idleTooLong(current)) {
      this.end('inactivity');
      throw new ContractError('forbidden', 'The session has ended after inactivity');
    }
    return current.open;
  }

  isCurrent(open: OpenBooklet): boolean {
    return this.current?.stage === 'member' && this.current.open === open && !this.idleTooLong(this.current);
  }

  async whileCurrent<T>(open: OpenBooklet, work: Promise<T>): Promise<T> {
    const result = await work;
    if (!this.isCurrent(open)) {
      if (this.current?.stage === 'member' && this.current.open === open) this.end('inactivity');
      throw new ContractError('forbidden', 'The session ended');
    }
    return result;
  }

  insurer(open: OpenBooklet): InsurerAnswer | null {
    return this.current?.stage === 'member' && this.current.open === open ? this.current.insurer : null;
  }

  touch(): string | null {
    if (this.current?.stage !== 'member') return null;
    this.current.lastActivity = this.options.now().getTime();
    this.armInactivity();
    return this.expiresAt();
  }

  onClose(listener: (closed: OpenBooklet) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  // ------------------------------------------------------------------ stages (identification and family)

  stage(): Readonly<Stage> | null {
    return this.current;
  }

  /** The insurer's state of the confirmed member, for the payout screen; null without one. */
  memberState(): KioskMemberState | null {
    return this.current?.stage === 'member' ? this.current.insurer.state.view : null;
  }

  identify(sessionId: string, member: MemberFacts, factor: SecondFactor, attemptsLeft: number, check: 'insurer' | 'card'): void {
    this.enter({ stage: 'identify', sessionId, member, factor, attemptsLeft, check });
    this.publish({ stage: 'identify', factor, attemptsLeft, check });
  }

  /** The member approves this session in the insurer's app; the screen shows the code until `until` (real time). */
  approve(sessionId: string, member: MemberFacts, approval: { id: string; code: string; qr: string[]; until: number }): void {
    this.enter({ stage: 'approve', sessionId, member, approvalId: approval.id, until: approval.until });
    this.publish({ stage: 'approve', code: approval.code, qr: approval.qr, until: new Date(approval.until).toISOString() });
  }

  /** `askClerk`: the insurer locked the person at every kiosk, a clerk at the branch can lift it. */
  lock(sessionId: string, until: string, askClerk = false): void {
    this.enter({ stage: 'locked', sessionId, until });
    this.publish({ stage: 'locked', until, askClerk });
  }

  /**
   * Opens a member's booklet. Decisions the service sent since the last visit are shown now,
   * once; the insurer's state is asked for unless given (a child from the insurer's family list).
   */
  open(sessionId: string, member: MemberFacts, identity: IdentityCheck, extras: { representative?: MemberFacts; insurer?: InsurerState } = {}): OpenBooklet {
    const open: OpenBooklet = { sessionId, member, identity, ...(extras.representative ? { representative: extras.representative } : {}) };
    const notifications = takeNotifications(this.options.db, member.person.kvnr, this.options.now()).map(({ about, year, amountCents, decision, accepted, rejected, reason }) => ({ about, year, amountCents, decision, accepted, rejected, reason }));
    const insurer = extras.insurer ?? this.askInsurer(open);
    this.enter({ stage: 'member', sessionId, open, lastActivity: this.options.now().getTime(), notifications, insurer: { state: insurer, record: null } });
    this.publishMember();
    return open;
  }

  /** §1: the parent's session waits (up to `ms`) for the child's card; the parent's card may leave meanwhile. */
  awaitChildCard(parent: OpenBooklet, ms: number): string {
    const until = this.options.now().getTime() + ms;
    this.enter({ stage: 'child-card', sessionId: parent.sessionId, parent: parent.member, identity: parent.identity, until });
    this.timer = setTimeout(() => this.wipe(), ms);
    this.timer.unref();
    const untilIso = new Date(until).toISOString();
    this.publish({ stage: 'child-card', until: untilIso });
    return untilIso;
  }

  /** A card that cannot start a session: everything before it is gone, the screen says why. */
  reject(state: Extract<KioskState, { stage: 'rejected' }>): void {
    this.wipe();
    this.publish(state);
  }

  /** Reading a card: the screen shows it, nothing is held yet. */
  reading(): void {
    this.publish({ stage: 'reading' });
  }

  /** The member ends the session (or it timed out): nothing stays on screen; the card must come out. */
  end(reason: 'member' | 'inactivity' = 'member'): boolean {
    const current = this.current;
    if (!current || current.stage === 'ended') return false;
    if (current.stage === 'member') this.options.audit(reason === 'inactivity' ? 'kiosk.session.timeout' : 'kiosk.session.end', current.open.member.memberRef);
    this.enter({ stage: 'ended', sessionId: current.sessionId });
    this.publish({ stage: 'ended', reason });
    return true;
  }

  /** Drops everything derived from the card at once and returns to the idle screen. */
  wipe(): void {
    this.enter(null);
    if (this.shown !== 'idle') this.publish({ stage: 'idle' });
  }

  // ------------------------------------------------------------------ inside

  /** Every change of stage goes through here: the timer stops and an open booklet is closed for everyone holding something of it. */
  private enter(next: Stage | null): void {
    clearTimeout(this.timer);
    const before = this.current;
    this.current = next;
    if (before?.stage === 'member') {
      for (const listener of [...this.closeListeners]) {
        try {
          listener(before.open);
        } catch (error) {
          this.options.log.error('a kiosk service failed to drop its session data', { error: errorName(error) });
        }
      }
    }
  }

  /**
   * Asks the service for the member's state with the KVNR and card number just read; the booklet
   * shows local records meanwhile and is recomputed when the answer arrives. An answer that
   * comes after the booklet closed is dropped.
   */
  private askInsurer(open: OpenBooklet): InsurerState {
    const online = this.options.online;
    const { member } = open;
    if (!online || !member.card) return insurerStateOf('off');
    // Only the card vouched for the member (offline): the insurer is not asked, nothing of its record is shown.
    if (open.identity === 'card') return insurerStateOf('unavailable');
    const settle = (state: InsurerState, record: MemberState | null) => {
      if (this.current?.stage !== 'member' || this.current.open !== open) return;
      this.current.insurer = { state, record };
      this.publishMember();
    };
    online.memberState({ kvnr: member.person.kvnr, cardNumber: member.card.iccsn }).then(
      (state) => {
        if (this.isCurrent(open)) this.options.audit('kiosk.insurer-state.loaded', member.memberRef);
        settle(loadedInsurerState(this.options.db, state), state);
      },
      (error: unknown) => {
        this.options.log.warn('member state not available', { error: errorName(error) });
        settle(insurerStateOf('unavailable'), null);
      },
    );
    return insurerStateOf('loading');
  }

  private idleTooLong(current: Extract<Stage, { stage: 'member' }>): boolean {
    return this.options.now().getTime() - current.lastActivity >= this.options.inactivitySeconds * 1000;
  }

  private publishMember(): void {
    if (this.current?.stage !== 'member') return;
    this.armInactivity();
    const { open, notifications, insurer } = this.current;
    const today = berlinDateOf(this.options.now().getTime());
    this.publish({
      stage: 'member',
      sessionId: open.sessionId,
      displayName: displayName(open.member.person),
      expiresAt: this.expiresAt()!,
      ...(open.representative ? { representativeName: displayName(open.representative.person) } : {}),
      mayOpenChild: !open.representative && mayOpenChildBooklet(open.member, today),
      notifications,
      memberState: insurer.state.view,
      identityCheck: open.identity,
    });
  }

  private expiresAt(): string | null {
    return this.current?.stage === 'member' ? realTimeOf(this.options.now, this.current.lastActivity + this.options.inactivitySeconds * 1000).toISOString() : null;
  }

  private armInactivity(): void {
    clearTimeout(this.timer);
    if (this.current?.stage !== 'member') return;
    const remaining = this.current.lastActivity + this.options.inactivitySeconds * 1000 - this.options.now().getTime();
    this.timer = setTimeout(() => this.end('inactivity'), Math.max(0, remaining));
    this.timer.unref();
  }

  private publish(state: KioskState): void {
    this.shown = state.stage;
    this.options.events.publish('kioskState', state);
  }
}
