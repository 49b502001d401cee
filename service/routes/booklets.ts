import type { BookletLinkRecord } from '../../main/contract/service-api';
import { ApiFailure } from '../http/errors';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import { iso, isoDay, retryOnUniqueViolation, type RouteDeps } from './deps';

interface LinkRow {
  booklet_id: string;
  kvnr: string;
  birth_date: Date | string;
  year: number;
  program: 'adult' | 'child';
  legacy: boolean;
  station_id: string;
  issued_at: Date | string;
}

function record(row: LinkRow): BookletLinkRecord {
  return {
    bookletId: row.booklet_id,
    kvnr: row.kvnr,
    birthDate: isoDay(row.birth_date),
    year: row.year,
    program: row.program,
    legacy: row.legacy,
    stationId: row.station_id,
    issuedAt: iso(row.issued_at),
  };
}

/**
 * Booklets issued at clerk desks: the link from a booklet id to its member, so a
 * page scanned at any station finds whose booklet it is (the clerk's member search: member-search.ts).
 */
export function bookletRoutes({ db }: RouteDeps): AnyRoute[] {
  const columns = 'booklet_id, kvnr, birth_date, year, program, legacy, station_id, issued_at';
  return [
    implement(serviceEndpoints.linkBooklet, {
      async handler({ params, body, caller }) {
        const stationId = caller.stationId as string;
        return retryOnUniqueViolation(() =>
          db.transaction(async (tx) => {
            const existing = (await tx.query<LinkRow>(`SELECT ${columns} FROM booklet_links WHERE booklet_id = $1`, [params.bookletId])).rows[0];
            if (existing) {
              const same = existing.kvnr === body.kvnr && existing.year === body.year && existing.program === body.program && isoDay(existing.birth_date) === body.birthDate;
              if (!same) throw new ApiFailure(409, 'booklet_conflict', 'This booklet id belongs to another member or year; nothing was changed');
              return { status: 200, body: record(existing) };
            }
            const row = (
              await tx.query<LinkRow>(
                `INSERT INTO booklet_links (booklet_id, kvnr, birth_date, year, program, legacy, station_id, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${columns}`,
                [params.bookletId, body.kvnr, body.birthDate, body.year, body.program, body.legacy, stationId, body.issuedAt],
              )
            ).rows[0];
            if (!row) throw new Error('insert returned nothing');
            return { status: 200, body: record(row) };
          }),
        );
      },
    }),
    implement(serviceEndpoints.booklet, {
      async handler({ params }) {
        const row = (await db.query<LinkRow>(`SELECT ${columns} FROM booklet_links WHERE booklet_id = $1`, [params.bookletId])).rows[0];
        if (!row) throw new ApiFailure(404, 'not_found', 'No booklet with this id');
        return { status: 200, body: record(row) };
      },
    }),
  ];
}
