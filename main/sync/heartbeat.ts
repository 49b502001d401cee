import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { CardReaderStatus, ScannerStatus } from '../contract/status';
import type { StationHeartbeat } from '../contract/service-api';
import { queueFigures } from './outbox';

/** What the composition root knows about the station for its heartbeat; the worker adds the queue and the clock. */
export type HeartbeatFacts = Pick<StationHeartbeat, 'mode' | 'branch' | 'softwareVersion' | 'devices'>;

const readerState: Record<CardReaderStatus['state'], StationHeartbeat['devices']['reader']> = {
  unavailable: 'not-configured',
  'no-service': 'error',
  'no-reader': 'missing',
  'reader-removed': 'missing',
  ready: 'ok',
  'card-present': 'busy',
  reading: 'busy',
  error: 'error',
};
const scannerState: Record<ScannerStatus['state'], StationHeartbeat['devices']['scanner']> = { unavailable: 'not-configured', none: 'missing', ready: 'ok', scanning: 'busy', error: 'error' };

/** The devices as the status bar last saw them; a printer has no status of its own yet (printing goes through the system dialog). */
export function deviceStatesOf(card: CardReaderStatus | undefined, scanner: ScannerStatus | undefined): StationHeartbeat['devices'] {
  return { reader: card ? readerState[card.state] : 'unknown', scanner: scanner ? scannerState[scanner.state] : 'unknown', printer: 'unknown' };
}

/** The head of the station's audit chain (its newest entry), or null for an empty log. */
export function auditHead(db: Database): StationHeartbeat['auditHead'] {
  const row = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return row ? { seq: row.seq, hash: row.hash } : null;
}

export function heartbeatReport(db: Database, facts: HeartbeatFacts, sync: { lastSuccessAt: string | null; lastError: string | null }, now: Date): StationHeartbeat {
  const figures = queueFigures(db);
  const oldest = db.prepare(`SELECT min(created_at) AS at FROM sync_outbox WHERE state = 'pending'`).get() as { at: string | null };
  return {
    ...facts,
    stationTime: now.toISOString(),
    queueLength: figures.queueLength,
    bytesPending: figures.bytesPending,
    oldestPendingAt: oldest.at,
    lastSuccessAt: sync.lastSuccessAt,
    lastSyncError: sync.lastError ? sync.lastError.slice(0, 500) : null,
    auditHead: auditHead(db),
  };
}
