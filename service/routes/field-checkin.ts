import { berlinDateOf } from '../../main/domain';
import { currentSigningKey, eventSecret, verificationKeys } from '../field/checkin-keys';
import { issueCheckInToken } from '../field/checkin-token';
import { memberRefs } from '../field/member-refs';
import { ApiFailure } from '../http/errors';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import type { Queryable } from '../db/database';
import { isoDay, type RouteDeps } from './deps';

async function findEvent(db: Queryable, id: string): Promise<{ id: string; starts_at: Date; ends_at: Date } | undefined> {
  return (await db.query<{ id: string; starts_at: Date; ends_at: Date }>('SELECT id, starts_at, ends_at FROM field_events WHERE id = $1', [id])).rows[0];
}

/**
 * Field check-in by the member's QR code (docs/field-checkin-qr.md): the app's token, and what a
 * station pulls per event to verify tokens and apply the two-per-year rule offline.
 */
export function fieldCheckInRoutes({ db, now }: RouteDeps, options: { insurerIk: string }): AnyRoute[] {
  return [
    implement(serviceEndpoints.issueCheckInToken, {
      async handler({ body }) {
        const member = (await db.query<{ first_name: string; last_name: string; birth_date: Date | string }>('SELECT first_name, last_name, birth_date FROM members WHERE kvnr = $1', [body.kvnr])).rows[0];
        if (!member) throw new ApiFailure(404, 'not_found', 'No member with this KVNR');
        const event = await findEvent(db, body.fieldEventId);
        if (!event) throw new ApiFailure(404, 'not_found', 'No such field event', ['body.fieldEventId']);
        if (event.ends_at.getTime() <= now().getTime()) throw new ApiFailure(409, 'event_ended', 'This event has ended', ['body.fieldEventId']);
        const initials = `${member.first_name.trim().charAt(0).toUpperCase()}. ${member.last_name.trim().charAt(0).toUpperCase()}.`;
        const issued = issueCheckInToken({
          key: await currentSigningKey(db),
          insurerIk: options.insurerIk,
          eventId: event.id,
          secret: await eventSecret(db, event.id),
          member: { kvnr: body.kvnr, birthDate: isoDay(member.birth_date), initials },
          now: now(),
          ttlMinutes: body.ttlMinutes,
        });
        return { status: 200, body: { token: issued.token, expiresAt: issued.expiresAt.toISOString() } };
      },
    }),
    implement(serviceEndpoints.fieldEventCheckIn, {
      async handler({ params }) {
        const event = await findEvent(db, params.id);
        if (!event) throw new ApiFailure(404, 'not_found', 'No such field event');
        const year = Number(berlinDateOf(event.starts_at.getTime()).slice(0, 4));
        const secret = await eventSecret(db, event.id);
        // Annex 1, measures 5/6: what the insurer knows already counts towards the two a year:
        // credited measures (booked by the back office or from other submissions) and check-ins
        // at other events not rejected; this event's own check-ins are the station's business.
        const counts = (
          await db.query<{ kvnr: string; n: number }>(
            `SELECT kvnr, count(*)::int AS n FROM (
               SELECT c.kvnr FROM credited_measures c LEFT JOIN submissions s ON s.id = c.submission_id
                WHERE c.year = $1 AND c.measure IN (5, 6) AND (s.id IS NULL OR s.kind <> 'field-checkin')
               UNION ALL
               SELECT kvnr FROM submissions
                WHERE kind = 'field-checkin' AND participation_year = $1 AND state <> 'rejected' AND (payload->>'fieldEventId') IS DISTINCT FROM $2
             ) AS known GROUP BY kvnr ORDER BY kvnr`,
            [year, event.id],
          )
        ).rows;
        const refs = await memberRefs(db, event.id, secret, counts.map((c) => c.kvnr));
        return {
          status: 200,
          body: {
            eventId: event.id,
            insurerIk: options.insurerIk,
            year,
            keys: await verificationKeys(db),
            eventSecret: secret.toString('base64'),
            members: counts.map((c) => ({ ref: refs.get(c.kvnr) as string, companyHealthMeasures: Math.min(c.n, 18) })),
          },
        };
      },
    }),
    implement(serviceEndpoints.pushFieldEvent, {
      async handler({ params, body, caller }) {
        if (params.id !== body.id) throw new ApiFailure(400, 'id_mismatch', 'The path id and the body id differ', ['path.id', 'body.id']);
        if (Date.parse(body.endsAt) <= Date.parse(body.startsAt)) throw new ApiFailure(400, 'invalid_input', 'An event must end after it starts', ['body.endsAt']);
        const stationId = caller.stationId as string;
        return db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO field_events (id, title, company, starts_at, ends_at, measures, created_by_station) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, company = EXCLUDED.company, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, measures = EXCLUDED.measures
             WHERE field_events.created_by_station = EXCLUDED.created_by_station`,
            [body.id, body.title, body.company, body.startsAt, body.endsAt, JSON.stringify(body.measures), stationId],
          );
          const owner = (await tx.query<{ created_by_station: string | null }>('SELECT created_by_station FROM field_events WHERE id = $1', [body.id])).rows[0];
          // The insurer's events and other stations' are not a station's to change.
          if (owner?.created_by_station !== stationId) throw new ApiFailure(409, 'event_conflict', 'An event with this id exists and belongs to someone else; nothing was changed');
          return { status: 200, body };
        });
      },
    }),
    implement(serviceEndpoints.fieldEventParticipations, {
      async handler({ params }) {
        if (!(await findEvent(db, params.id))) throw new ApiFailure(404, 'not_found', 'No such field event');
        const rows = (
          await db.query<{ kvnr: string; n: number; stations: string[] }>(
            `SELECT kvnr, count(*)::int AS n, array_agg(DISTINCT station_id ORDER BY station_id) AS stations FROM submissions
              WHERE kind = 'field-checkin' AND payload->>'fieldEventId' = $1 AND state <> 'rejected' GROUP BY kvnr ORDER BY kvnr`,
            [params.id],
          )
        ).rows;
        return { status: 200, body: { eventId: params.id, participations: rows.map((r) => ({ kvnr: r.kvnr, checkIns: r.n, stations: r.stations })) } };
      },
    }),
  ];
}
