import { ApiFailure } from '../http/errors';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import { iso, type RouteDeps } from './deps';

/** Catalog and rule-set versions (from the shared rules engine) and company field events. */
export function catalogRoutes({ db, rules, now }: RouteDeps): AnyRoute[] {
  return [
    implement(serviceEndpoints.catalog, {
      async handler() {
        return { status: 200, body: { engine: rules.available ? 'available' : 'unavailable', ruleSets: rules.ruleSets() } };
      },
    }),
    implement(serviceEndpoints.fieldEvents, {
      async handler() {
        const rows = (
          await db.query<{ id: string; title: string; company: string; starts_at: Date; ends_at: Date; measures: (5 | 6)[] }>(
            'SELECT id, title, company, starts_at, ends_at, measures FROM field_events WHERE ends_at > $1 ORDER BY starts_at, id',
            [now()],
          )
        ).rows;
        return { status: 200, body: { events: rows.map((r) => ({ id: r.id, title: r.title, company: r.company, startsAt: iso(r.starts_at), endsAt: iso(r.ends_at), measures: r.measures })) } };
      },
    }),
    implement(serviceEndpoints.putFieldEvent, {
      async handler({ body }) {
        if (Date.parse(body.endsAt) <= Date.parse(body.startsAt)) throw new ApiFailure(400, 'invalid_input', 'An event must end after it starts', ['body.endsAt']);
        await db.query(
          `INSERT INTO field_events (id, title, company, starts_at, ends_at, measures) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, company = EXCLUDED.company, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, measures = EXCLUDED.measures`,
          [body.id, body.title, body.company, body.startsAt, body.endsAt, JSON.stringify(body.measures)],
        );
        return { status: 200, body };
      },
    }),
  ];
}
