import { expect, test } from '@playwright/test';
import { startCentralService, type CentralService } from './central-service';
import { startStation, type RunningStation } from './station-host';

/**
 * The support module the online kiosk specs stand on: a real reference service process with
 * PGlite on disk, a kiosk station enrolled with the station CLI, offline and back online.
 */
let central: CentralService;
let station: RunningStation;

test.afterEach(async () => {
  await station?.stop();
  await central?.close();
});

test('a kiosk enrolls with the central service, sees it go offline and syncs again when it is back', async ({ page }) => {
  central = await startCentralService();
  station = await startStation({ mode: 'kiosk', ...central.stationConfig('kiosk-online-support') });
  await central.enroll(station);
  expect(await central.admin('GET', '/v1/admin/stations')).toMatchObject({ stations: [{ stationId: 'kiosk-online-support', revokedAt: null }] });
  expect(await central.syncNow(station)).toContain('angemeldet seit');

  await page.goto(await station.launchUrl());
  await expect(page.getByTestId('kiosk-start')).toBeVisible();

  await central.stop();
  expect(central.running).toBe(false);
  await expect(central.syncNow(station)).rejects.toThrow(/sync now failed/);

  await central.start();
  await central.seedMember({ kvnr: 'A123457895', cardNumber: '80276001234567890123', firstName: 'Erika', lastName: 'Testfrau', birthDate: '1980-04-02' });
  expect(await central.syncNow(station)).toContain('Warteschlange: 0');
  // What the service stored survives the restart: the station is still enrolled.
  expect(await central.admin('GET', '/v1/admin/stations')).toMatchObject({ stations: [{ stationId: 'kiosk-online-support' }] });
  expect(await central.submissions()).toEqual([]);
});
