import type { ConfigView, Diagnostics } from '../contract';
import { berlinDateOf } from '../domain';
import type { Handlers } from '../runtime/dispatcher';
import type { EventHub } from '../runtime/event-hub';
import { databaseInfo, type StationDatabase } from '../store/database';
import { auditHead, verifyAuditChain } from '../store/audit-log';
import type { StationOptions } from './station-options';
import { qrModules } from '../imaging/booklet/qr-matrix';

interface Deps extends StationOptions {
  store: StationDatabase;
  events: EventHub;
  startedAt: number;
  /** The station's clock for date rules (station-clock.ts): a test day, or the real one. */
  clock: () => Date;
  /** Throws unless the caller may see the station info (signed-in staff; at a kiosk: the station admin). */
  guardDiagnostics: () => void;
}

function appInstall(url: string | null): { url: string; qr: string[] } | null {
  if (!url) return null;
  return { url, qr: qrModules(url).map((row) => row.map((dark) => (dark ? '1' : '0')).join('')) };
}

export function configView(loaded: StationOptions['loaded']): ConfigView {
  const { config } = loaded;
  return {
    source: loaded.source,
    values: {
      mode: config.mode,
      stationId: config.stationId,
      branch: config.branch,
      language: config.language,
      serviceUrl: config.service.url,
      servicePinned: config.service.pinnedCertSha256 !== null,
      retentionDays: config.retention.acknowledgedDays,
      inactivityTimeoutSeconds: config.kiosk.inactivityTimeoutSeconds,
    },
  };
}

export function diagnostics(deps: Pick<Deps, 'loaded' | 'store' | 'versions' | 'startedAt'>): Diagnostics {
  return {
    config: configView(deps.loaded),
    database: { encrypted: true, ...databaseInfo(deps.store) },
    auditLog: { entries: auditHead(deps.store.db)?.seq ?? 0, brokenAt: verifyAuditChain(deps.store.db) },
    versions: deps.versions,
    uptimeSeconds: (Date.now() - deps.startedAt) / 1000,
  };
}

export function createStationHandlers(deps: Deps): Pick<Handlers, 'getStationInfo' | 'getDiagnostics' | 'getStatus' | 'getToday'> {
  const { loaded, events } = deps;
  const today = () => berlinDateOf(deps.clock().getTime());
  return {
    getStationInfo: () => ({
      stationId: loaded.config.stationId,
      branch: loaded.config.branch,
      mode: loaded.config.mode,
      language: loaded.config.language,
      appVersion: deps.appVersion,
      transport: deps.transport,
      inactivityTimeoutSeconds: loaded.config.kiosk.inactivityTimeoutSeconds,
      appInstall: appInstall(loaded.config.kiosk.appInstallUrl),
      today: today(),
    }),
    // Every screen may ask: the day is no secret, and it is what the station shows anyway.
    getToday: () => ({ today: today() }),
    getDiagnostics: () => {
      deps.guardDiagnostics();
      return diagnostics(deps);
    },
    getStatus: () => ({
      card: events.current('cardStatus') ?? { state: 'unavailable', readers: [] },
      scanner: events.current('scannerStatus') ?? { state: 'unavailable', devices: [] },
      sync: events.current('syncStatus') ?? { state: 'disabled', queueLength: 0, bytesPending: 0, lastSuccessAt: null, lastError: null },
    }),
  };
}
