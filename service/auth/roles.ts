import type { SubmissionUpload } from '../../main/contract/service-api';
import type { AnyEndpoint } from '../../main/contract/service-endpoint';
import type { StationMode } from '../../main/contract/station';
import type { Database, Queryable } from '../db/database';
import { ApiFailure } from '../http/errors';
import type { Caller } from '../http/route';
import { stationAudit } from './station-audit';

/**
 * Roles at the service: every station endpoint names the modes that may call it
 * (main/contract/service-endpoints.ts), and the station's mode is what its enrollment token was
 * issued for. Any other caller is refused with 403 and the refusal is audited, so a kiosk's key
 * taken from a stolen disk cannot search members or pull a field event's check-in state.
 */
export async function requireMode(db: Database, caller: Caller, endpoint: Pick<AnyEndpoint, 'method' | 'path' | 'modes'>, now: Date): Promise<void> {
  if (caller.mode !== null && endpoint.modes.includes(caller.mode)) return;
  await stationAudit(db, {
    at: now,
    stationId: caller.stationId ?? 'unknown',
    action: 'station.mode-refused',
    subject: `${endpoint.method} ${endpoint.path}`,
    detail: { mode: caller.mode, allowed: endpoint.modes },
  });
  if (caller.mode === null) throw new ApiFailure(403, 'station_role_unknown', 'This station was enrolled without a recorded mode; enroll it anew with a token issued for its mode');
  throw new ApiFailure(403, 'mode_forbidden', `A ${caller.mode} station may not call this endpoint`);
}

/**
 * What each mode delivers: a kiosk the member's captures, declarations and payout applications;
 * a clerk desk booked booklet pages; a field desk check-ins and the declarations made at it.
 * Anything else from that mode is refused (403) before it is stored, and audited.
 */
const kindsByMode: Record<StationMode, readonly SubmissionUpload['kind'][]> = {
  kiosk: ['measures', 'participation', 'payout-application'],
  clerk: ['measures'],
  field: ['field-checkin', 'participation'],
};

export async function requireSubmissionKind(q: Queryable, caller: Caller, submission: Pick<SubmissionUpload, 'id' | 'kind'>, now: Date): Promise<void> {
  if (caller.mode && kindsByMode[caller.mode].includes(submission.kind)) return;
  await stationAudit(q, { at: now, stationId: caller.stationId ?? 'unknown', action: 'submission.kind-refused', subject: `submission:${submission.id}`, detail: { mode: caller.mode, kind: submission.kind } });
  throw new ApiFailure(403, 'kind_forbidden', `A ${caller.mode ?? 'station without a recorded mode'} may not deliver ${submission.kind} submissions`);
}
