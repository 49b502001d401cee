import { randomUUID } from 'node:crypto';
import type { EvidenceKind } from '../domain';

export interface EvidenceDraft {
  draftId: string;
  measure: number;
  performedOn: string;
  kind: EvidenceKind;
  /** Normalized pages: JPEG photos or scans, or the PNG of a drawn signature; empty for a digital entry. */
  pages: Buffer[];
  mediaType: 'image/jpeg' | 'image/png';
  /** Signed declaration: the catalog's statement code, and how the member signed. */
  statement?: string;
  signedBy?: 'drawn' | 'typed-name';
  /** Measured value in the catalog's unit, e.g. a BMI of 23.4 kg/m2. */
  measuredValue?: { value: number; unit: string };
  /** A stamp read from the member's printed booklet: the booklet and page (pages: the field's crop, then the page). */
  booklet?: { id: string; page: number };
}

export type NewDraft = Pick<EvidenceDraft, 'measure' | 'performedOn' | 'kind'> & Partial<Pick<EvidenceDraft, 'mediaType' | 'statement' | 'signedBy' | 'measuredValue'>> & { page?: Buffer; draftId?: string };

const maxDrafts = 18;
const maxPages = 6;

/**
 * What the member captured in this session and has not submitted yet. Held in main memory
 * only: pulling the card drops it with the session, so nothing half-captured stays behind.
 */
export class EvidenceDrafts {
  private readonly drafts = new Map<string, EvidenceDraft>();

  add(input: NewDraft): EvidenceDraft {
    if (input.draftId) {
      const existing = this.drafts.get(input.draftId);
      if (!existing) throw new Error('unknown draft');
      if (!input.page) throw new Error('a further page needs a photo');
      if (existing.kind !== 'certificate_photo') throw new Error('only a certificate has further pages');
      if (existing.pages.length >= maxPages) throw new Error(`at most ${maxPages} pages per proof`);
      existing.pages.push(input.page);
      return existing;
    }
    if (this.drafts.size >= maxDrafts) throw new Error(`at most ${maxDrafts} proofs at once`);
    const { page, draftId: _none, ...rest } = input;
    const draft: EvidenceDraft = { mediaType: 'image/jpeg', ...rest, draftId: randomUUID(), pages: page ? [page] : [] };
    this.drafts.set(draft.draftId, draft);
    return draft;
  }

  remove(draftId: string): boolean {
    return this.drafts.delete(draftId);
  }

  list(): EvidenceDraft[] {
    return [...this.drafts.values()];
  }

  clear(): void {
    for (const draft of this.drafts.values()) for (const page of draft.pages) page.fill(0);
    this.drafts.clear();
  }
}
