import { ApiFailure } from '../http/errors';
import { implement, type AnyRoute } from '../http/route';
import { serviceEndpoints } from '../../main/contract/service-admin-endpoints';
import { iso, isoDay, type RouteDeps } from './deps';

/** "DE89 3704 0044 0532 0130 00" → "DE89 **** **** **** **** 00": enough to recognise, not to use. */
export function maskIban(iban: string): string {
  const masked = iban.slice(0, 4) + iban.slice(4, -2).replace(/./g, '*') + iban.slice(-2);
  return masked.replace(/(.{4})/g, '$1 ').trim();
}

// Children keep the children's program until the participation year after their 15th birthday.
function under15(birthDate: string, today: Date): boolean {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const fifteenth = Date.UTC(y + 15, m - 1, d);
  return today.getTime() < fifteenth;
}

export function memberRoutes({ db, rulesNow }: RouteDeps): AnyRoute[] {
  return [
    implement(serviceEndpoints.memberState, {
      async handler({ body }) {
        // POST, not GET: a KVNR must not end up in URLs and access logs.
        const member = (await db.query<{ kvnr: string; iban: string | null }>('SELECT kvnr, iban FROM members WHERE kvnr = $1 AND card_number = $2', [body.kvnr, body.cardNumber])).rows[0];
        // One answer for "unknown" and "card does not match": the endpoint is no KVNR oracle.
        if (!member) throw new ApiFailure(404, 'not_found', 'No member matches this KVNR and card number');
        const participation = (await db.query<{ year: number; program: 'adult' | 'child'; declared_at: Date }>('SELECT year, program, declared_at FROM participations WHERE kvnr = $1 ORDER BY year', [body.kvnr])).rows;
        const credited = (await db.query<{ year: number; measure: number }>('SELECT year, measure FROM credited_measures WHERE kvnr = $1 ORDER BY year, measure', [body.kvnr])).rows;
        const children = (await db.query<{ kvnr: string; first_name: string; birth_date: Date | string }>('SELECT kvnr, first_name, birth_date FROM members WHERE parent_kvnr = $1 ORDER BY birth_date, kvnr', [body.kvnr])).rows;
        const listed = children.filter((c) => under15(isoDay(c.birth_date), rulesNow()));
        // The kiosk reads a printed booklet only if it is the member's or a listed child's.
        const booklets = (await db.query<{ booklet_id: string; kvnr: string; year: number }>('SELECT booklet_id, kvnr, year FROM booklet_links WHERE kvnr = ANY($1::text[]) ORDER BY year, booklet_id LIMIT 200', [[body.kvnr, ...listed.map((c) => c.kvnr)]])).rows;
        const byYear = new Map<number, number[]>();
        for (const c of credited) byYear.set(c.year, [...(byYear.get(c.year) ?? []), c.measure]);
        return {
          status: 200,
          body: {
            participation: participation.map((p) => ({ year: p.year, program: p.program, declaredAt: iso(p.declared_at) })),
            credited: [...byYear].map(([year, measures]) => ({ year, measures })),
            children: listed.map((c) => ({ kvnr: c.kvnr, firstName: c.first_name, birthDate: isoDay(c.birth_date) })),
            bank: member.iban ? { ibanMasked: maskIban(member.iban) } : null,
            booklets: booklets.map((b) => ({ bookletId: b.booklet_id, kvnr: b.kvnr, year: b.year })),
          },
        };
      },
    }),
    implement(serviceEndpoints.putMember, {
      async handler({ body }) {
        await db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO members (kvnr, card_number, first_name, last_name, birth_date, parent_kvnr, iban, account_holder, postal_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (kvnr) DO UPDATE SET card_number = EXCLUDED.card_number, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
               birth_date = EXCLUDED.birth_date, parent_kvnr = EXCLUDED.parent_kvnr, iban = EXCLUDED.iban, account_holder = EXCLUDED.account_holder, postal_code = EXCLUDED.postal_code`,
            [body.kvnr, body.cardNumber, body.firstName, body.lastName, body.birthDate, body.parentKvnr, body.bank?.iban ?? null, body.bank?.accountHolder ?? null, body.postalCode],
          );
          // Seeding replaces its own participations; those declared at a station (with their
          // submission) stay, unless the record names the same year: the back office has the last word.
          await tx.query('DELETE FROM participations WHERE kvnr = $1 AND submission_id IS NULL', [body.kvnr]);
          for (const p of body.participation) {
            await tx.query(
              `INSERT INTO participations (kvnr, year, program, declared_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (kvnr, year) DO UPDATE SET program = EXCLUDED.program, declared_at = EXCLUDED.declared_at, submission_id = NULL`,
              [body.kvnr, p.year, p.program, p.declaredAt],
            );
          }
          await tx.query('DELETE FROM credited_measures WHERE kvnr = $1 AND submission_id IS NULL', [body.kvnr]);
          for (const c of body.credited) {
            for (const m of new Set(c.measures)) await tx.query('INSERT INTO credited_measures (kvnr, year, measure) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [body.kvnr, c.year, m]);
          }
        });
        return { status: 200, body: { kvnr: body.kvnr } };
      },
    }),
  ];
}
