// `npm start`: runs the station on whatever this machine offers.
// - Electron installed: the real desktop app.
// - Otherwise: the same station under Node with the loopback host, opened in the system's
//   Chromium when there is a display (scripts/kiosk-browser.mjs, as the browser's own OS user
//   when BONUS_STATION_BROWSER_USER is set), or with a one-time address printed to a terminal.
// Extra arguments are passed on (e.g. `npm start -- --config station.config.json`).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';
import { asUser } from './kiosk-browser.mjs';

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
  // stdin and stdout are a private pipe to the host: launch codes travel on it, never on a
  // command line or in this launcher's own output (the journal under systemd).
  const host = spawn(process.execPath, [join(root, 'out/main/loopback.js'), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let window;
  const stop = () => {
    window?.kill('SIGTERM');
    host.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  host.on('exit', (code) => process.exit(code ?? 0));
  const askForLaunchUrl = () => host.stdin.write('launch-url\n');

  let mode = 'kiosk';
  const lines = createInterface({ input: host.stdout });
  lines.on('line', (line) => {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      process.stdout.write(`${line}\n`);
      return;
    }
    if (message.ready) {
      mode = message.mode;
      startWindow(message);
    } else if (message.launchUrl) {
      process.stdout.write(`\n  ${message.launchUrl}\n\n`);
    }
  });

  function startWindow(message) {
    const browser = ['chromium', 'chromium-browser', 'google-chrome'].find((name) => spawnSync('which', [name]).status === 0);
    const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
    if (hasDisplay && browser) {
      // The window runs as its own OS user when one is set up (docs/kiosk-setup.md): that user
      // cannot read the station's data folder or key file.
      const browserUser = process.env.BONUS_STATION_BROWSER_USER ?? '';
      process.stdout.write(`Bonus Station (${mode}) läuft / is running. Opening ${browser}${browserUser ? ` as ${browserUser}` : ''}…\n`);
      const [command, ...prefix] = [...asUser(browserUser), process.execPath];
      window = spawn(command, [...prefix, join(root, 'scripts/kiosk-browser.mjs'), '--browser', browser, '--mode', mode], { stdio: ['pipe', 'ignore', 'inherit'] });
      window.stdin.end(`${message.url}\n`);
      window.on('exit', stop);
    } else if (process.stdout.isTTY) {
      process.stdout.write(
        `Bonus Station (${mode}) läuft / is running, configuration: ${message.config}\n` +
          'Open this address once in Chromium on this machine; it is good for one minute and one use\n' +
          '(Enter prints a new one; opening one closes the window opened before):\n' +
          `\n  ${message.url}\n\nStop with Ctrl+C.\n`,
      );
      createInterface({ input: process.stdin }).on('line', askForLaunchUrl);
    } else {
      // Not a terminal (a service, a log file): a launch address is not written where others read it.
      process.stdout.write(`Bonus Station (${mode}) läuft / is running without a display, configuration: ${message.config}\nRun "npm start" in a terminal on this machine to get an address to open.\n`);
    }
  }
}
