import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EnrollmentToken, Enrollment, SubmissionReceipt } from '../../main/contract/service-api';
import { ServiceClient } from '../../main/sync/service-client';
import { generateStationKey, loadPrivateKey } from '../../main/sync/station-key';
import { checkPain001 } from '../../service/backoffice/payouts/pain001';
import { saneTestEnvironment } from '../integration/scanner-support/sane-env';
import { certificatePhoto } from '../support/imaging/fixtures';
import { writeFakeCameraFile } from '../support/fake-camera';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { checkDeskScreen, freshPostgres, signIn, signOut, staff } from './backoffice-support';
import { startCentralService, type CentralService } from './central-service';
import { chooseScanner, scannedPage } from './clerk-support';
import { declareParticipation, fakeCameraBrowser, setDate, startProof } from './kiosk-member';
import { realCardStack } from './real-card-stack';
import { stationCall, startStation, type RunningStation } from './station-host';
import { nowOnTestDay, serviceOnTestDay, stationOnTestDay, year } from './test-day';

/**
 * The insurer's back office end to end (issue 18), on the reference service as `npm run service`
 * runs it, once on PGlite and once on PostgreSQL: a kiosk (virtual eGK in the real pcscd, the
 * certificate photographed with Chromium's fake camera) and a clerk desk (a booklet page through
 * SANE) sync in the test; a reviewer signs in with password and TOTP and decides both with the
 * keyboard; the decision reaches the kiosk at the member's next visit. Then a payout run with
 * four eyes and its pain.001, the roles kept apart, and the fleet view with a station that
 * stopped syncing. Every page is checked with axe at 1920×1080 and 1366×768. The kiosk and the
 * service's date rules run on the test day (test-day.ts); the clerk desk keeps the real day, so its
 * page is dated 1 January, which no real day of the year lies before.
 */
const mueller = virtualCard('mueller');
const kvnr = mueller.person!.kvnr;
const clerk = { id: 'c.mueller', name: 'Claudia Müller', role: 'clerk' as const, password: 'Sommer-Kaffee-42' };
const sane = saneTestEnvironment();

