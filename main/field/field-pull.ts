import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { FieldEvent, FieldEventCheckIn } from '../contract/service-api';
import { getState, setState } from '../sync/outbox';
import type { CallOptions, ServiceApi } from '../sync/service-api-client';
import { ServiceError } from '../sync/service-client';

const keyOf = (eventId: string) => `field-checkin:${eventId}`;

const Stored = z.object({ pulledAt: z.string(), state: FieldEventCheckIn });
export type PulledCheckIn = z.infer<typeof Stored>;

/**
 * For every event the station knows from the service: the keys to verify members' QR codes
 * offline and the insurer's member state for the two-per-year rule (docs/field-checkin-qr.md).
 * Called by the sync worker with the event list; what it pulled stays usable offline for hours.
 */
export async function pullFieldCheckIns(db: Database, api: ServiceApi, events: readonly FieldEvent[], now: Date = new Date(), options: CallOptions = {}): Promise<void> {
  const wanted = new Set(events.map((e) => e.id));
  for (const event of events) {
    try {
      const state = await api.call('fieldEventCheckIn', { params: { id: event.id } }, options);
      setState(db, keyOf(event.id), JSON.stringify({ pulledAt: now.toISOString(), state }));
    } catch (error) {
      // Removed since the list was read: nothing to keep; anything else fails the round and is retried.
      if (!(error instanceof ServiceError && error.status === 404)) throw error;
      wanted.delete(event.id);
    }
  }
  // Ended events (no longer listed) take their secret and member pseudonyms with them.
  const stale = (db.prepare("SELECT key FROM sync_state WHERE key LIKE 'field-checkin:%'").pluck().all() as string[]).filter((k) => !wanted.has(k.slice('field-checkin:'.length)));
  for (const key of stale) db.prepare('DELETE FROM sync_state WHERE key = ?').run(key);
}

/**
 * Events a field admin created on this station (offline) go to the service once, so that the
 * insurer knows the event its check-ins name and other desks can pull it. A refusal for good (the
 * id belongs to someone else) is kept, and not retried every round.
 */
export async function pushStationEvents(db: Database, api: ServiceApi, options: CallOptions = {}): Promise<number> {
  const rows = db
    .prepare("SELECT id, title, company, starts_at AS startsAt, ends_at AS endsAt, measures FROM field_event WHERE id NOT IN (SELECT substr(key, 20) FROM sync_state WHERE key LIKE 'field-event-pushed:%') ORDER BY created_at")
    .all() as (Omit<FieldEvent, 'measures'> & { measures: string })[];
  for (const row of rows) {
    const event = FieldEvent.parse({ ...row, measures: JSON.parse(row.measures) as unknown });
    try {
      await api.call('pushFieldEvent', { params: { id: event.id }, body: event }, options);
      setState(db, `field-event-pushed:${event.id}`, 'ok');
    } catch (error) {
      if (!(error instanceof ServiceError && error.status === 409)) throw error;
      setState(db, `field-event-pushed:${event.id}`, `refused: ${error.code}`);
    }
  }
  return rows.length;
}

/** The sync worker option of a field station (only it holds event secrets and member pseudonyms). */
export function fieldPullOption(mode: string, db: Database): { pullForFieldEvents?: (api: ServiceApi, events: FieldEvent[], options: CallOptions) => Promise<void> } {
  if (mode !== 'field') return {};
  return {
    pullForFieldEvents: async (api, events, options) => {
      await pushStationEvents(db, api, options);
      await pullFieldCheckIns(db, api, events, new Date(), options);
    },
  };
}

/** What was last pulled for an event (null: never pulled, or created on this station), parsed once per pull. */
export class PulledCheckInCache {
  private cached: { eventId: string; raw: string; value: PulledCheckIn; counts: Map<string, number> } | null = null;
  constructor(private readonly db: Database) {}

  get(eventId: string): { value: PulledCheckIn; counts: Map<string, number> } | null {
    const raw = getState(this.db, keyOf(eventId));
    if (!raw) return null;
    if (this.cached?.eventId !== eventId || this.cached.raw !== raw) {
      const value = Stored.parse(JSON.parse(raw));
      this.cached = { eventId, raw, value, counts: new Map(value.state.members.map((m) => [m.ref, m.companyHealthMeasures])) };
    }
    return this.cached;
  }
}
