import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type KioskMemberState, type KioskNotification, type KioskState, type SecondFactor } from '../contract';
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
import { insurerStateOf, loadedInsurerState, type InsurerState } from './member-state';
import { displayName } from './second-factor';

/**
 * The member whose booklet is open. One object per opening: "is this still the member I started
 * with?" is a question of identity, so a booklet opened again (another card, the same card after
 * a timeout, a child's booklet in the same session) never passes for the one before.
 */
export interface OpenBooklet {
  readonly sessionId: string;
  readonly member: MemberFacts;
  /** The parent who opened a child's booklet (§1: the legal representative acts for the child). */
  readonly representative?: MemberFacts;
}

/** What the insurer said about the member of an open booklet (session data, gone with the session). */
export interface InsurerAnswer {
  state: InsurerState;
  /** The service's answer as it came, for the rules engine; null when there is none (yet). */
  record: MemberState | null;
}

/**
 * The kiosk's member session as the services that work for the member see it (evidence,
 * participation, family, payout, document scan). None of them learns about the member any other way.
 */
export interface KioskSessionPort {
  /** The member whose booklet is open; refused without one, and the session ends here if it was idle too long. */
  member(): OpenBooklet;
  /** Whether `open` is still the booklet on screen: the card is in, no timeout, no other booklet opened. */
  isCurrent(open: OpenBooklet): boolean;
  /** Awaits `work`; its result counts only if `open` is still current then, else the call is refused (the card left meanwhile). */
  whileCurrent<T>(open: OpenBooklet, work: Promise<T>): Promise<T>;
  /** The insurer's state of the member of `open`, while it is current. */
  insurer(open: OpenBooklet): InsurerAnswer | null;
  /** The member did something: the inactivity countdown starts again. Returns the new end (real time), or null without a member. */
  touch(): string | null;
  /** Called when an open booklet closes for any reason, so that whatever was held for it is dropped at once. */
  onClose(listener: (closed: OpenBooklet) => void): () => void;
}

export type Stage =
  | { stage: 'identify'; sessionId: string; member: MemberFacts; factor: SecondFactor; attemptsLeft: number }
  | { stage: 'locked'; sessionId: string; until: string }
  | { stage: 'member'; sessionId: string; open: OpenBooklet; lastActivity: number; notifications: KioskNotification[]; insurer: InsurerAnswer }
  | { stage: 'child-card'; sessionId: string; parent: MemberFacts; until: number }
  | { stage: 'ended'; sessionId: string };

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

  identify(sessionId: string, member: MemberFacts, factor: SecondFactor, attemptsLeft: number): void {
    this.enter({ stage: 'identify', sessionId, member, factor, attemptsLeft });
    this.publish({ stage: 'identify', factor, attemptsLeft });
  }

  lock(sessionId: string, until: string): void {
    this.enter({ stage: 'locked', sessionId, until });
    this.publish({ stage: 'locked', until });
  }

  /**
   * Opens a member's booklet. Decisions the service sent since the last visit are shown now,
   * once; the insurer's state is asked for unless given (a child from the insurer's family list).
   */
  open(sessionId: string, member: MemberFacts, extras: { representative?: MemberFacts; insurer?: InsurerState } = {}): OpenBooklet {
    const open: OpenBooklet = { sessionId, member, ...(extras.representative ? { representative: extras.representative } : {}) };
    const notifications = takeNotifications(this.options.db, member.person.kvnr, this.options.now()).map(({ about, year, amountCents, decision, accepted, rejected, reason }) => ({ about, year, amountCents, decision, accepted, rejected, reason }));
    const insurer = extras.insurer ?? this.askInsurer(open);
    this.enter({ stage: 'member', sessionId, open, lastActivity: this.options.now().getTime(), notifications, insurer: { state: insurer, record: null } });
    this.publishMember();
    return open;
  }

  /** §1: the parent's session waits (up to `ms`) for the child's card; the parent's card may leave meanwhile. */
  awaitChildCard(parent: OpenBooklet, ms: number): string {
    const until = this.options.now().getTime() + ms;
    this.enter({ stage: 'child-card', sessionId: parent.sessionId, parent: parent.member, until });
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