for (const database of ['pglite', 'postgres'] as const) {
  test.describe(`the back office on ${database}`, () => {
    // Long: two stations, the service restarted once, and the shared card readers may be busy with another suite first.
    test.describe.configure({ mode: 'serial', timeout: 600_000 });
    const slot = realCardStack(`back office e2e (${database})`);
    let central: CentralService;
    let keys: Record<string, string>;
    let dropDatabase: (() => Promise<void>) | undefined;
    let kiosk: RunningStation | undefined;
    let clerkStation: RunningStation | undefined;
    let cameraBrowser: Browser | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'bonus-backoffice-e2e-'));

    test.beforeAll(async () => {
      test.setTimeout(240_000);
      let databaseUrl: string | undefined;
      if (database === 'postgres') {
        const pgdb = await freshPostgres();
        test.skip('skip' in pgdb, 'skip' in pgdb ? pgdb.skip : '');
        if ('url' in pgdb) {
          databaseUrl = pgdb.url;
          dropDatabase = pgdb.drop;
        }
      }
      // Four eyes above 15 EUR; a station silent for 20 s is an alert (the test cannot wait a day).
      central = await startCentralService({ ...(databaseUrl ? { databaseUrl } : {}), env: { SERVICE_FOUR_EYES_ABOVE_CENTS: '1500', SERVICE_SILENT_ALERT_HOURS: String(20 / 3600), ...serviceOnTestDay } });
      // A fresh service names its first account in its output.
      await expect.poll(() => central.output(), { timeout: 60_000 }).toContain('Back office: first account "admin"');
      keys = await central.addBackofficeAccounts(Object.values(staff).map((s) => ({ ...s, roles: [...s.roles] })));
      await central.seedMember({
        kvnr,
        cardNumber: mueller.iccsn!,
        firstName: 'Hans-Jürgen',
        lastName: 'Müller',
        birthDate: '1967-03-12',
        postalCode: '70173',
        bank: { iban: 'DE89370400440532013000', accountHolder: 'Hans-Jürgen Müller' },
        credited: [{ year, measures: [1, 7] }],
      });
      await writeFakeCameraFile(await certificatePhoto(1600, 1200), join(dir, 'certificate.y4m'));
      cameraBrowser = await fakeCameraBrowser(join(dir, 'certificate.y4m'));
    });
    test.afterAll(async () => {
      await cameraBrowser?.close();
      await kiosk?.stop();
      await clerkStation?.stop();
      await central?.close();
      await dropDatabase?.();
      rmSync(dir, { recursive: true, force: true });
    });

    async function memberAtKiosk(): Promise<Page> {
      const page = await (await cameraBrowser!.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await page.goto(await kiosk!.launchUrl());
      await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
      await slot.insert(new EgkCardProgram(mueller.image));
      await page.getByLabel('Postleitzahl').fill('70173');
      await page.getByRole('button', { name: 'Bestätigen' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen, Dr. Hans-Jürgen Müller');
      return page;
    }

    test('a reviewer signs in with TOTP and decides a kiosk photo and a clerk booklet page with the keyboard; the decision reaches the kiosk', async ({ page }, testInfo) => {
      test.setTimeout(420_000);
      test.skip(!sane.ok, sane.ok ? '' : `the clerk's scanner needs SANE: ${sane.reason}`);
      if (!sane.ok) return;

      // The kiosk: Müller declares participation and photographs a vaccination certificate.
      kiosk = await startStation({ mode: 'kiosk', branch: 'Stuttgart Mitte', ...central.stationConfig(`kiosk-bo-${database}`) }, stationOnTestDay);
      await central.enroll(kiosk);
      const member = await memberAtKiosk();
      await declareParticipation(member);
      await startProof(member, 'Schutzimpfung');
      await setDate(member, 'Datum der Maßnahme', `${year}-01-15`);
      await member.getByRole('button', { name: 'Foto der Bescheinigung' }).click();
      await member.getByRole('button', { name: 'Foto aufnehmen' }).click();
      await member.getByRole('button', { name: 'Foto verwenden' }).click();
      await member.getByRole('button', { name: '1 Nachweis einreichen' }).click();
      await expect(member.getByTestId('receipt-reference')).toBeVisible();
      await slot.remove();
      await central.syncNow(kiosk);

      // The clerk desk: a booklet page with stamps in the fields of measures 1 and 3, through SANE.
      const sheet = join(dir, 'sheet.pgm');
      writeFileSync(join(sane.configDir, 'dll.conf'), 'pnm\n');
      clerkStation = await startStation(
        { mode: 'clerk', branch: 'Stuttgart Mitte', scanner: { sane: true, saneDeviceOptions: { 'pnm:0': { filename: sheet } } }, ...central.stationConfig(`clerk-bo-${database}`) },
        { SANE_CONFIG_DIR: sane.configDir },
        [clerk],
      );
      await central.enroll(clerkStation);
      const desk = await (await page.context().browser()!.newContext()).newPage();
      await desk.goto(await clerkStation.launchUrl());
      await desk.getByLabel('Kennung').fill(clerk.id);
      await desk.getByLabel('Passwort').fill(clerk.password);
      await desk.getByRole('button', { name: 'Anmelden' }).click();
      await expect(desk.getByTestId('staff-bar')).toContainText('Claudia Müller');
      const picked = await stationCall<{ member: { pickId: string } }>(desk, 'clerkPickMemberByKvnr', { kvnr, birthDate: '1967-03-12' });
      const { booklet } = await stationCall<{ booklet: { bookletId: string } }>(desk, 'clerkIssueBooklet', { pickId: picked.member.pickId, year });
      writeFileSync(sheet, await scannedPage(booklet.bookletId, 1, { 0: 'stamp', 2: 'stamp' }, 11, false, year));
      await chooseScanner(desk, 'sane:pnm:0');
      await desk.getByRole('button', { name: 'Stapel scannen' }).click();
      await expect(desk.getByTestId('batch-counts')).toContainText('1 erkannt', { timeout: 60_000 });
      const batch = await stationCall<{ id: string; pages: { id: string }[] }>(desk, 'openClerkBatch', {});
      await stationCall(desk, 'verifyClerkPage', { pageId: batch.pages[0]!.id, performedOn: `${year}-01-01` });
      expect(await stationCall(desk, 'bookClerkBatch', { batchId: batch.id })).toMatchObject({ submissions: 1 });
      await central.syncNow(clerkStation);
      await desk.context().close();

      // The reviewer: the queue, oldest first.
      await signIn(page, central, 'reviewer', keys);
      await expect(page.getByRole('heading', { name: 'Prüfung: wartende Einreichungen' })).toBeVisible();
      await expect(page.getByTestId('queue-row')).toHaveCount(3);
      await expect(page.getByTestId('queue-row').nth(0)).toContainText('Teilnahmeerklärung');
      await checkDeskScreen(page, testInfo, `bo-queue-${database}`);

      // P opens the oldest; A accepts all, Enter sends: two keys for an accepted submission.
      await page.keyboard.press('p');
      await expect(page.getByRole('heading', { name: /Einreichung prüfen: Teilnahmeerklärung/ })).toBeVisible();
      await page.keyboard.press('a');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { name: /Einreichung prüfen: Nachweise/ })).toBeVisible();
      await expect(page.getByTestId('record-8')).toContainText('Schutzimpfung');
      await expect(page.getByRole('img', { name: 'Foto der Bescheinigung' })).toBeVisible();
      await page.keyboard.press('+');
      await expect(page.getByText('125 %')).toBeVisible();
      await checkDeskScreen(page, testInfo, `bo-review-photo-${database}`);
      await page.keyboard.press('a');
      await page.keyboard.press('Enter');

      // The clerk's page: each field's crop beside the page; measure 1 accepted, 3 rejected with the first reason.
      await expect(page.getByTestId('record-3')).toBeVisible();
      await expect(page.getByRole('img', { name: 'Feldausschnitt' })).toBeVisible();
      await expect(page.getByRole('img', { name: 'Heftseite' })).toBeVisible();
      await checkDeskScreen(page, testInfo, `bo-review-booklet-${database}`);
      await page.keyboard.press('a');
      await page.keyboard.press('ArrowDown');
      await expect(page.getByTestId('record-3')).toHaveAttribute('aria-current', 'true');
      await page.keyboard.press('r');
      await page.keyboard.press('1');
      await expect(page.getByTestId('record-3')).toContainText('abgelehnt');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { name: 'Prüfung: wartende Einreichungen' })).toBeVisible();
      await expect(page.getByText('Keine Einreichung wartet.')).toBeVisible();
      const decided = await central.submissions();
      expect(decided.map((s) => s.state).sort()).toEqual(['accepted', 'accepted', 'partially-accepted']);

      // The member's next visit: the kiosk pulls the decisions and tells them once.
      await central.syncNow(kiosk);
      const again = await memberAtKiosk();
      await expect(again.getByTestId('notifications')).toContainText('Ihr Nachweis für Schutzimpfung wurde anerkannt.');
      await expect(again.getByTestId('field-8')).toContainText('von der Krankenkasse anerkannt');
      await slot.remove();
      await signOut(page);
      await checkDeskScreen(page, testInfo, `bo-sign-in-${database}`);
    });

    test('a payout run needs four eyes above the limit and exports a valid pain.001; a reviewer sees no payouts, a station admin decides nothing', async ({ page }, testInfo) => {
      test.setTimeout(300_000);
      // A payout application from a station enrolled in this test (signed like any station's request).
      const { token } = EnrollmentToken.parse(await central.admin('POST', '/v1/admin/enrollment-tokens', { stationId: `kiosk-pay-${database}`, mode: 'kiosk', branch: 'Testfiliale' }));
      const key = generateStationKey();
      const anon = new ServiceClient({ baseUrl: central.url });
      await anon.json('POST', '/v1/stations/enroll', Enrollment, { token, stationId: `kiosk-pay-${database}`, mode: 'kiosk', publicKey: key.publicKeyBase64 });
      anon.close();
      const station = new ServiceClient({ baseUrl: central.url }, { stationId: `kiosk-pay-${database}`, privateKey: loadPrivateKey(key.privateKeyDer) });
      const application = { id: randomUUID(), kind: 'payout-application' as const, createdAt: nowOnTestDay().toISOString(), participationYear: year, member: { kvnr }, measures: [], stationClaim: { totalCents: 5000 } };
      await station.json('PUT', `/v1/submissions/${application.id}`, SubmissionReceipt, application);
      station.close();

      await signIn(page, central, 'officer', keys);
      await expect(page.getByRole('heading', { name: 'Auszahlungen', level: 1 })).toBeVisible();
      const row = page.getByTestId('payout-row').filter({ hasText: kvnr });
      // 1, 7 seeded and 8 accepted in review: 30 EUR, computed by the service.
      await expect(row).toContainText('30,00 €');
      await checkDeskScreen(page, testInfo, `bo-payouts-${database}`);
      await row.getByRole('button', { name: /Freigeben/ }).click();
      await expect(row).toContainText('wartet auf zweite Freigabe');
      await expect(row.getByRole('button')).toHaveCount(0);
      await signOut(page);

      await signIn(page, central, 'officer2', keys);
      await page.getByTestId('payout-row').filter({ hasText: kvnr }).getByRole('button', { name: /Zweite Freigabe/ }).click();
      await expect(page.getByTestId('payout-row').filter({ hasText: kvnr })).toContainText('freigegeben');
      // The execution day as the page's language writes it (the browser's date input would show 03/15/… here), checked before it is sent.
      const day = page.getByLabel('Ausführungstag');
      await expect(day).toHaveValue(/^\d{2}\.\d{2}\.\d{4}$/);
      const runsBefore = await page.getByTestId('run-row').count();
      await day.fill(`31.02.${year + 1}`);
      await page.getByRole('button', { name: 'Zahllauf erstellen' }).click();
      await expect(page.getByText('Bitte ein gültiges Datum als TT.MM.JJJJ eingeben')).toBeVisible();
      await expect(day).toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByTestId('run-row')).toHaveCount(runsBefore);
      await day.fill(`1503${year + 1}`);
      await expect(page.getByText('Bitte ein gültiges Datum')).toHaveCount(0);
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await expect(page.getByLabel('Execution day')).toHaveValue(`15/03/${year + 1}`);
      await expect(page.getByLabel('Execution day')).toHaveAttribute('placeholder', 'DD/MM/YYYY');
      await page.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
      await expect(day).toHaveValue(`15.03.${year + 1}`);
      await page.getByRole('button', { name: 'Zahllauf erstellen' }).click();
      const run = page.getByTestId('run-row').first();
      await expect(run).toContainText(`15.03.${year + 1}`);
      await expect(run).toContainText('30,00 €');
      const [download] = await Promise.all([page.waitForEvent('download'), run.getByRole('link', { name: 'pain.001 herunterladen' }).click()]);
      const xml = readFileSync((await download.path())!, 'utf8');
      expect(checkPain001(xml)).toMatchObject({ transactions: 1, totalCents: 3000, creditorIbans: ['DE89370400440532013000'] });
      // Well-formed XML as the browser's own parser reads it, in the namespace of pain.001.001.09.
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        return { error: doc.getElementsByTagName('parsererror').length, ns: doc.documentElement.namespaceURI, ctrl: doc.getElementsByTagName('CtrlSum')[0]?.textContent };
      }, xml);
      expect(parsed).toEqual({ error: 0, ns: 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09', ctrl: '30.00' });
      await run.getByRole('button', { name: 'Als ausgezahlt markieren' }).click();
      await expect(page.getByTestId('payout-row').filter({ hasText: kvnr })).toContainText('ausgezahlt');
      const [tax] = await Promise.all([page.waitForEvent('download'), page.getByTestId('run-row').first().getByRole('link', { name: 'Steuermeldung (CSV)' }).click()]);
      expect(readFileSync((await tax.path())!, 'utf8')).toContain(`${kvnr};Müller;Hans-Jürgen;1967-03-12;${year};3000;`);
      await checkDeskScreen(page, testInfo, `bo-payouts-paid-${database}`);
      await signOut(page);

      // A reviewer sees no payout page; the API says no too.
      await signIn(page, central, 'reviewer', keys);
      await expect(page.getByRole('link', { name: 'Auszahlungen' })).toHaveCount(0);
      await page.goto(`${central.url}/bo/#/payouts`);
      await expect(page.getByRole('alert')).toHaveText('Ihre Rolle erlaubt diese Seite nicht.');
      expect((await page.request.get(`${central.url}/bo/api/payouts`)).status()).toBe(403);
      await signOut(page);
      // A station admin cannot decide a submission.
      await signIn(page, central, 'admin', keys);
      await expect(page.getByRole('link', { name: 'Prüfung' })).toHaveCount(0);
      const csrf = await page.evaluate(async () => ((await (await fetch('./api/session')).json()) as { csrfToken: string }).csrfToken);
      const attempt = await page.request.post(`${central.url}/bo/api/review/submissions/${application.id}/decision`, { headers: { 'x-csrf-token': csrf, origin: central.url }, data: { fields: [], whole: 'accepted' } });
      expect(attempt.status()).toBe(403);
      await signOut(page);
    });

    test('the fleet view shows a station that stopped syncing, alerts about it, and revokes it', async ({ page }, testInfo) => {
      test.setTimeout(240_000);
      test.skip(!kiosk, 'the kiosk of the first test did not start');
      await signIn(page, central, 'admin', keys);
      await expect(page.getByRole('heading', { name: 'Stationen', level: 1 })).toBeVisible();
      const row = page.getByTestId(`station-kiosk-bo-${database}`);
      // The running kiosk has sent its heartbeat: branch, version, reader state (the page refreshes itself).
      await expect(row).toContainText('Stuttgart Mitte', { timeout: 90_000 });
      await expect(row).toContainText(/(bereit|belegt|fehlt) \/ /);
      // The kiosk stops: after the silent time the page (refreshed) and the monitoring endpoint say so.
      await kiosk!.stop();
      kiosk = undefined;
      await expect(async () => {
        await page.reload();
        await expect(page.getByTestId(`station-kiosk-bo-${database}`)).toContainText('meldet sich nicht');
      }).toPass({ timeout: 60_000 });
      await checkDeskScreen(page, testInfo, `bo-fleet-${database}`);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByTestId(`station-kiosk-bo-${database}`).getByRole('button', { name: /Sperren/ }).click();
      await expect(page.getByTestId(`station-kiosk-bo-${database}`)).toContainText('gesperrt am');
      expect(await central.admin('GET', '/v1/admin/stations')).toMatchObject({ stations: expect.arrayContaining([expect.objectContaining({ stationId: `kiosk-bo-${database}`, revokedAt: expect.any(String) })]) });
    });
  });
}
