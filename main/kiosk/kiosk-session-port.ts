import type { IdentityCheck, KioskNotification, SecondFactor } from '../contract';
import type { MemberState } from '../contract/service-api';
import type { MemberFacts } from './booklet-view';
import type { InsurerState } from './member-state';

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
  /** Who vouched for the member; `card` (offline) gets the reduced booklet (no bank, no family list, no payout). */
  readonly identity: IdentityCheck;
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
  | { stage: 'identify'; sessionId: string; member: MemberFacts; factor: SecondFactor; attemptsLeft: number; check: 'insurer' | 'card' }
  | { stage: 'approve'; sessionId: string; member: MemberFacts; approvalId: string; until: number }
  | { stage: 'locked'; sessionId: string; until: string }
  | { stage: 'member'; sessionId: string; open: OpenBooklet; lastActivity: number; notifications: KioskNotification[]; insurer: InsurerAnswer }
  | { stage: 'child-card'; sessionId: string; parent: MemberFacts; identity: IdentityCheck; until: number }
  | { stage: 'ended'; sessionId: string };
