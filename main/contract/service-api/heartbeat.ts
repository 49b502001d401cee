import { z } from 'zod';
import { IsoDateTime, Sha256Hex } from './common';

/** What a station reports about itself: the head of its audit chain with every sync, its heartbeat for the fleet view. */

/**
 * The newest entry of a station's keyed audit chain (main/store/audit-log.ts). The station reports
 * it with every sync, together with its own entry at the head the service holds (`since`): a
 * chain cut back or rewritten below that head cannot show the service's hash there.
 */
export const AuditHead = z.object({ seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), hash: Sha256Hex }).strict();
export type AuditHead = z.infer<typeof AuditHead>;
/**
 * `read`: the head the station read as held just before this report (GET audit-head; null: none
 * yet). When the head held has moved since (another process of the same station reported in
 * between), a report that is consistent with what it read is merely stale: refused, so that the
 * station reads again, but no tamper flag. Absent (older stations): judged against the head held only.
 */
export const AuditHeadReport = z.object({ head: AuditHead, since: AuditHead.nullable(), read: AuditHead.nullable().optional() }).strict();
export type AuditHeadReport = z.infer<typeof AuditHeadReport>;
export const StoredAuditHead = z.object({ head: AuditHead.nullable() }).strict();

/** A device as the fleet view shows it: working, busy, absent, failing, not part of this station, or not known. */
export const deviceStates = ['ok', 'busy', 'missing', 'error', 'not-configured', 'unknown'] as const;
export const DeviceState = z.enum(deviceStates);

/**
 * What a station says about itself after each sync round (signed like every request): what it
 * holds and since when, its last sync error, its devices, its clock and the head of its audit
 * chain. The service keeps the latest per station for the back office's fleet view; a head that
 * goes backwards or changes under the same number is shown as a broken chain.
 */
export const StationHeartbeat = z
  .object({
    stationTime: IsoDateTime,
    mode: z.enum(['kiosk', 'clerk', 'field']),
    branch: z.string().min(1).max(100),
    softwareVersion: z.string().min(1).max(64),
    queueLength: z.number().int().nonnegative(),
    bytesPending: z.number().int().nonnegative(),
    oldestPendingAt: IsoDateTime.nullable(),
    lastSuccessAt: IsoDateTime.nullable(),
    lastSyncError: z.string().max(500).nullable(),
    devices: z.object({ reader: DeviceState, scanner: DeviceState, printer: DeviceState }).strict(),
    auditHead: z.object({ seq: z.number().int().nonnegative(), hash: Sha256Hex }).strict().nullable(),
  })
  .strict();
export type StationHeartbeat = z.infer<typeof StationHeartbeat>;
export const HeartbeatAck = z.object({ receivedAt: IsoDateTime, clockSkewSeconds: z.number() });
export type HeartbeatAck = z.infer<typeof HeartbeatAck>;
