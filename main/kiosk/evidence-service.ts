import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import { ContractError, type AddEvidenceResult, type BookletView, type EvidenceDraftView, type KioskReceipt } from '../contract';
import { berlinDateOf } from '../domain';
import { isImagingError, type ImagingErrorCode } from '../imaging/errors';
import { EvidenceDrafts, type EvidenceDraft, type NewDraft } from './evidence-drafts';
import type { MemberAudit } from './kiosk-audit';
import { measuredValue, nameMatches, type AddEvidenceInput } from './kiosk-entries';
import type { KioskSessionPort, OpenBooklet } from './kiosk-session-port';
import { submitDrafts } from './kiosk-submission';
import type { MemberBooklets } from './member-booklets';
import { readablePhoto, type KioskImaging } from './readable-photo';

export interface EvidenceServiceOptions {
  db: Database;
  session: KioskSessionPort;
  booklets: MemberBooklets;
  imaging: KioskImaging;
  audit: MemberAudit;
  now: () => Date;
}

type ImageProblem = Exclude<ImagingErrorCode, 'worker_failed'>;

/**
 * The proofs a member captures for their booklet: a photo or scanned page of a certificate
 * (normalized, metadata stripped, checked for readability), a dated digital entry, a signed
 * declaration or a measured value, as the catalog allows for the field. They stay drafts in
 * main memory until submitted; when the booklet closes they are dropped (§2.4: proofs are never
 * carried over to another booklet).
 */
export class EvidenceService {
  private readonly drafts = new EvidenceDrafts();

  constructor(private readonly options: EvidenceServiceOptions) {
    options.session.onClose(() => this.drafts.clear());
  }

  async add(input: AddEvidenceInput): Promise<z.output<typeof AddEvidenceResult>> {
    const { session } = this.options;
    const open = session.member();
    const year = Number(input.performedOn.slice(0, 4));
    if (input.performedOn > berlinDateOf(this.options.now().getTime())) throw new ContractError('invalid_input', 'The measure cannot be in the future', ['performedOn']);
    const field = this.options.booklets.catalogOf(open, year).fields.find((f) => f.measure === input.measure);
    if (!field) throw new ContractError('invalid_input', "This measure is not in the member's booklet", ['measure']);
    if (!field.evidence.includes(input.kind)) throw new ContractError('invalid_input', 'The catalog does not accept this kind of proof for the measure', ['kind']);
    if (input.kind === 'certificate_photo' && !input.photoBase64) throw new ContractError('invalid_input', 'A photo is needed', ['photo']);
    const base = { measure: input.measure, performedOn: input.performedOn, kind: input.kind };
    if (input.kind === 'signed_declaration' || input.kind === 'measured_value') {
      const entry = input.kind === 'signed_declaration' ? await session.whileCurrent(open, this.signedDeclaration(open, field, input)) : measuredValue(field, input.measurement);
      if ('problem' in entry) return { accepted: false, problem: entry.problem };
      const draft = this.drafts.add({ ...base, ...entry });
      this.options.audit('kiosk.evidence.entry', open.member.memberRef, `measure=${input.measure} kind=${input.kind}`);
      return { accepted: true, draft: draftView(draft) };
    }
    // The card may leave the reader while the photo is processed: then nothing of it is kept.
    const photo = input.photoBase64 ? await session.whileCurrent(open, readablePhoto(this.options.imaging, Buffer.from(input.photoBase64, 'base64'))) : undefined;
    if (photo && 'problem' in photo) return { accepted: false, problem: photo.problem };
    try {
      const draft = this.drafts.add({ ...base, ...(photo ? { page: photo.jpeg } : {}), ...(input.draftId ? { draftId: input.draftId } : {}) });
      return { accepted: true, draft: draftView(draft) };
    } catch (error) {
      throw new ContractError('invalid_input', (error as Error).message, ['draftId']);
    }
  }

  discard(draftId: string): boolean {
    this.options.session.member();
    return this.drafts.remove(draftId);
  }

  list(): EvidenceDraftView[] {
    this.options.session.member();
    return this.drafts.list().map(draftView);
  }

  /** Whether proofs of the open booklet are waiting to be submitted or removed. */
  hasDrafts(): boolean {
    return this.drafts.list().length > 0;
  }

  /** Submits the session's drafts for one year; queued for the service, so it works offline too. */
  submit(year: number): KioskReceipt {
    const open = this.options.session.member();
    const drafts = this.drafts.list().filter((d) => d.performedOn.startsWith(`${year}-`));
    if (drafts.length === 0) throw new ContractError('conflict', 'Nothing to submit for this year');
    this.options.booklets.catalogOf(open, year);
    const receipt = submitDrafts(this.options.db, { member: open.member, drafts, year, now: this.options.now() });
    for (const draft of drafts) this.drafts.remove(draft.draftId);
    return receipt;
  }

  /**
   * §2.2: the member (for a child the legal representative) signs the catalog's statement on
   * the touch screen, or confirms it by typing their name as on the card (keyboard alternative).
   */
  private async signedDeclaration(open: OpenBooklet, field: BookletView['fields'][number], input: AddEvidenceInput): Promise<Omit<NewDraft, 'measure' | 'performedOn' | 'kind'> | { problem: 'signature_empty' | 'name_mismatch' | ImageProblem }> {
    if (!field.statement) throw new ContractError('not_available', 'The catalog names no statement for this measure', ['measure']);
    if (input.draftId) throw new ContractError('invalid_input', 'A declaration has no further pages', ['draftId']);
    if (input.declaration?.statement !== field.statement) throw new ContractError('invalid_input', 'The declaration must state what the catalog asks for', ['declaration']);
    const signer = (open.representative ?? open.member).person;
    if (input.declaration.typedName !== undefined) {
      if (input.photoBase64) throw new ContractError('invalid_input', 'Either a drawn signature or the typed name', ['photo']);
      return nameMatches(input.declaration.typedName, signer) ? { statement: field.statement, signedBy: 'typed-name' } : { problem: 'name_mismatch' };
    }
    if (!input.photoBase64) throw new ContractError('invalid_input', 'A signature or the typed name is needed', ['photo']);
    try {
      const signature = await this.options.imaging.normalizeSignature(Buffer.from(input.photoBase64, 'base64'));
      if (signature === 'empty') return { problem: 'signature_empty' };
      return { statement: field.statement, signedBy: 'drawn', page: signature.png, mediaType: 'image/png' };
    } catch (error) {
      if (isImagingError(error) && error.code !== 'worker_failed') return { problem: error.code };
      throw error;
    }
  }
}

function draftView(draft: EvidenceDraft): EvidenceDraftView {
  return { draftId: draft.draftId, measure: draft.measure, performedOn: draft.performedOn, kind: draft.kind as EvidenceDraftView['kind'], pages: draft.pages.length };
}
