import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { checkScreen } from './screen-check';
import { stationCall, startStation, type RunningStation } from './station-host';

let station: RunningStation;
test.afterEach(async () => {
  await station?.stop();
});

test('on embedded defaults the station starts as a kiosk and shows the start screen in German', async ({ page }, testInfo) => {
  station = await startStation();
  await page.goto(await station.launchUrl());
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen beim Bonusprogramm Bonus ABC');
  await expect(page.getByText('Bitte stecken Sie Ihre Gesundheitskarte in das Kartenlesegerät.')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  // The one-time code is traded for the session cookie and redirected out of the address bar.
  expect(page.url()).toBe(`${station.origin}/`);
  const cookies = await page.context().cookies(station.origin);
  expect(cookies).toEqual([expect.objectContaining({ name: 'bonus_station_session', httpOnly: true, sameSite: 'Strict' })]);
  // The status bar shows the states main published through the contract's events (the card
  // reader's depends on the machine: with the test pcscd running it is ready).
  await expect(page.getByTestId('status-card')).toHaveText(/^Kartenleser: (nicht eingerichtet|Kartendienst nicht erreichbar|kein Lesegerät|Lesegerät getrennt|bereit|Karte erkannt|Störung)$/);
  // The transfer to the insurer is the staff's concern: not on the member's screen (the station info has it).
  await expect(page.getByTestId('status-sync')).toHaveCount(0);
  await checkScreen(page, testInfo, 'kiosk-idle');
});

test('the start screen switches to English and back, and has no accessibility violations', async ({ page }) => {
  station = await startStation();
  await page.goto(await station.launchUrl());
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to the Bonus ABC bonus program');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen beim Bonusprogramm Bonus ABC');
});

test('every button on the start screen is a touch target of at least 44 px and reachable by keyboard', async ({ page }) => {
  station = await startStation();
  await page.goto(await station.launchUrl());
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const controls = page.locator('button, a.ui-button');
  const count = await controls.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const box = await controls.nth(i).boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    expect(box?.width).toBeGreaterThanOrEqual(44);
  }
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Zum Inhalt springen' })).toBeFocused();
});

test('the configured mode decides the screen, not the address', async ({ page }, testInfo) => {
  station = await startStation({ mode: 'clerk', stationId: 'muc-clerk-1', branch: 'München Mitte' });
  await page.goto(await station.launchUrl());
  await page.goto(`${station.origin}/#/kiosk`);
  await expect(page.getByTestId('clerk-start')).toBeVisible();
  await expect(page.getByTestId('kiosk-start')).toHaveCount(0);
  await expect(page.getByText('Sachbearbeitung · München Mitte')).toBeVisible();
  await checkScreen(page, testInfo, 'clerk-start');
});

test('a kiosk with an app address invites members to install the app by QR code', async ({ page }) => {
  station = await startStation({ mode: 'kiosk', kiosk: { appInstallUrl: 'https://app.bonus-abc.example/install' } });
  await page.goto(await station.launchUrl());
  await expect(page.getByRole('img', { name: 'QR-Code zum Installieren der App Ihrer Krankenkasse' })).toBeVisible();
  await expect(page.getByTestId('app-install').locator('rect[fill="#000"]').first()).toBeAttached();
});

test('field mode shows its start screen', async ({ page }, testInfo) => {
  station = await startStation({ mode: 'field' });
  await page.goto(await station.launchUrl());
  await expect(page.getByTestId('field-start')).toBeVisible();
  await checkScreen(page, testInfo, 'field-sign-in');
});

