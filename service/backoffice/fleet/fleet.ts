import type { StationHeartbeat } from '../../../main/contract/service-api';
import type { Queryable } from '../../db/database';
import { iso } from '../../routes/deps';
import type { FleetStation } from '../api';
import type { AuditHeadState } from './heartbeat';

export interface FleetSettings {
  /** A station holding data this long without a successful sync is an alert. */
  holdAlertHours: number;
  /** A station not heard from this long is an alert. */
  silentAlertHours: number;
  /** A clock this far off (seconds) is an alert: signed requests fail beyond ±300 s. */
  skewAlertSeconds: number;
}
export const defaultFleetSettings: FleetSettings = { holdAlertHours: 24, silentAlertHours: 24, skewAlertSeconds: 120 };

const alertText: Record<string, string> = {
  'holding-data': 'hält Daten länger als erlaubt ohne Übertragung',
  silent: 'hat sich zu lange nicht gemeldet',
  'audit-mismatch': 'Prüfkette passt nicht zum zuletzt gemeldeten Stand',
  'clock-skew': 'Uhr weicht stark ab',
};
export const alertMessage = (code: string) => alertText[code] ?? code;

/** Every enrolled station with its latest heartbeat and the alerts it raises now. */
export async function fleetStations(q: Queryable, settings: FleetSettings, now: Date): Promise<FleetStation[]> {
  const rows = (
    await q.query<{ station_id: string; mode: string | null; branch: string | null; enrolled_at: Date; revoked_at: Date | null; received_at: Date | null; report: (StationHeartbeat & { auditState: AuditHeadState; clockSkewSeconds: number }) | null }>(
      `SELECT s.station_id, s.mode, s.branch, s.enrolled_at, s.revoked_at, h.received_at, h.report
       FROM stations s LEFT JOIN station_heartbeats h ON h.station_id = s.station_id AND h.received_at >= s.enrolled_at ORDER BY s.station_id`,
    )
  ).rows;
  return rows.map((r) => {
    const report = r.report;
    const alerts: string[] = [];
    if (!r.revoked_at) {
      const holdSince = report?.oldestPendingAt ? Date.parse(report.lastSuccessAt && report.lastSuccessAt > report.oldestPendingAt ? report.lastSuccessAt : report.oldestPendingAt) : null;
      if (report && report.queueLength > 0 && holdSince !== null && now.getTime() - holdSince > settings.holdAlertHours * 3_600_000) alerts.push('holding-data');
      const lastContact = r.received_at ? new Date(r.received_at).getTime() : new Date(r.enrolled_at).getTime();
      if (now.getTime() - lastContact > settings.silentAlertHours * 3_600_000) alerts.push('silent');
      if (report?.auditState === 'mismatch') alerts.push('audit-mismatch');
      if (report && Math.abs(report.clockSkewSeconds) > settings.skewAlertSeconds) alerts.push('clock-skew');
    }
    return {
      stationId: r.station_id,
      mode: r.mode ?? report?.mode ?? null,
      branch: r.branch ?? report?.branch ?? null,
      enrolledAt: iso(r.enrolled_at),
      revokedAt: r.revoked_at ? iso(r.revoked_at) : null,
      softwareVersion: report?.softwareVersion ?? null,
      lastContactAt: r.received_at ? iso(r.received_at) : null,
      queueLength: report?.queueLength ?? null,
      bytesPending: report?.bytesPending ?? null,
      oldestPendingAt: report?.oldestPendingAt ?? null,
      lastSyncError: report?.lastSyncError ?? null,
      devices: report?.devices ?? null,
      clockSkewSeconds: report?.clockSkewSeconds ?? null,
      auditHead: report?.auditState ?? 'unknown',
      alerts,
    };
  });
}
