import { app, BrowserWindow, dialog, Menu, protocol, session } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStationConfig } from '../config/load';
import { runtimeVersions } from '../station/versions';
import { createLogger, errorName } from '../runtime/logger';
import { createStation } from '../station/create-station';
import { databaseFileName, type Station } from '../station/station-options';
import { forwardEvents, registerIpc } from './ipc';
import { serveAppRequest } from './protocol';
import { stopBeforeQuit } from './quit';
import { loadSafeStorageAuditKey, loadSafeStorageKey } from './safe-storage-key';
import { appEntryUrl, appScheme, isAllowedNavigation, isBlockedKioskShortcut, isPermissionAllowed, windowOptions } from './security';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');
const log = createLogger('app');

protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) app.quit();

// Hardening for every web contents that will ever exist: no navigation away, no new windows, no webviews.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

function configPath(): string | undefined {
  const flag = process.argv.find((arg) => arg.startsWith('--config='));
  if (flag) return flag.slice('--config='.length);
  if (process.env.BONUS_STATION_CONFIG) return process.env.BONUS_STATION_CONFIG;
  const beside = join(app.getPath('userData'), 'station.config.json');
  return existsSync(beside) ? beside : undefined;
}

let running: Station | undefined;

async function start(): Promise<void> {
  const loaded = loadStationConfig(configPath(), join(app.getPath('userData'), 'data'));
  const { mkdirSync } = await import('node:fs');
  mkdirSync(loaded.dataDir, { recursive: true, mode: 0o700 });
  const key = loadSafeStorageKey(join(loaded.dataDir, 'station.key.enc'), existsSync(join(loaded.dataDir, databaseFileName)));
  const station = createStation({ loaded, dbKey: key, auditKey: (chainKeyed) => loadSafeStorageAuditKey(join(loaded.dataDir, 'audit.key.enc'), chainKeyed), transport: 'electron', log, versions: runtimeVersions(), appVersion: app.getVersion() });
  // Known before it starts: a quit during the start stops what has started so far.
  running = station;
  await station.start();

  protocol.handle(appScheme, (request) => serveAppRequest(rendererDir, request.url));
  const mode = loaded.config.mode;
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(mode, permission, details as { requestingUrl?: string; mediaTypes?: string[] }));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(mode, permission, { requestingUrl: requestingOrigin, mediaTypes: ['video'] }));
  session.defaultSession.setDevicePermissionHandler(() => false);

  if (mode === 'kiosk') Menu.setApplicationMenu(null);
  registerIpc(station.dispatch, log.child('ipc'));

  const window = new BrowserWindow(windowOptions(mode, preloadPath));
  forwardEvents(station.events, window);
  if (mode === 'kiosk') {
    window.webContents.on('before-input-event', (event, input) => {
      if (isBlockedKioskShortcut(input)) event.preventDefault();
    });
  }
  window.once('ready-to-show', () => window.show());
  await window.loadURL(appEntryUrl);
}

app.whenReady().then(
  async () => {
    try {
      await start();
    } catch (error) {
      dialog.showErrorBox('Bonus Station kann nicht starten', error instanceof Error ? error.message : String(error));
      await running?.stop().catch(() => undefined);
      app.exit(1);
    }
  },
  () => app.exit(1),
);

app.on('window-all-closed', () => app.quit());
stopBeforeQuit(app, async () => running?.stop(), { onError: (error) => log.error('station did not stop cleanly', { error: errorName(error) }) });
