import { requireWithinLimits } from '../auth/rate-limit';
import { stationAudit } from '../auth/station-audit';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import { isoDay, type RouteDeps } from './deps';

/** "Müller-Lüdenscheidt " → "muller-ludenscheidt": case, accents and outer spaces do not matter. */
export function nameKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The clerk desk's exact member search (issue 7). Only clerk stations call it (the endpoint's
 * modes); each search counts against the station's and the staff member's hourly limit before
 * anything is looked up, and is audited with the staff id the station signed into the body and
 * the KVNRs it revealed, so a misused desk or account shows up in the trail.
 */
export function memberSearchRoutes({ db, now, trust }: RouteDeps): AnyRoute[] {
  return [
    implement(serviceEndpoints.searchMembers, {
      async handler({ body, caller }) {
        const stationId = caller.stationId as string;
        const at = now();
        const window = 3600;
        await requireWithinLimits(
          db,
          [
            { key: `member-search|station|${stationId}`, limit: trust.memberSearch.perStationPerHour, windowSeconds: window },
            { key: `member-search|staff|${body.staffId}`, limit: trust.memberSearch.perStaffPerHour, windowSeconds: window },
          ],
          at,
          'member searches',
        ).catch(async (error: unknown) => {
          await stationAudit(db, { at, stationId, staffId: body.staffId, action: 'member.search.rate-limited' });
          throw error;
        });
        // POST: names and birth dates stay out of URLs and access logs.
        const rows = (
          await db.query<{ kvnr: string; first_name: string; last_name: string; birth_date: Date | string }>(
            'SELECT kvnr, first_name, last_name, birth_date FROM members WHERE birth_date = $1 ORDER BY kvnr',
            [body.birthDate],
          )
        ).rows;
        const last = nameKey(body.lastName);
        const first = nameKey(body.firstName);
        const members = rows
          .filter((r) => nameKey(r.last_name) === last && nameKey(r.first_name) === first)
          .slice(0, 5)
          .map((r) => ({ kvnr: r.kvnr, firstName: r.first_name, lastName: r.last_name, birthDate: isoDay(r.birth_date) }));
        await stationAudit(db, { at, stationId, staffId: body.staffId, action: 'member.search', detail: { found: members.map((m) => m.kvnr) } });
        return { status: 200, body: { members } };
      },
    }),
  ];
}
