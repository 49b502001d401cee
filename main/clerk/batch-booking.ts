import { createHash, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ClerkBookingResult } from '../contract';
import type { SubmissionUpload } from '../contract/service-api';
import { appendAudit } from '../store/audit-log';
import { enqueueSubmission, memberRef, type EvidenceBlob } from '../sync/outbox';
import { insertStampRecords } from '../store/measure-records';
import { archiveOf, cropsOf, effectiveDecision, fieldsOf, markBlankPagesDone, markPageBooked, pagesOf, type PageRow } from './batch-store';
import { blockersOf, type BookletOwnerLookup } from './batch-view';

type Skip = ClerkBookingResult['skipped'][number];

function jpegEvidence(data: Buffer, kind: 'booklet-stamp' | 'scan', blobs: EvidenceBlob[]): SubmissionUpload['measures'][number]['evidence'][number] {
  blobs.push({ data, mediaType: 'image/jpeg' });
  return { kind, blob: { sha256: createHash('sha256').update(data).digest('hex'), size: data.length, mediaType: 'image/jpeg' } };
}

/** One stamped field (or legacy region) to book: its measure, its own date, its crop and the whole page. */
export interface StampToBook {
  measure: number;
  performedOn: string;
  crop: Buffer | undefined;
  page: Buffer | undefined;
}

/**
 * Writes one submission of booklet stamps for a member and year: a measure record per stamp
 * (each on its own date), the outbox entry with the crop and the page image as evidence, and
 * the audit entry. Runs inside the caller's transaction; returns the submission id.
 */
export function writeStampSubmission(db: Database, input: { kvnr: string; year: number; stamps: StampToBook[]; staffId: string; now: Date; detail: string }): string {
  const at = input.now.toISOString();
  const submissionId = randomUUID();
  const blobs: EvidenceBlob[] = [];
  const measures: SubmissionUpload['measures'] = input.stamps.map((s) => ({
    measure: s.measure,
    performedOn: s.performedOn,
    evidence: [...(s.crop ? [jpegEvidence(s.crop, 'booklet-stamp', blobs)] : []), ...(s.page ? [jpegEvidence(s.page, 'scan', blobs)] : [])],
  }));
  insertStampRecords(db, { memberRef: memberRef(db, input.kvnr), submissionId, stamps: input.stamps, at });
  enqueueSubmission(db, { id: submissionId, kind: 'measures', createdAt: at, participationYear: input.year, member: { kvnr: input.kvnr }, measures }, blobs, input.now);
  appendAudit(db, { actor: `staff:${input.staffId}`, action: 'clerk.submission.create', subject: `submission:${submissionId}`, detail: `${input.detail} measures=${input.stamps.map((s) => s.measure).join(',')}` }, input.now);
  return submissionId;
}

/**
 * Books the verified pages of a batch: booklet pages, and pages without marks the clerk
 * assigned by hand (their fields are the regions). Per member and year one submission: a
 * measure record for every stamped field (dated as the clerk confirmed it for that field, else
 * the page's date), with the field's crop and the whole straightened page as evidence.
 * Records, outbox entry, blobs, page states and the audit entry are written in one
 * transaction: a crash books all of it or nothing. `offline` tells a booklet the service could
 * not be asked about (the page waits) from one nobody knows.
 */
export function bookBatch(db: Database, input: { batchId: string; ownerOf: BookletOwnerLookup; offline?: (bookletId: string) => boolean; staffId: string; now: Date }): ClerkBookingResult {
  const { batchId, ownerOf, staffId, now } = input;
  const at = now.toISOString();
  const skipped: Skip[] = [];
  const groups = new Map<string, { kvnr: string; year: number; pages: PageRow[] }>();
  const emptyPages: PageRow[] = [];
  for (const page of pagesOf(db, batchId)) {
    if (page.state !== 'verified') continue;
    const owner = page.booklet_id ? ownerOf(page.booklet_id) : null;
    const fields = fieldsOf(db, page.id);
    const blockers = blockersOf(page, fields, owner);
    const reason = (['undecided-fields', 'no-member', 'flagged', 'no-date'] as const).find((b) => blockers.includes(b));
    if (reason) {
      skipped.push({ pageId: page.id, seq: page.seq, reason: reason === 'no-member' && page.booklet_id && input.offline?.(page.booklet_id) ? 'member-offline' : reason });
      continue;
    }
    if (!owner || !page.year) continue;
    if (!fields.some((f) => effectiveDecision(f) === 'stamped')) {
      emptyPages.push(page);
      continue;
    }
    const key = `${owner.kvnr}|${page.year}`;
    const group = groups.get(key) ?? { kvnr: owner.kvnr, year: page.year, pages: [] };
    group.pages.push(page);
    groups.set(key, group);
  }

  let measuresBooked = 0;
  let pagesBooked = 0;
  db.transaction(() => {
    for (const page of emptyPages) pagesBooked += markPageBooked(db, page.id, { submissionId: null, staffId, at });
    // Empty backs of sheets are done with the batch (not counted as booked pages).
    markBlankPagesDone(db, batchId, staffId, at);
    for (const group of groups.values()) {
      const stamps: StampToBook[] = [];
      for (const page of group.pages) {
        const archive = archiveOf(db, page.id);
        const crops = cropsOf(db, page.id);
        for (const field of fieldsOf(db, page.id)) {
          if (effectiveDecision(field) !== 'stamped') continue;
          stamps.push({ measure: field.measure, performedOn: field.performed_on ?? page.performed_on!, crop: crops.get(field.measure), page: archive });
        }
      }
      const submissionId = writeStampSubmission(db, { kvnr: group.kvnr, year: group.year, stamps, staffId, now, detail: `batch=${batchId} pages=${group.pages.map((p) => p.seq).join(',')}` });
      for (const page of group.pages) pagesBooked += markPageBooked(db, page.id, { submissionId, staffId, at });
      measuresBooked += stamps.length;
    }
  }).immediate();
  return { submissions: groups.size, pagesBooked, measuresBooked, skipped };
}
