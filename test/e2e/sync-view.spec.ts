import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openStationStore, resolveConfig } from '../../main/station/station-context';
import { referenceFor } from '../../main/sync/receipt-reference';
import { enqueueSubmission } from '../../main/sync/outbox';
import { startCentralService, type CentralService } from './central-service';
import { checkScreen } from './screen-check';
import { startStation, type RunningStation } from './station-host';
import { year } from './test-day';

/**
 * The staff's sync view on a field station that works against the real reference service
 * (its own process, PGlite): first with the service down, then with it back.
 */
let central: CentralService | undefined;
let station: RunningStation | undefined;
const admin = { id: 'f.admin', name: 'Frieda Feld', role: 'admin' as const, password: 'Gesundheitstag-2026' };
const clerk = { id: 'c.mueller', name: 'Claudia Müller', role: 'clerk' as const, password: 'Sommer-Kaffee-42' };

test.afterEach(async () => {
  await station?.stop();
  await central?.close();
  station = undefined;
  central = undefined;
});

async function signIn(page: Page, account: { id: string; password: string }) {
  await page.getByLabel('Kennung').fill(account.id);
  await page.getByLabel('Passwort').fill(account.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
}

/** A person checked in without a card: one submission in the outbox. */
async function checkInOne(page: Page) {
  await page.getByLabel('Titel').fill('Gesundheitstag');
  await page.getByLabel('Unternehmen').fill('Muster AG');
  await page.getByRole('button', { name: 'Anlegen und auswählen' }).click();
  await page.getByText('Ohne Karte einchecken').click();
  await page.getByLabel('Versichertennummer').fill('A123457895');
  await page.getByLabel('Geburtsdatum').fill('1980-04-02');
  await page.getByRole('button', { name: 'Einchecken' }).click();
  await expect(page.getByTestId('checkin')).toContainText('eingecheckt');
}

test('field staff see the waiting check-in and the German error while the service is down, and the queue empties once it is back', async ({ page }, testInfo) => {
  central = await startCentralService();
  station = await startStation({ mode: 'field', branch: 'BGM Süd', ...central.stationConfig('field-sync-e2e') }, {}, [admin]);
  await central.enroll(station);
  await central.stop();

  await page.goto(await station.launchUrl());
  await signIn(page, admin);
  await checkInOne(page);

  await page.getByRole('link', { name: 'Synchronisation' }).click();
  await expect(page.getByRole('heading', { name: 'Synchronisation mit dem Bonus-Service' })).toBeVisible();
  await expect(page.getByTestId('sync-queue')).toHaveText('1 Vorgang wartet auf Übertragung');
  await page.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
  await expect(page.getByTestId('sync-request')).toContainText('Synchronisierung nicht gelungen');
  await expect(page.getByTestId('sync-last-error')).toHaveText('Der Bonus-Service ist nicht erreichbar. Die Daten bleiben sicher auf dieser Station und werden später gesendet.');
  await expect(page.getByTestId('sync-queue')).toHaveText('1 Vorgang wartet auf Übertragung');
  // The worker may have had one round with the service before it went down: that time stays shown.
  const successBefore = await page.getByTestId('sync-last-success').textContent();
  await expect(page.getByTestId('sync-set-aside')).toContainText('Keine zurückgestellten Einreichungen.');
  await checkScreen(page, testInfo, 'sync-offline');
  // Nothing about the person checked in reaches the staff's sync view.
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  for (const value of ['A123457895', '1980-04-02']) expect(html).not.toContain(value);

  await central.start();
  await page.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
  await expect(page.getByTestId('sync-queue')).toHaveText('0 Vorgänge warten auf Übertragung');
  await expect(page.getByTestId('sync-request')).toContainText('Synchronisierung abgeschlossen.');
  await expect(page.getByTestId('sync-last-error')).toHaveText('keiner');
  await expect(page.getByTestId('sync-last-success')).not.toHaveText(successBefore ?? '');
  await expect(page.getByTestId('sync-last-success')).not.toHaveText('noch keine');
  expect(await central.submissions()).toMatchObject([{ kind: 'field-checkin', stationId: 'field-sync-e2e' }]);
  await checkScreen(page, testInfo, 'sync-online');

  await page.getByRole('link', { name: 'Zurück zum Start' }).click();
  await expect(page.getByTestId('checkin')).toBeVisible();
});

test('a submission the service refuses for good is set aside and listed by its reference, without the member', async ({ page }, testInfo) => {
  central = await startCentralService();
  // A field station delivers a check-in: the service now holds that submission id.
  const field = await startStation({ mode: 'field', ...central.stationConfig('field-first') }, {}, [admin]);
  try {
    await central.enroll(field);
    await page.goto(await field.launchUrl());
    await signIn(page, admin);
    await checkInOne(page);
    await page.getByRole('link', { name: 'Synchronisation' }).click();
    await page.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
    await expect(page.getByTestId('sync-queue')).toHaveText('0 Vorgänge warten auf Übertragung');
  } finally {
    await field.stop();
  }
  const [delivered] = await central.submissions();
  expect(delivered).toBeDefined();

  // A second field desk: a mode that may deliver a participation, so the service's answer is the conflict.
  station = await startStation({ mode: 'field', ...central.stationConfig('field-second') }, {}, [admin]);
  await central.enroll(station);
  // The one thing no screen can do: a second station queues a submission under an id the service
  // already holds from the first (as after a restored backup), in the year the field desks are in
  // (Berlin's: from 23:00 UTC on 31.12. UTC's year is the old one). It goes into the outbox the way
  // every capture does, through the station's own database and key.
  const loaded = resolveConfig(join(station.dataDir, 'station.config.json'), { BONUS_STATION_DATA_DIR: station.dataDir });
  const store = openStationStore(loaded, {});
  try {
    enqueueSubmission(store.db, { id: delivered!.id, kind: 'participation', createdAt: new Date().toISOString(), participationYear: year, member: { kvnr: 'A123457895' }, measures: [] }, []);
  } finally {
    store.close();
  }

  await page.goto(await station.launchUrl());
  await signIn(page, admin);
  await page.getByRole('link', { name: 'Synchronisation' }).click();
  await page.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
  const row = page.getByTestId('sync-set-aside').getByRole('row').filter({ hasText: referenceFor(delivered!.id) });
  await expect(row).toContainText('Teilnahmeerklärung');
  await expect(row).toContainText('Der Bonus-Service hat eine Einreichung abgelehnt (Code submission_conflict). Sie bleibt auf dieser Station; bitte die IT informieren.');
  // Set aside, it no longer holds up the queue.
  await expect(page.getByTestId('sync-queue')).toHaveText('0 Vorgänge warten auf Übertragung');
  await expect(page.getByTestId('sync-last-error')).toHaveText('1 Einreichung(en) hat der Bonus-Service abgelehnt; sie bleiben auf dieser Station. Bitte die IT informieren.');
  await checkScreen(page, testInfo, 'sync-set-aside');
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  for (const value of ['A123457895', delivered!.id]) expect(html).not.toContain(value);
});

test('a clerk station without a central service says so; the sync view needs a sign-in; a kiosk has none', async ({ page }, testInfo) => {
  station = await startStation({ mode: 'clerk', branch: 'Berlin Mitte' }, {}, [clerk]);
  await page.goto(await station.launchUrl());
  await signIn(page, clerk);
  await page.getByRole('link', { name: 'Synchronisation' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText('aus (kein Zentralsystem eingerichtet)');
  await expect(page.getByText('Für diese Station ist kein Bonus-Service eingerichtet')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Jetzt synchronisieren' })).toBeDisabled();
  await checkScreen(page, testInfo, 'sync-disabled');

  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByTestId('staff-sign-in')).toBeVisible();
  await expect(page.getByTestId('sync-view')).toHaveCount(0);
  await station.stop();

  station = await startStation({ mode: 'kiosk' });
  await page.goto(await station.launchUrl());
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  await page.evaluate(() => {
    window.location.hash = '#/sync';
  });
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  await expect(page.getByTestId('sync-screen')).toHaveCount(0);
});
