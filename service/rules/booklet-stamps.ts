import type { SubmissionUpload } from '../../main/contract/service-api';
import type { StationMode } from '../../main/contract/station';
import type { Queryable } from '../db/database';
import { ApiFailure } from '../http/errors';

interface Stamp {
  bookletId: string;
  page: number;
  measure: number;
}

/** The booklet fields a submission claims by stamps read from a printed booklet. */
function stampsOf(body: SubmissionUpload): Stamp[] {
  const stamps = new Map<string, Stamp>();
  for (const m of body.measures) for (const e of m.evidence) if (e.booklet) stamps.set(`${e.booklet.id}|${m.measure}`, { bookletId: e.booklet.id, page: e.booklet.page, measure: m.measure });
  return [...stamps.values()];
}

/**
 * Booklet stamps read at a kiosk (trust model): the booklet id comes off paper a station read,
 * so the service checks it itself. Every named booklet must be linked to the submission's
 * member, a kiosk must name the booklet of every stamp it sends, and a booklet field already
 * claimed by another submission is refused, so a rogue station can neither get money for
 * somebody else's booklet nor for the same stamp twice. Runs before the first write.
 */
export async function checkBookletStamps(q: Queryable, mode: StationMode, body: SubmissionUpload): Promise<Stamp[]> {
  const stamps = stampsOf(body);
  const unnamed = body.measures.some((m) => m.evidence.some((e) => e.kind === 'booklet-stamp' && !e.booklet));
  if (mode === 'kiosk' && unnamed) throw new ApiFailure(422, 'booklet_missing', 'A booklet stamp from a kiosk must name its booklet and page', ['measures']);
  if (stamps.length === 0) return stamps;
  const ids = [...new Set(stamps.map((s) => s.bookletId))];
  const links = (await q.query<{ booklet_id: string; kvnr: string; year: number }>('SELECT booklet_id, kvnr, year FROM booklet_links WHERE booklet_id = ANY($1::text[])', [ids])).rows;
  for (const id of ids) {
    const link = links.find((l) => l.booklet_id === id);
    if (!link || link.kvnr !== body.member.kvnr) throw new ApiFailure(403, 'booklet_foreign', "The booklet is not the submission's member's; nothing was stored");
    if (link.year !== body.participationYear) throw new ApiFailure(422, 'booklet_year', 'The booklet is of another participation year', ['participationYear']);
  }
  const claimed = (
    await q.query<{ booklet_id: string; measure: number }>('SELECT booklet_id, measure FROM booklet_stamps WHERE booklet_id = ANY($1::text[]) AND measure = ANY($2::int[])', [ids, stamps.map((s) => s.measure)])
  ).rows;
  if (claimed.some((c) => stamps.some((s) => s.bookletId === c.booklet_id && s.measure === c.measure))) throw new ApiFailure(409, 'stamp_already_submitted', 'A stamp of this booklet was submitted before; nothing was stored');
  return stamps;
}

/** Records the claimed fields with the stored submission (inside its transaction). */
export async function recordBookletStamps(q: Queryable, submissionId: string, stamps: Stamp[]): Promise<void> {
  for (const s of stamps) await q.query('INSERT INTO booklet_stamps (booklet_id, measure, page, submission_id) VALUES ($1, $2, $3, $4)', [s.bookletId, s.measure, s.page, submissionId]);
}
