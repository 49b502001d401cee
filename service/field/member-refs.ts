import { scrypt } from 'node:crypto';
import { fieldMemberRefHash } from '../../main/contract/service-api';
import type { Queryable } from '../db/database';

/**
 * The pseudonym of a member in one event's member state (FieldEventCheckIn.members[].ref):
 * scrypt with the contract's parameters, salted with the event's secret. Memory-hard on purpose,
 * so that the list a field station pulls cannot be reversed over the KVNR space
 * (docs/security.md gives the measured cost). Runs on libuv's thread pool, not the event loop.
 */
export function memberRef(secret: Buffer, kvnr: string): Promise<string> {
  const { saltPrefix, N, r, p, bytes, maxmem } = fieldMemberRefHash;
  const salt = Buffer.concat([Buffer.from(saltPrefix), secret]);
  return new Promise((resolve, reject) => scrypt(kvnr, salt, bytes, { N, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key.toString('base64url')))));
}

/** At most this many hashes at once: the thread pool also serves file and DNS work. */
const parallel = 2;

/**
 * The refs of these members for one event. Each is computed once and kept (field_member_refs),
 * so a pull costs hashes only for members new to the event's list; several service processes
 * may compute the same one, the first insert wins and both are equal.
 */
export async function memberRefs(db: Queryable, eventId: string, secret: Buffer, kvnrs: readonly string[]): Promise<Map<string, string>> {
  const known = new Map(
    (await db.query<{ kvnr: string; ref: string }>('SELECT kvnr, ref FROM field_member_refs WHERE event_id = $1 AND kvnr = ANY($2::text[])', [eventId, kvnrs])).rows.map((row) => [row.kvnr, row.ref]),
  );
  const missing = kvnrs.filter((kvnr) => !known.has(kvnr));
  for (let i = 0; i < missing.length; i += parallel) {
    const batch = missing.slice(i, i + parallel);
    const refs = await Promise.all(batch.map((kvnr) => memberRef(secret, kvnr)));
    await db.query(
      `INSERT INTO field_member_refs (event_id, kvnr, ref) SELECT $1, k, r FROM unnest($2::text[], $3::text[]) AS t(k, r)
       ON CONFLICT (event_id, kvnr) DO NOTHING`,
      [eventId, batch, refs],
    );
    batch.forEach((kvnr, j) => known.set(kvnr, refs[j] as string));
  }
  return known;
}
