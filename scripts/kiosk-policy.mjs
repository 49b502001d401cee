// The kiosk browser's Chromium managed policies (docs/kiosk-setup.md). The kiosk setup writes
// them, as root, to /etc/chromium/policies/managed/bonus-station.json, where Chromium on Linux
// reads mandatory policies and where neither the station's nor the browser's user can change them:
//   node scripts/kiosk-policy.mjs --port 8411 > /etc/chromium/policies/managed/bonus-station.json
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The lock-down for a kiosk whose station serves http://127.0.0.1:<port>. */
export function kioskPolicy({ port }) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('kiosk policy: a fixed loopback port (1–65535) is required, set as loopback.port in the station configuration');
  const origin = `http://127.0.0.1:${port}`;
  return {
    // No DevTools (F12, Ctrl+Shift+I, "Inspect", view-source) and no DevTools protocol from outside.
    DeveloperToolsAvailability: 2,
    RemoteDebuggingAllowed: false,
    // Only the station's own origin: no file://, no chrome:// pages, no other site.
    URLBlocklist: ['*'],
    URLAllowlist: [origin],
    // Nothing is saved or printed by the browser: no downloads, no "save page as", no file dialogs,
    // no browser print dialog (the kiosk prints receipts itself, through CUPS).
    DownloadRestrictions: 3,
    AllowFileSelectionDialogs: false,
    PrintingEnabled: false,
    // No extensions, no other profiles, no private windows, nothing remembered about the members.
    ExtensionInstallBlocklist: ['*'],
    BrowserAddPersonEnabled: false,
    BrowserGuestModeEnabled: false,
    IncognitoModeAvailability: 1,
    PasswordManagerEnabled: false,
    AutofillAddressEnabled: false,
    AutofillCreditCardEnabled: false,
    SavingBrowserHistoryDisabled: true,
    BrowserSignin: 0,
    SyncDisabled: true,
    TranslateEnabled: false,
    DefaultBrowserSettingEnabled: false,
    TaskManagerEndProcessesEnabled: false,
    // The evidence camera works for the station's page without a prompt, for nobody else.
    VideoCaptureAllowedUrls: [origin],
    AudioCaptureAllowed: false,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: 'string' } }, strict: true });
  process.stdout.write(`${JSON.stringify(kioskPolicy({ port: Number(values.port) }), null, 2)}\n`);
}