test('the station info is for the station admin: held program name, sign-in on the screen keyboard, read-only', async ({ page }, testInfo) => {
  const admin = { id: 'k.admin', name: 'Kai Admin', role: 'admin' as const, password: 'Stations-Info-2026' };
  station = await startStation({ mode: 'kiosk', stationId: 'ber-kiosk-3', branch: 'Berlin Mitte', service: { url: 'https://bonus.example/api' } }, {}, [admin]);
  await page.goto(await station.launchUrl());
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  // Nothing for staff on the member's screen, and the station refuses its info without the admin's sign-in.
  await expect(page.getByRole('link', { name: 'Stationsinfo' })).toHaveCount(0);
  await expect(stationCall(page, 'getDiagnostics', {})).rejects.toThrow(/Staff sign-in required/);

  // A short touch does nothing; held for three seconds, the program name opens the staff sign-in.
  const brand = (await page.getByTestId('brand').boundingBox())!;
  await page.mouse.move(brand.x + 20, brand.y + 10);
  await page.mouse.down();
  await page.mouse.up();
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  await page.mouse.down();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Stationsinfo', { timeout: 10_000 });
  await page.mouse.up();
  await expect(page.getByTestId('diagnostics')).toHaveCount(0);
  const keyboard = page.getByTestId('on-screen-keyboard');
  await page.getByLabel('Kennung').click();
  for (const key of admin.id) await keyboard.getByRole('button', { name: key, exact: true }).click();
  await expect(page.getByLabel('Kennung')).toHaveValue(admin.id);
  await page.getByLabel('Passwort').fill(admin.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();

  await expect(page.getByTestId('diag-station-id')).toHaveText('ber-kiosk-3');
  await expect(page.getByTestId('diag-mode')).toHaveText('Selbstbedienung');
  await expect(page.getByTestId('diag-encrypted')).toHaveText('ja');
  await expect(page.getByTestId('diag-schema')).toHaveText(/^(\d+) \/ \1$/);
  // A service is configured, so transfer is on; which state it is in depends on reaching it.
  await expect(page.getByTestId('status-sync')).toHaveText(/^Übertragung: (offline|Störung|überträgt …|aktuell)/);
  await expect(page.locator('input, textarea, select')).toHaveCount(0);
  await checkScreen(page, testInfo, 'diagnostics');
  await page.getByRole('button', { name: 'Zurück zum Start' }).click();
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  // Leaving signed the admin out: the info is refused again.
  await expect(stationCall(page, 'getDiagnostics', {})).rejects.toThrow(/Staff sign-in required/);
});

test('a station without a service says so in the station info, which is for signed-in staff only', async ({ page }) => {
  const clerk = { id: 'c.info', name: 'Clara Info', role: 'clerk' as const, password: 'Stations-Info-2026' };
  station = await startStation({ mode: 'clerk' }, {}, [clerk]);
  await page.goto(await station.launchUrl());
  await page.getByRole('link', { name: 'Stationsinfo' }).click();
  // Service URL, config path and versions are not for whoever stands at an unattended desk.
  await expect(page.getByTestId('diagnostics')).toHaveCount(0);
  await expect(stationCall(page, 'getDiagnostics', {})).rejects.toThrow(/Staff sign-in required/);
  await page.getByLabel('Kennung').fill(clerk.id);
  await page.getByLabel('Passwort').fill(clerk.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByTestId('status-sync')).toContainText('Übertragung: aus (kein Zentralsystem eingerichtet)');
});

test('a page opened without the launcher gets no station and is told how it is opened', async ({ page }) => {
  station = await startStation();
  const response = await page.goto(station.origin);
  expect(response?.status()).toBe(401);
  await expect(page.getByRole('alert')).toContainText('von ihrem Startprogramm geöffnet');
  await expect(page.getByTestId('kiosk-start')).toHaveCount(0);
});

test('a made-up or used launch code is refused by the station', async ({ page }) => {
  station = await startStation();
  const response = await page.goto(`${station.origin}/session?code=${'A'.repeat(43)}`);
  expect(response?.status()).toBe(403);
  await expect.poll(() => station.stderr()).toContain('refused a launch code');
  await expect(page.getByRole('alert')).toContainText('abgelaufen oder wurde schon benutzt');
  await expect(page.getByTestId('kiosk-start')).toHaveCount(0);
});

test('a second launch takes the station over: the first window closes, says why, and its staff sign-in is gone', async ({ browser, page }) => {
  const clerk = { id: 'c.first', name: 'Clara Erst', role: 'clerk' as const, password: 'Zweite-Sitzung-2026' };
  station = await startStation({ mode: 'clerk' }, {}, [clerk]);
  await page.goto(await station.launchUrl());
  await page.getByLabel('Kennung').fill(clerk.id);
  await page.getByLabel('Passwort').fill(clerk.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByTestId('staff-bar')).toContainText('Clara Erst');
  const second = await (await browser.newContext()).newPage();
  await second.goto(await station.launchUrl());
  await expect(page.getByRole('alert')).toContainText('in einem anderen Fenster neu geöffnet');
  await expect(second.getByTestId('staff-sign-in')).toBeVisible();
  await second.context().close();
});

test('the page runs without Node and under the strict CSP', async ({ page }) => {
  station = await startStation();
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') violations.push(msg.text());
  });
  const response = await page.goto(await station.launchUrl());
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  // An inline script is blocked by the CSP.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inline = true';
    document.body.append(script);
    return (window as { __inline?: boolean }).__inline === true;
  });
  expect(ran).toBe(false);
  expect(violations.filter((v) => !v.includes('Content Security Policy'))).toEqual([]);
});

test('a broken configuration stops the start with a message naming the field', async () => {
  await expect(startStation({ mode: 'kisok' })).rejects.toThrow(/mode: must be one of "kiosk", "clerk", "field"/);
});
