import type { SubmissionUpload } from '../../main/contract/service-api';
import type { Queryable } from '../db/database';

/** The finding on a check-in the service does not count because the member already has one at that event. */
export const repeatedCheckInFinding = 'field.already-checked-in';

/**
 * Whether a field check-in repeats one the service already holds for the same member and event:
 * two desks at one company health day, each offline for hours, may both check in the same person.
 * A station's own duplicates never leave it; this is the service's guarantee of one participation
 * per person and event. The lock serialises deliveries of that member and event, so two arriving
 * at once cannot both count.
 */
export async function isRepeatedFieldCheckIn(tx: Queryable, body: SubmissionUpload): Promise<boolean> {
  if (body.kind !== 'field-checkin' || !body.fieldEventId) return false;
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`field-checkin|${body.fieldEventId}|${body.member.kvnr}`]);
  const held = await tx.query(
    `SELECT 1 FROM submissions WHERE kind = 'field-checkin' AND kvnr = $1 AND payload->>'fieldEventId' = $2 AND state <> 'rejected' AND id <> $3 LIMIT 1`,
    [body.member.kvnr, body.fieldEventId, body.id],
  );
  return held.rows.length > 0;
}
