import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { FieldSummary } from '../contract';

/** Counts for the staff and, by hour, for the organizer; no person appears in it. */
export function fieldSummary(db: Database, eventId: string): FieldSummary {
  const rows = db.prepare('SELECT outcome, reason, count(*) AS n FROM field_checkin WHERE event_id = ? GROUP BY outcome, reason').all(eventId) as { outcome: string; reason: string | null; n: number }[];
  const refused: Record<string, number> = {};
  for (const r of rows) if (r.outcome !== 'recorded' && r.outcome !== 'duplicate') refused[r.reason ?? r.outcome] = (refused[r.reason ?? r.outcome] ?? 0) + r.n;
  const sync = db
    .prepare("SELECT o.state AS state, count(*) AS n FROM field_checkin c JOIN sync_outbox o ON o.submission_id = c.submission_id WHERE c.event_id = ? GROUP BY o.state")
    .all(eventId) as { state: string; n: number }[];
  const byHour = db
    .prepare("SELECT substr(at, 1, 13) || ':00Z' AS hour, count(*) AS count FROM field_checkin WHERE event_id = ? AND outcome = 'recorded' GROUP BY 1 ORDER BY 1")
    .all(eventId) as { hour: string; count: number }[];
  return {
    eventId,
    recorded: rows.filter((r) => r.outcome === 'recorded').reduce((a, r) => a + r.n, 0),
    duplicates: rows.filter((r) => r.outcome === 'duplicate').reduce((a, r) => a + r.n, 0),
    refused,
    waitingForSync: sync.filter((s) => s.state !== 'acknowledged').reduce((a, s) => a + s.n, 0),
    synced: sync.find((s) => s.state === 'acknowledged')?.n ?? 0,
    byHour,
  };
}
