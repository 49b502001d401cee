import { randomUUID } from 'node:crypto';
import type { EvidenceKind } from '../domain';

export interface EvidenceDraft {
  draftId: string;
  measure: number;
  performedOn: string;
  kind: EvidenceKind;
  /** Normalized JPEG pages (photos); empty for a digital entry. */
  pages: Buffer[];
}

const maxDrafts = 18;
const maxPages = 6;

/**
 * What the member captured in this session and has not submitted yet. Held in main memory
 * only: pulling the card drops it with the session, so nothing half-captured stays behind.
 */
export class EvidenceDrafts {
  private readonly drafts = new Map<string, EvidenceDraft>();

  add(input: { measure: number; performedOn: string; kind: EvidenceKind; page?: Buffer; draftId?: string }): EvidenceDraft {
    if (input.draftId) {
      const existing = this.drafts.get(input.draftId);
      if (!existing) throw new Error('unknown draft');
      if (!input.page) throw new Error('a further page needs a photo');
      if (existing.pages.length >= maxPages) throw new Error(`at most ${maxPages} pages per proof`);
      existing.pages.push(input.page);
      return existing;
    }
    if (this.drafts.size >= maxDrafts) throw new Error(`at most ${maxDrafts} proofs at once`);
    const draft: EvidenceDraft = { draftId: randomUUID(), measure: input.measure, performedOn: input.performedOn, kind: input.kind, pages: input.page ? [input.page] : [] };
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
