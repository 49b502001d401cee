import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractError, type SetAsideSubmission, type StaffSessionView, type SyncStatus } from '../contract';
import { submissionKinds } from '../contract/service-api';
import type { Handlers } from '../runtime/dispatcher';
import type { Logger } from '../runtime/logger';
import { referenceFor } from './receipt-reference';
import { appendAudit } from '../store/audit-log';
import { getState, queueFigures } from './outbox';
import type { SyncWorker } from './sync-worker';

export interface SyncHandlerDeps {
  db: Database;
  /** The running worker; null on a station without a central service (service.url null). */
  worker: Pick<SyncWorker, 'wake' | 'status'> | null;
  /** The signed-in staff member, or a forbidden error (a kiosk never has one). */
  requireStaff: () => StaffSessionView;
  log: Logger;
  now?: () => Date;
}

/** How many set-aside submissions the view lists; the total is given beside it. */
export const setAsideListLimit = 100;

/**
 * The staff's sync view: status, the submissions the service refused for good, and "sync now".
 * Only for signed-in staff; "sync now" is audit-logged with the staff id. The list carries the
 * receipt reference, kind, time and the service's answer, never the payload with the member.
 */
export function createSyncHandlers(deps: SyncHandlerDeps): Pick<Handlers, 'getSyncOverview' | 'syncNow'> {
  const now = deps.now ?? (() => new Date());
  return {
    getSyncOverview: () => {
      deps.requireStaff();
      const status: SyncStatus = deps.worker?.status() ?? disabledStatus(deps.db);
      const { rows, total } = setAsideSubmissions(deps.db, setAsideListLimit);
      return { enabled: deps.worker !== null, status, setAside: rows, setAsideTotal: total };
    },
    syncNow: () => {
      const staff = deps.requireStaff();
      if (!deps.worker) throw new ContractError('not_available', 'This station has no central service configured');
      appendAudit(deps.db, { actor: `staff:${staff.staffId}`, action: 'sync.now' }, now());
      deps.log.info('sync requested by staff');
      deps.worker.wake();
      return { requested: true as const };
    },
  };
}

function disabledStatus(db: Database): SyncStatus {
  const figures = queueFigures(db);
  return { state: 'disabled', queueLength: figures.queueLength, bytesPending: figures.bytesPending, lastSuccessAt: getState(db, 'last-success'), lastError: null };
}

const kinds: ReadonlySet<string> = new Set(submissionKinds);

/** Submissions the service refused for good, newest first. Only the kind is read from the payload. */
export function setAsideSubmissions(db: Database, limit: number): { rows: SetAsideSubmission[]; total: number } {
  const total = (db.prepare(`SELECT count(*) AS n FROM sync_outbox WHERE state = 'failed'`).get() as { n: number }).n;
  const rows = db
    .prepare(`SELECT submission_id, json_extract(payload, '$.kind') AS kind, created_at, attempts, last_error FROM sync_outbox WHERE state = 'failed' ORDER BY seq DESC LIMIT ?`)
    .all(limit) as { submission_id: string; kind: string | null; created_at: string; attempts: number; last_error: string | null }[];
  return {
    total,
    rows: rows.map((row) => ({
      reference: referenceFor(row.submission_id),
      kind: row.kind !== null && kinds.has(row.kind) ? (row.kind as SetAsideSubmission['kind']) : null,
      createdAt: row.created_at,
      attempts: row.attempts,
      error: row.last_error,
    })),
  };
}
