import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type BookletPageField, type BookletPageResult, type BookletPageSource, type BookletView, type KioskReceipt } from '../contract';
import { berlinDateOf } from '../domain';
import { pageOf } from '../imaging/booklet/template';
import type { BookletPageId } from '../imaging/booklet/qr-payload';
import { isImagingError } from '../imaging/errors';
import { templateFor, type PageRecognition } from '../imaging/recognition/recognize-page';
import type { MemberStateSource } from '../sync/online';
import { bookletOwner } from './booklet-owner';
import type { EvidenceDraft } from './evidence-drafts';
import type { MemberAudit } from './kiosk-audit';
import type { KioskDocumentScan } from './kiosk-document-scan';
import type { KioskSessionPort, OpenBooklet } from './kiosk-session-port';
import { submitDrafts } from './kiosk-submission';
import type { MemberBooklets } from './member-booklets';
import type { KioskImaging } from './readable-photo';

export interface PaperBookletOptions {
  db: Database;
  session: KioskSessionPort;
  booklets: MemberBooklets;
  imaging: Pick<KioskImaging, 'recognizePage'>;
  /** The kiosk's document scanner; null where it has none (the camera still works). */
  scan: Pick<KioskDocumentScan, 'scanOne'> | null;
  online?: MemberStateSource;
  audit: MemberAudit;
  now: () => Date;
}

/** The last page read, held in main memory for the member's confirmation only. */
interface Reading {
  readingId: string;
  open: OpenBooklet;
  pageId: BookletPageId;
  page: Buffer;
  fields: (BookletPageField & { crop: Buffer })[];
}

type Failure = Extract<BookletPageResult, { ok: false }>;

/**
 * Members bring their printed booklet to the kiosk: a page is scanned or photographed, the
 * recognizer the clerk desk uses finds its stamped fields, the member confirms them on screen
 * and each confirmed field goes to the insurer's review as a booklet-stamp proof with its crop
 * and the page. Only the member's own booklet (booklet-owner.ts); a field credited or waiting
 * for review already is shown as such and never submitted again. The page and crops live in
 * main memory until submitted, and go when the booklet closes.
 */
export class PaperBooklet {
  private reading: Reading | null = null;

  constructor(private readonly options: PaperBookletOptions) {
    options.session.onClose(() => this.forget());
  }

  async read(source: BookletPageSource): Promise<BookletPageResult> {
    const { session } = this.options;
    const open = session.member();
    this.forget();
    if (source.source === 'camera') return session.whileCurrent(open, this.recognizeAndCheck(open, Buffer.from(source.photo.dataBase64, 'base64')));
    if (!this.options.scan) throw new ContractError('not_available', 'No document scanner at this kiosk');
    const result = await this.options.scan.scanOne((data) => session.whileCurrent(open, this.recognizeAndCheck(open, data)));
    return 'scannerProblem' in result ? { ok: false, problem: result.scannerProblem } : result;
  }

  submit(input: { readingId: string; measures: number[]; performedOn: string }): KioskReceipt {
    const open = this.options.session.member();
    const reading = this.reading;
    if (!reading || reading.readingId !== input.readingId || reading.open !== open) throw new ContractError('not_found', 'This page is no longer open; read it again', ['readingId']);
    const { year } = reading.pageId;
    const today = berlinDateOf(this.options.now().getTime());
    if (!input.performedOn.startsWith(`${year}-`) || input.performedOn > today) throw new ContractError('invalid_input', 'The date must lie in the booklet year and not in the future', ['performedOn']);
    // Asked again now: a field may have been submitted from another page or a photo meanwhile.
    const already = alreadyClaimed(this.options.booklets.read(open, year));
    const chosen = [...new Set(input.measures)].map((measure) => reading.fields.find((f) => f.measure === measure));
    if (chosen.some((f) => !f || (f.state !== 'stamped' && f.state !== 'unsure'))) throw new ContractError('invalid_input', 'Only fields with a stamp found on this page can be confirmed', ['measures']);
    if (chosen.some((f) => already.has(f!.measure))) throw new ContractError('conflict', 'A field is credited or waiting for review already');
    const booklet = { id: reading.pageId.bookletId, page: reading.pageId.page };
    const drafts: EvidenceDraft[] = chosen.map((f) => ({ draftId: randomUUID(), measure: f!.measure, performedOn: input.performedOn, kind: 'booklet_stamp', pages: [f!.crop, reading.page], mediaType: 'image/jpeg', booklet }));
    const receipt = submitDrafts(this.options.db, { member: open.member, drafts, year, now: this.options.now() });
    this.options.audit('kiosk.booklet-page.submit', open.member.memberRef, `booklet=${booklet.id} page=${booklet.page} measures=${receipt.measures.join(',')}`);
    this.forget();
    return receipt;
  }

