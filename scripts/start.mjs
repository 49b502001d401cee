// `npm start`: runs the station on whatever this machine offers.
// - Electron installed: the real desktop app.
// - Otherwise: the same station under Node with the loopback host, opened in the system's
//   Chromium as an app window when there is a display, or served with its address printed
//   when headless.
// Extra arguments are passed on (e.g. `npm start -- --config station.config.json`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const binary = electronBinary();

if (binary) {
  const configArg = args.indexOf('--config');
  const electronArgs = [join(root, 'out/main/index.js'), ...(configArg >= 0 ? [`--config=${args[configArg + 1]}`] : [])];
  const child = spawn(binary, electronArgs, { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write('Electron is not installed on this machine; starting the station with the loopback host.\n');
  const host = spawn(process.execPath, [join(root, 'out/main/loopback.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => host.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  host.on('exit', (code) => process.exit(code ?? 0));

  const lines = createInterface({ input: host.stdout });
  lines.on('line', (line) => {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      process.stdout.write(`${line}\n`);
      return;
    }
    if (!message.ready) return;
    const browser = ['chromium', 'chromium-browser', 'google-chrome'].find((name) => spawnSync('which', [name]).status === 0);
    const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
    if (hasDisplay && browser) {
      process.stdout.write(`Bonus Station (${message.mode}) läuft / is running. Opening ${browser}…\n`);
      const profile = mkdtempSync(join(tmpdir(), 'bonus-station-browser-'));
      const kiosk = message.mode === 'kiosk' ? ['--kiosk'] : [];
      const window = spawn(browser, [`--app=${message.url}`, `--user-data-dir=${profile}`, '--no-first-run', '--disable-background-networking', '--disable-sync', ...kiosk], { stdio: 'ignore' });
      window.on('exit', () => {
        rmSync(profile, { recursive: true, force: true });
        stop();
      });
    } else {
      process.stdout.write(
        `Bonus Station (${message.mode}) läuft / is running, configuration: ${message.config}\n` +
          `Open this address in Chromium on this machine (it holds this launch's access token):\n\n  ${message.url}\n\n` +
          'Stop with Ctrl+C.\n',
      );
    }
  });
}
