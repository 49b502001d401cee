import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveAuditKey, resolveConfig, resolveDatabaseKey } from '../../station/station-context';
import { runtimeVersions } from '../../station/versions';
import { ConfigError } from '../../config/station-config';
import { createLogger } from '../../runtime/logger';
import { WrongDatabaseKeyError } from '../../store/database';
import { KeyFileError } from '../../store/key-file';
import { AuditKeyMismatchError } from '../../store/audit-key';
import { createStation } from '../../station/create-station';
import { startLoopbackHost } from './server';
import { serveLaunchUrls } from './launcher-pipe';

/**
 * The station under plain Node: the same composition root as the Electron app, with the
 * renderer served to a browser over the loopback host. Prints one JSON line on stdout once it is
 * ready, with a one-time launch address for the launcher (scripts/start.mjs) that started it
 * with a pipe; more on request over stdin (launcher-pipe.ts). Human-readable notes on stderr.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      'static-dir': { type: 'string' },
    },
    strict: true,
  });
  const log = createLogger('loopback');
  const loaded = resolveConfig(values.config, process.env);
  const { key, source } = resolveDatabaseKey(loaded, process.env);
  if (source === 'new key file') log.info('created a new database key file', { dataDir: loaded.dataDir });

  const here = dirname(fileURLToPath(import.meta.url));
  const staticDir = resolve(values['static-dir'] ?? join(here, '../renderer'));
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`No built renderer in ${staticDir}; run "npm run build" first`);
  }

  const station = createStation({ loaded, dbKey: key, auditKey: resolveAuditKey(loaded, process.env), transport: 'loopback', log, versions: runtimeVersions(), appVersion: process.env.npm_package_version ?? '0.0.0' });
  await station.start();
  const port = values.port !== undefined ? Number(values.port) : loaded.config.loopback.port;
  const host = await startLoopbackHost({ dispatch: station.dispatch, events: station.events, staticDir, port, log, onSessionBegin: () => station.endStaffSession() });

  process.stdout.write(`${JSON.stringify({ ready: true, url: host.launchUrl(), origin: host.origin, mode: loaded.config.mode, config: loaded.source })}\n`);
  serveLaunchUrls(process.stdin, process.stdout, () => host.launchUrl());

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    // Whatever hangs in shutdown, the process ends: a station that cannot be stopped is worse.
    setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 5000).unref();
    await host.close();
    await station.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof KeyFileError || error instanceof WrongDatabaseKeyError || error instanceof AuditKeyMismatchError) {
    process.stderr.write(`Bonus Station cannot start:\n${error.message}\n`);
  } else {
    process.stderr.write(`Bonus Station cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
