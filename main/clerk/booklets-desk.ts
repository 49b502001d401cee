import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type EventPayload, type IssuedBooklet, type LegacyAssignmentView, type LegacyBookingResult, type LegacyRegionInput, type MemberSearchResult, type StaffSessionView } from '../contract';
import { berlinDateOf, catalogFor, programFor, ruleSet2026 } from '../domain';
import type { EventHub } from '../runtime/event-hub';
import { bookletPdf, type BookletPdfRequest } from '../imaging/booklet/booklet-pdf';
import { recognizePage, type PageRecognition } from '../imaging/recognition/recognize-page';
import type { Logger } from '../runtime/logger';
import type { StationService } from '../runtime/service';
import { appendAudit } from '../store/audit-log';
import { memberRef } from '../sync/outbox';
import { bookletLink, issueBooklet } from './booklets';
import type { BookletLinkSync } from './booklets-sync';
import { bookLegacyPage } from './legacy-booking';
import { insertLayout, layoutFromPage } from './legacy-layouts';
import { assertLegacyKind, legacyPageArchive, legacyPageView, openLegacyPage, proposeRegions, purgeAbandonedLegacyPages, saveAssignment } from './legacy';
import { initialsOf, MemberPicks, type PickedMember } from './members';

export interface BookletDeskOptions {
  db: Database;
  events: EventHub;
  links: BookletLinkSync;
  log: Logger;
  /** The signed-in clerk, or a forbidden error (StaffService.require). */
  requireStaff: () => StaffSessionView;
  /**
   * Page pipeline and PDF off the main thread (an ImagingWorker, started on first use); in
   * process when not given (tests, CLI).
   */
  imaging?: DeskImaging;
  /** A page of the batch queue was assigned (and so verified): the batch publishes its counts. */
  onBatchPageChanged?: (pageId: string) => void;
  now?: () => Date;
}

export interface DeskImaging {
  recognizePage(input: Buffer): Promise<PageRecognition>;
  bookletPdf(request: BookletPdfRequest): Promise<Uint8Array>;
  stop?(): Promise<void>;
}

const inProcess: DeskImaging = { recognizePage: (input) => recognizePage(input), bookletPdf };

/**
 * The clerk desk's booklet work: pick the member, print a booklet linked to them, and assign
 * the regions of legacy booklet pages by hand. Every action goes to the audit log with the
 * staff id and a booklet id or member reference, never a name or KVNR.
 */
export class BookletDesk implements StationService {
  readonly name = 'booklet-desk';
  readonly picks: MemberPicks;
  private unsubscribe: (() => void) | undefined;
  private readonly now: () => Date;
  private readonly imaging: DeskImaging;

  constructor(private readonly options: BookletDeskOptions) {
    this.now = options.now ?? (() => new Date());
    this.imaging = options.imaging ?? inProcess;
    this.picks = new MemberPicks({
      db: options.db,
      cardSessions: () => options.events.current('cardSessions')?.sessions ?? [],
      links: options.links,
      log: options.log,
      today: () => this.today(),
    });
  }

