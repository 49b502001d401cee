import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type BookletView, type KioskArchiveEntry } from '../contract';
import { berlinDateOf, type RuleSet } from '../domain';
import { DeclarationStore } from '../store/declarations';
import { recordsOf } from '../store/measure-records';
import { rejectionReasons } from '../sync/notifications';
import { archiveOf } from './archive';
import { bookletView } from './booklet-view';
import type { MemberAudit } from './kiosk-audit';
import type { KioskSessionPort, OpenBooklet } from './kiosk-session-port';
import { insurerFactsFor } from './member-state';

export interface MemberBookletsOptions {
  db: Database;
  session: KioskSessionPort;
  audit: MemberAudit;
  now: () => Date;
  /** The rule sets the kiosk evaluates with; the built-in ones when absent (kiosk.ruleSetFiles adds to them). */
  ruleSets?: readonly RuleSet[];
}

/**
 * The member's booklet of one year, computed by the rules engine from this station's records,
 * the insurer's state and the reviewers' reasons. Showing it on the booklet screen is an access
 * to member data and is audited; reading it for another screen (the payout) or a check is not a
 * view and writes nothing.
 */
export class MemberBooklets {
  private readonly declarations: DeclarationStore;

  constructor(private readonly options: MemberBookletsOptions) {
    this.declarations = new DeclarationStore(options.db);
  }

  /** The booklet screen: the running year unless another open one is asked for. */
  show(year?: number): BookletView {
    const open = this.options.session.member();
    const view = this.read(open, year);
    this.options.audit('kiosk.booklet.view', open.member.memberRef, `year=${view.year}`);
    return view;
  }

  /** What the member submitted at this station, newest first (the archive screen); audited like the booklet. */
  archive(): KioskArchiveEntry[] {
    const open = this.options.session.member();
    this.options.audit('kiosk.archive.view', open.member.memberRef);
    return archiveOf(this.options.db, open.member.memberRef, this.options.ruleSets);
  }

  /** The booklet of a year still open for submissions (§2.1), for another service; nothing is written. */
  read(open: OpenBooklet, year: number = this.runningYear()): BookletView {
    return this.requireOpenYear(this.compute(open, year, true), year);
  }

  /**
   * What the catalog asks of each field in a year still open (kinds of proof, statements,
   * measured values), without the member's records: enough to check a new proof against.
   */
  catalogOf(open: OpenBooklet, year: number): BookletView {
    return this.requireOpenYear(this.compute(open, year, false), year);
  }

  private compute(open: OpenBooklet, year: number, withRecords: boolean): BookletView {
    const { db, ruleSets } = this.options;
    const { member, representative } = open;
    const answer = this.options.session.insurer(open);
    const insurer = answer && answer.state.view.status === 'loaded' ? insurerFactsFor(answer.record, year) : undefined;
    const records = withRecords ? recordsOf(db, member.memberRef, year) : [];
    return bookletView(member, year, this.declarations.forMember(member.memberRef), records, this.options.now().getTime(), representative?.memberRef, {
      ...(insurer ? { insurer } : {}),
      reviewReasons: rejectionReasons(db, member.memberRef, year),
      ...(ruleSets ? { ruleSets } : {}),
    });
  }

  /** §2.1: the running year, or an earlier one until its submission deadline (30.06. of the next year). */
  private requireOpenYear(view: BookletView, year: number): BookletView {
    if (year !== view.currentYear && !view.openEarlierYears.includes(year)) throw new ContractError('invalid_input', `The booklet ${year} can no longer be submitted`, ['year']);
    return view;
  }

  private runningYear(): number {
    return Number(berlinDateOf(this.options.now().getTime()).slice(0, 4));
  }
}
