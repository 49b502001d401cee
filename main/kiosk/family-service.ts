import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError } from '../contract';
import { berlinDateOf } from '../domain';
import { memberRef } from '../sync/outbox';
import { childFromFamilyList, isChild, mayOpenChildBooklet } from './family-rules';
import type { MemberAudit } from './kiosk-audit';
import type { KioskSession } from './kiosk-session';
import type { OpenBooklet } from './kiosk-session-port';
import { insurerStateOf } from './member-state';

export interface FamilyServiceOptions {
  db: Database;
  session: KioskSession;
  /** Whether proofs of the open booklet wait to be submitted (the evidence service). */
  hasDrafts: () => boolean;
  audit: MemberAudit;
  now: () => Date;
}

/** How long a parent's session waits for the child's card. */
const childCardWaitMs = 120_000;

/**
 * §1: a parent manages the booklets of their children under 15, by inserting the child's card
 * or by picking the child from the family members the insurer reported.
 */
export class FamilyService {
  constructor(private readonly options: FamilyServiceOptions) {}

  /**
   * The parent's confirmed session waits for the child's card; the parent's card may be taken out
   * meanwhile. Which children belong to the parent cannot be checked offline: the physical card is
   * the proof, as in the insurer's app, and the service re-checks the family relation on submission.
   */
  openChild(): { until: string } {
    const parent = this.requireParent();
    this.options.audit('kiosk.child.await', parent.member.memberRef);
    return { until: this.options.session.awaitChildCard(parent, childCardWaitMs) };
  }

  /** A child from the insurer's family list: its booklet opens in the parent's session. */
  openFamilyChild(childId: string): { opened: true } {
    const { session, db } = this.options;
    const parent = this.requireParent();
    // Reduced booklet (only the card vouched for the parent): no family list.
    if (parent.identity === 'card') throw new ContractError('forbidden', 'The family list needs the insurer to confirm the member');
    const child = session.insurer(parent)?.state.children.get(childId);
    if (!child) throw new ContractError('invalid_input', 'No such family member', ['childId']);
    if (!isChild(child.birthDate, this.today())) throw new ContractError('forbidden', 'The family member is 15 or over');
    const member = childFromFamilyList(child, memberRef(db, child.kvnr), parent.member);
    this.options.audit('kiosk.child.open', member.memberRef, `from the insurer's family list by representative ${parent.member.memberRef.slice(0, 16)}`);
    session.open(parent.sessionId, member, parent.identity, { representative: parent.member, insurer: insurerStateOf('off') });
    return { opened: true };
  }

  /** An adult member's own booklet, with no proofs waiting: §2.4, proofs are never carried over to another booklet. */
  private requireParent(): OpenBooklet {
    const open = this.options.session.member();
    if (open.representative || !mayOpenChildBooklet(open.member, this.today())) throw new ContractError('forbidden', "Only an adult member can open a child's booklet");
    if (this.options.hasDrafts()) throw new ContractError('conflict', 'Submit or remove the proofs of this booklet first');
    return open;
  }

  private today(): string {
    return berlinDateOf(this.options.now().getTime());
  }
}