  private async recognizeAndCheck(open: OpenBooklet, bytes: Buffer): Promise<BookletPageResult> {
    let recognition: PageRecognition;
    try {
      recognition = await this.options.imaging.recognizePage(bytes);
    } catch (error) {
      if (isImagingError(error) && error.code !== 'worker_failed') return { ok: false, problem: error.code };
      throw error;
    }
    const { pageId } = recognition;
    if (recognition.kind !== 'booklet_page' || !pageId) return { ok: false, problem: 'unregistered' };
    const refused = await this.refusal(open, pageId);
    if (refused) {
      this.options.audit('kiosk.booklet-page.refused', open.member.memberRef, `booklet=${pageId.bookletId} problem=${refused.problem}`);
      return refused;
    }
    const view = this.options.booklets.read(open, pageId.year);
    const already = alreadyClaimed(view);
    const template = templateFor(pageId);
    const layout = pageOf(template, pageId.page);
    const size = template.pageSize;
    const offered = new Set(view.fields.filter((f) => f.evidence.includes('booklet_stamp')).map((f) => f.measure));
    const fields = recognition.fields.flatMap((field, i): Reading['fields'] => {
      const area = layout?.fields[i]?.area;
      if (!area || !offered.has(field.measure)) return [];
      const state: BookletPageField['state'] = already.has(field.measure) ? 'credited' : field.decision;
      const box = { x: area.x / size.width, y: area.y / size.height, width: area.width / size.width, height: area.height / size.height };
      return [{ measure: field.measure, box, state, crop: field.crop }];
    });
    const reading: Reading = { readingId: randomUUID(), open, pageId, page: recognition.archive, fields };
    this.reading = reading;
    this.options.audit('kiosk.booklet-page.read', open.member.memberRef, `booklet=${pageId.bookletId} page=${pageId.page} stamped=${fields.filter((f) => f.state === 'stamped').map((f) => f.measure).join(',')}`);
    return {
      ok: true,
      reading: {
        readingId: reading.readingId,
        year: pageId.year,
        page: pageId.page,
        image: { jpegBase64: recognition.archive.toString('base64'), ...recognition.archiveSize },
        fields: fields.map(({ crop: _crop, ...field }) => field),
      },
    };
  }

  /** Why this page is not offered: not the member's booklet, a closed year, or no participation. */
  private async refusal(open: OpenBooklet, pageId: BookletPageId): Promise<Failure | null> {
    const verdict = await bookletOwner({ db: this.options.db, open, bookletId: pageId.bookletId, ...(this.options.online ? { online: this.options.online } : {}) });
    if ('problem' in verdict) return { ok: false, problem: verdict.problem };
    let view: BookletView;
    try {
      view = this.options.booklets.read(open, pageId.year);
    } catch (error) {
      if (error instanceof ContractError && error.code === 'invalid_input') return { ok: false, problem: 'closed-year' };
      throw error;
    }
    return view.participation.status === 'active' ? null : { ok: false, problem: 'not-participating' };
  }

  private forget(): void {
    if (!this.reading) return;
    this.reading.page.fill(0);
    for (const field of this.reading.fields) field.crop.fill(0);
    this.reading = null;
  }
}

/** Fields the insurer credited, or with a proof fulfilled or waiting for review: a stamp for them is not submitted again. */
function alreadyClaimed(view: BookletView): Set<number> {
  return new Set(view.fields.filter((f) => f.credited || f.status === 'fulfilled' || f.status === 'awaiting_review').map((f) => f.measure));
}
