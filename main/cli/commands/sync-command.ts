import { parseArgs } from 'node:util';
import { openStationStore, resolveConfig } from '../../station/station-context';
import { createLogger } from '../../runtime/logger';
import { enrollStation, loadIdentity } from '../../sync/identity';
import { createServiceApi } from '../../sync/create-sync-service';
import { syncErrorText } from '../../sync/status-text';
import { fieldPullOption } from '../../field/field-pull';
import { SyncWorker } from '../../sync/sync-worker';

/**
 * Staff commands for a station's sync, run on the station itself (`station sync …`):
 *   enroll --token=<one-time token> [--config file]   (with "=": a token may begin with "-")
 *   status [--config file]
 *   now [--config file]      one sync round, then the status
 * The station's configuration names the service URL (and the pinned certificate).
 */
const usage = 'usage: sync-command enroll --token=TOKEN | status | now  [--config=FILE]';

export async function runSyncCommand(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { token: { type: 'string' }, config: { type: 'string' } } });
  } catch (error) {
    // A one-time token may begin with "-" (base64url): "--token -x…" reads as another option.
    out(`${(error as Error).message}. Werte mit "-" am Anfang so angeben: --token=TOKEN`);
    out(usage);
    return 2;
  }
  const { positionals, values } = parsed;
  const command = positionals[0];
  if (command !== 'enroll' && command !== 'status' && command !== 'now') {
    out(usage);
    return 2;
  }
  const loaded = resolveConfig(values.config, env);
  const url = loaded.config.service.url;
  if (!url) {
    out(`Keine Service-Adresse konfiguriert (service.url in ${loaded.source}).`);
    return 1;
  }
  const store = openStationStore(loaded, env);
  // This command is a composition root of its own: one client, for enrollment or one sync round.
  const api = createServiceApi({ ...loaded.config.service, url }, store.db);
  try {
    if (command === 'enroll') {
      if (!values.token) {
        out('enroll needs --token (the one-time token from the service administrator)');
        return 2;
      }
      const enrolled = await enrollStation(store.db, api, loaded.config.stationId, values.token, loaded.config.mode);
      out(`Station ${loaded.config.stationId} ist beim Bonus-Service angemeldet (${enrolled.enrolledAt}).`);
      return 0;
    }
    const worker = new SyncWorker({ db: store.db, api, log: createLogger('sync', () => undefined), publish: () => undefined, retentionDays: loaded.config.retention.acknowledgedDays, ...fieldPullOption(loaded.config.mode, store.db) });
    if (command === 'now') await worker.syncOnce();
    const status = worker.status();
    const identity = loadIdentity(store.db);
    out(`Station ${loaded.config.stationId}: ${identity?.enrolledAt ? `angemeldet seit ${identity.enrolledAt}` : 'nicht angemeldet'}`);
    out(`Warteschlange: ${status.queueLength} Einreichung(en), ${status.bytesPending} Bytes ausstehend`);
    out(`Letzte erfolgreiche Übertragung: ${status.lastSuccessAt ?? 'noch keine'}`);
    if (status.lastError) out(`Letzter Fehler: ${status.lastError}`);
    return status.lastError ? 1 : 0;
  } catch (error) {
    out(syncErrorText(error));
    return 1;
  } finally {
    api.close();
    store.close();
  }
}

