import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { FieldEventView } from '../contract';
import { berlinStartOfDay } from '../domain';
import { FieldEvent } from '../contract/service-api';
import { pulledFieldEvents } from '../sync/online';

/** Events pulled from the service while online, and events a field admin created on this station. */
export class FieldEvents {
  constructor(private readonly db: Database) {}

  list(): FieldEventView[] {
    const pulled = pulledFieldEvents(this.db).map((e) => ({ ...e, source: 'service' as const }));
    const local = (
      this.db.prepare('SELECT id, title, company, starts_at AS startsAt, ends_at AS endsAt, measures FROM field_event ORDER BY starts_at').all() as (Omit<FieldEventView, 'measures' | 'source'> & { measures: string })[]
    ).map((e) => ({ ...e, measures: JSON.parse(e.measures) as (5 | 6)[], source: 'station' as const }));
    // An event created here and since synced comes back in the pull: listed once, as this station's.
    const localIds = new Set(local.map((e) => e.id));
    const listed = [...pulled.filter((e) => !localIds.has(e.id)), ...local];
    // A pulled event this desk worked at stays for its summary after the service stops listing it.
    const ids = new Set(listed.map((e) => e.id));
    const kept = (this.db.prepare("SELECT value FROM sync_state WHERE key LIKE 'field-event-kept:%'").pluck().all() as string[])
      .map((raw) => FieldEvent.parse(JSON.parse(raw)))
      .filter((e) => !ids.has(e.id))
      .map((e) => ({ ...e, source: 'service' as const }));
    return [...listed, ...kept];
  }

  /** Keeps a copy of a pulled event once staff select it (its check-ins and summary outlive the pull). */
  keep(event: FieldEventView): void {
    if (event.source !== 'service') return;
    const { source: _source, ...wire } = event;
    this.db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(`field-event-kept:${event.id}`, JSON.stringify(FieldEvent.parse(wire)));
  }

  find(id: string): FieldEventView | undefined {
    return this.list().find((e) => e.id === id);
  }

  /** A one-day event at the station (Berlin time), synced to the service with its check-ins. */
  create(input: { title: string; company: string; date: string; measure: 5 | 6 }, staffId: string, now: Date): FieldEventView {
    const startsAt = new Date(berlinStartOfDay(input.date)).toISOString();
    const next = new Date(Date.parse(`${input.date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const endsAt = new Date(berlinStartOfDay(next) - 1).toISOString();
    const event: FieldEventView = { id: `st-${randomUUID().slice(0, 18)}`, title: input.title, company: input.company, startsAt, endsAt, measures: [input.measure], source: 'station' };
    this.db
      .prepare('INSERT INTO field_event (id, title, company, starts_at, ends_at, measures, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(event.id, event.title, event.company, startsAt, endsAt, JSON.stringify(event.measures), `staff:${staffId}`, now.toISOString());
    return event;
  }
}
