import { createHash, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../db/database';
import { ApiFailure } from '../../http/errors';
import { FleetAlerts, FleetView, Ok, StationParams } from '../api';
import { audit } from '../audit';
import { boRoute, type AnyBoRoute } from '../http';
import { alertMessage, fleetStations, type FleetSettings } from './fleet';

const admins = ['station-admin'] as const;

/** A monitoring system reads the alerts with its own bearer token (SERVICE_MONITORING_TOKEN), no person's session. */
export function monitoringTokenMatches(header: string | undefined, token: string | null): boolean {
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (!token || !given) return false;
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(token).digest());
}

export function fleetRoutes(db: Database, settings: FleetSettings, monitoringToken: string | null): AnyBoRoute[] {
  return [
    boRoute({
      method: 'GET',
      url: '/bo/api/fleet',
      access: admins,
      response: FleetView,
      async handler({ now }) {
        return { holdAlertHours: settings.holdAlertHours, silentAlertHours: settings.silentAlertHours, stations: await fleetStations(db, settings, now) };
      },
    }),
    boRoute({
      method: 'GET',
      url: '/bo/api/fleet/alerts',
      access: admins,
      monitoring: (header) => monitoringTokenMatches(header, monitoringToken),
      response: FleetAlerts,
      async handler({ now }) {
        const stations = await fleetStations(db, settings, now);
        return { at: now.toISOString(), alerts: stations.flatMap((s) => s.alerts.map((code) => ({ stationId: s.stationId, code, message: `${s.stationId}: ${alertMessage(code)}` }))) };
      },
    }),
    boRoute({
      method: 'POST',
      url: '/bo/api/fleet/:stationId/revoke',
      access: admins,
      params: StationParams,
      response: Ok,
      async handler({ params, session, now }) {
        await db.transaction(async (tx) => {
          const row = (await tx.query('UPDATE stations SET revoked_at = COALESCE(revoked_at, $2) WHERE station_id = $1 RETURNING station_id', [params.stationId, now])).rows[0];
          if (!row) throw new ApiFailure(404, 'not_found', 'No such station');
          await audit(tx, { at: now, accountId: session!.account.id, action: 'fleet.revoke', subject: `station:${params.stationId}` });
        });
        return { ok: true as const };
      },
    }),
  ];
}
