import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type LegacyBookingResult } from '../contract';
import { writeStampSubmission, type StampToBook } from './batch-booking';
import { getPage } from './batch-store';
import { memberForBooklet } from './booklets';
import { deskPageArchive, legacyAssignmentFor, legacyCropsOf } from './legacy';

/**
 * Books a legacy page the clerk opened from a file at the desk and assigned: one submission
 * for the booklet's member and year with every stamped region on its own date (else the
 * page's), the region's crop and the straightened page as evidence, queued in the outbox in
 * the same transaction that marks the assignment booked. Pages of the batch queue are booked
 * with their batch (bookBatch).
 */
export function bookLegacyPage(db: Database, input: { pageRef: string; staffId: string; now: Date }): LegacyBookingResult {
  const archive = deskPageArchive(db, input.pageRef);
  if (!archive) {
    if (getPage(db, input.pageRef)) throw new ContractError('conflict', 'A page of the batch queue is booked with its batch');
    throw new ContractError('not_found', 'No page image with this reference', ['pageRef']);
  }
  return db
    .transaction((): LegacyBookingResult => {
      const assignment = legacyAssignmentFor(db, input.pageRef);
      if (!assignment) throw new ContractError('conflict', 'Assign the page’s regions before booking it');
      if (assignment.booked) throw new ContractError('conflict', 'This page is booked already');
      if (!assignment.performedOn) throw new ContractError('conflict', 'The page has no date; save the assignment again with its date');
      const member = memberForBooklet(db, assignment.bookletId);
      if (!member) throw new ContractError('not_found', 'The booklet of this page is not registered');
      const crops = legacyCropsOf(db, input.pageRef);
      const stamps: StampToBook[] = assignment.regions
        .filter((r) => r.final === 'stamped')
        .map((r) => ({ measure: r.measure, performedOn: r.performedOn ?? assignment.performedOn!, crop: crops.get(r.measure), page: archive }));
      const submissionId =
        stamps.length > 0
          ? writeStampSubmission(db, { kvnr: member.kvnr, year: member.year, stamps, staffId: input.staffId, now: input.now, detail: `legacy-page=${input.pageRef} booklet=${assignment.bookletId}` })
          : null;
      db.prepare('UPDATE legacy_assignment SET submission_id = ?, booked_by = ?, booked_at = ? WHERE page_ref = ? AND booked_at IS NULL').run(
        submissionId,
        `staff:${input.staffId}`,
        input.now.toISOString(),
        input.pageRef,
      );
      return { submissionId, measuresBooked: stamps.length };
    })
    .immediate();
}