  start(): void {
    purgeAbandonedLegacyPages(this.options.db, this.now());
    // No pick outlives the clerk's session.
    this.unsubscribe = this.options.events.subscribeInternal((name, payload) => {
      if (name === 'staffSession' && (payload as EventPayload<'staffSession'>).state === 'signed-out') this.picks.clear();
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.picks.clear();
    await this.imaging.stop?.();
  }

  pickByKvnr(kvnr: string, birthDate: string) {
    const staff = this.options.requireStaff();
    const result = this.picks.byKvnr(kvnr, birthDate);
    this.audit(staff, result.ok ? 'clerk.member.pick' : 'clerk.member.pick.refused', result.ok ? `member:${this.ref(result.member.kvnr)}` : 'member:unknown', result.ok ? 'kvnr' : result.problem);
    return result;
  }

  pickFromCard() {
    const staff = this.options.requireStaff();
    const result = this.picks.fromCard();
    this.audit(staff, result.ok ? 'clerk.member.pick' : 'clerk.member.pick.refused', result.ok ? `member:${this.ref(result.member.kvnr)}` : 'member:unknown', result.ok ? 'card' : result.problem);
    return result;
  }

  async search(lastName: string, firstName: string, birthDate: string): Promise<MemberSearchResult> {
    const staff = this.options.requireStaff();
    const result = await this.picks.search(lastName, firstName, birthDate, staff.staffId);
    this.audit(staff, 'clerk.member.search', 'member:search', `found ${result.members.length}, service ${result.searched.service}`);
    return result;
  }

  async issue(pickId: string, year: number): Promise<IssuedBooklet> {
    const staff = this.options.requireStaff();
    const pick = this.pick(pickId);
    this.checkYear(year);
    const program = this.programFor(pick, year);
    const now = this.now();
    const booklet = this.options.db.transaction(() => {
      const view = issueBooklet(this.options.db, { ...this.linkOf(pick), year, program, legacy: false, issuedBy: `staff:${staff.staffId}` }, now);
      this.picks.remember(pick, now);
      this.audit(staff, 'clerk.booklet.issue', `booklet:${view.bookletId}`, `member:${this.ref(pick.kvnr)}`);
      return view;
    })();
    void this.options.links.pushPending();
    return this.pdfOf(booklet);
  }

  async reprint(bookletId: string): Promise<IssuedBooklet> {
    const staff = this.options.requireStaff();
    const link = bookletLink(this.options.db, bookletId);
    if (!link) throw new ContractError('not_found', 'No booklet with this id on this station', ['bookletId']);
    if (link.legacy) throw new ContractError('conflict', 'A legacy booklet has no printable pages');
    this.audit(staff, 'clerk.booklet.reprint', `booklet:${bookletId}`);
    return this.pdfOf(link.view);
  }

  async openLegacyPage(imageBase64: string) {
    const staff = this.options.requireStaff();
    const view = await openLegacyPage(this.options.db, imageBase64, staff.staffId, this.now(), (input) => this.imaging.recognizePage(input));
    this.audit(staff, 'clerk.legacy.open', `page:${view.pageRef}`, view.kind);
    return view;
  }

  async legacyPage(pageRef: string) {
    this.options.requireStaff();
    return legacyPageView(this.options.db, pageRef, this.now());
  }

  async measureLegacy(pageRef: string, regions: LegacyRegionInput[]) {
    this.options.requireStaff();
    return { regions: await proposeRegions(this.options.db, pageRef, regions) };
  }

  /**
   * Saves the clerk's assignment of a legacy page: every region decided by the clerk (an unsure
   * proposal is never taken), the page's date and a date per region where it differs. A page of
   * the batch queue is verified with it and booked with its batch; a page opened here is booked
   * with `bookLegacy`.
   */
  async saveLegacy(input: {
    pageRef: string;
    pickId: string;
    year: number;
    bookletId?: string;
    performedOn: string;
    regions: (LegacyRegionInput & { final: 'stamped' | 'empty'; performedOn?: string })[];
  }): Promise<LegacyAssignmentView> {
    const staff = this.options.requireStaff();
    const pick = this.pick(input.pickId);
    this.checkYear(input.year, true);
    assertLegacyKind(this.options.db, input.pageRef);
    const measures = input.regions.map((r) => r.measure);
    if (new Set(measures).size !== measures.length) throw new ContractError('invalid_input', 'Each measure may have one region per page', ['regions']);
    this.checkDate(input.performedOn, input.year, 'performedOn');
    for (const r of input.regions) if (r.performedOn) this.checkDate(r.performedOn, input.year, 'regions');
    // The proposal is measured here again: what is stored comes from main, not from the screen.
    const crops = new Map<number, Buffer>();
    const proposals = await proposeRegions(this.options.db, input.pageRef, input.regions, crops);
    // A page drawn by hand teaches the station its form: the next page of it is placed by itself.
    const archive = legacyPageArchive(this.options.db, input.pageRef);
    const layout = archive ? await layoutFromPage(this.options.db, input.pageRef, archive, input.regions) : null;
    const now = this.now();
    const saved = this.options.db.transaction(() => {
      let bookletId = input.bookletId;
      let program: 'adult' | 'child';
      if (bookletId) {
        const link = bookletLink(this.options.db, bookletId);
        if (!link || !link.legacy || link.memberRef !== memberRef(this.options.db, pick.kvnr) || link.year !== input.year) {
          throw new ContractError('conflict', 'That booklet is not a legacy booklet of this member and year', ['bookletId']);
        }
        program = link.program;
      } else {
        program = this.programFor(pick, input.year);
        bookletId = issueBooklet(this.options.db, { ...this.linkOf(pick), year: input.year, program, legacy: true, issuedBy: `staff:${staff.staffId}` }, now).bookletId;
      }
      this.picks.remember(pick, now);
      const regions = proposals.map((p, i) => ({ ...p, final: input.regions[i]!.final, performedOn: input.regions[i]!.performedOn ?? null }));
      const view = saveAssignment(this.options.db, { pageRef: input.pageRef, bookletId, year: input.year, program, performedOn: input.performedOn, regions, crops, staffId: staff.staffId, now });
      this.audit(staff, 'clerk.legacy.assign', `page:${input.pageRef}`, `booklet:${bookletId}, ${regions.length} regions`);
      if (layout) this.audit(staff, 'clerk.legacy.layout', `layout:${insertLayout(this.options.db, layout, input.pageRef, staff.staffId, now)}`, `page:${input.pageRef}, ${layout.regions.length} regions`);
      return view;
    })();
    void this.options.links.pushPending();
    this.options.onBatchPageChanged?.(input.pageRef);
    return saved;
  }

  /** Books a legacy page opened at the desk (one submission, outbox, same transaction). */
  bookLegacy(pageRef: string): LegacyBookingResult {
    const staff = this.options.requireStaff();
    const result = bookLegacyPage(this.options.db, { pageRef, staffId: staff.staffId, now: this.now() });
    this.audit(staff, 'clerk.legacy.book', `page:${pageRef}`, `measures=${result.measuresBooked}`);
    return result;
  }

  /** A stamp's date lies in the booklet's year and not in the future. */
  private checkDate(date: string, year: number, field: string): void {
    if (!date.startsWith(`${year}-`) || date > this.today() || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      throw new ContractError('invalid_input', 'The date must lie in the booklet year and not in the future', [field]);
    }
  }

  private async pdfOf(booklet: IssuedBooklet['booklet']): Promise<IssuedBooklet> {
    const ruleSet = catalogFor(`${booklet.year}-12-31`) ?? ruleSet2026;
    const pdf = await this.imaging.bookletPdf({ bookletId: booklet.bookletId, year: booklet.year, program: booklet.program, ruleSet });
    // The file name carries the booklet id and year only, like the pages themselves.
    return { booklet, pdfBase64: Buffer.from(pdf).toString('base64'), fileName: `Bonusheft-${booklet.year}-${booklet.bookletId}.pdf` };
  }

  /** The pick the renderer names, or not_found once it left the desk. */
  pick(pickId: string): PickedMember {
    const pick = this.picks.get(pickId);
    if (!pick) throw new ContractError('not_found', 'The member pick is no longer at the desk; pick the member again', ['pickId']);
    return pick;
  }

  /** New booklets for this year or the next (printed ahead in December); legacy pages also for the years before. */
  private checkYear(year: number, legacy = false): void {
    const current = Number(this.today().slice(0, 4));
    if (year > current + 1 || (!legacy && year < current) || year < current - 5) throw new ContractError('invalid_input', `No booklet for ${year} here`, ['year']);
  }

  /** §1: the program is fixed by the age on the application day; a booklet for next year counts from 1 January. */
  private programFor(pick: PickedMember, year: number): 'adult' | 'child' {
    const today = this.today();
    const day = year === Number(today.slice(0, 4)) ? today : `${year}-01-01`;
    return programFor(pick.birthDate, day);
  }

  private linkOf(pick: PickedMember) {
    return { kvnr: pick.kvnr, birthDate: pick.birthDate, initials: initialsOf(pick.firstName, pick.lastName) };
  }

  private today(): string {
    return berlinDateOf(this.now().getTime());
  }

  /** A member in the audit log: a keyed hash of the KVNR, never the KVNR itself. */
  ref(kvnr: string): string {
    return memberRef(this.options.db, kvnr).slice(0, 16);
  }

  audit(staff: StaffSessionView, action: string, subject: string, detail?: string): void {
    appendAudit(this.options.db, { actor: `staff:${staff.staffId}`, action, subject, ...(detail ? { detail } : {}) }, this.now());
    this.options.log.info(action);
  }
}
