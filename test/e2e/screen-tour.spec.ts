import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { certificatePhoto } from '../support/imaging/fixtures';
import { cupsTestEnvironment } from '../support/cups-env';
import { writeFakeCameraFile } from '../support/fake-camera';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { startCentralService, type CentralService } from './central-service';
import { scannedBookletPage } from './clerk-support';
import { addDatedEntry, fakeCameraBrowser, setDate, startProof, submitOneProof } from './kiosk-member';
import { realCardStack } from './real-card-stack';
import { shoot, showLanguage, type Mode } from './screen-tour';
import { stationCall, startStation, type RunningStation } from './station-host';
import { serviceOnTestDay, stationOnTestDay, year } from './test-day';

/**
 * The screen tour: every screen of every mode, in German and English, at every size its
 * station is made for (kiosk 1920×1080, 1080×1920, 1280×1024; clerk and field 1920×1080 and
 * 1366×768), saved as test-results/screens/<mode>-<screen>-<lang>-<w>x<h>.png and checked:
 * kiosk and clerk pictures exactly the window (no page scroll, no horizontal overflow), kiosk
 * targets at least 48×48 px with 8 px between them and text at least 18 px, axe once per
 * screen and language. Problems of a walk are collected and listed together at its end.
 * Two kiosk screens are taken by kiosk-second-factor.spec.ts with the same camera, where the
 * reference service is set up for them: approve-in-app and booklet-reduced-offline. The kiosk
 * (and the service beside it) run on the test day (test-day.ts), so the screens and the entries'
 * dates are the same on every real day of the year.
 */
const cups = cupsTestEnvironment();
const staffAdmin = { id: 'k.admin', name: 'Kai Admin', role: 'admin' as const, password: 'Stations-Info-2026' };
const clerk = { id: 'c.mueller', name: 'Claudia Müller', role: 'clerk' as const, password: 'Sommer-Kaffee-42' };
const fieldAdmin = { id: 'f.admin', name: 'Frieda Feld', role: 'admin' as const, password: 'Gesundheitstag-2026' };
const catalog = resolve(import.meta.dirname, '../../docs/examples/rule-set.signed-and-measured.json');
let station: RunningStation | undefined;
let central: CentralService | undefined;
let browser: Browser | undefined;
const dir = mkdtempSync(join(tmpdir(), 'bonus-tour-'));
test.afterEach(async () => {
  await station?.stop();
  station = undefined;
  await central?.close();
  central = undefined;
  await browser?.close();
  browser = undefined;
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Bounded waits: a click on a control that never comes fails within seconds, not at the 15-minute test timeout.
test.use({ actionTimeout: 20_000, navigationTimeout: 30_000 });

/**
 * Whether the element is on screen as the window opens it: inside the window and inside every
 * region around it that clips or scrolls, none of them scrolled, nothing lying over its middle.
 * Otherwise says where it hides.
 */
async function seenWithoutScrolling(element: Locator): Promise<string> {
  return element.evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return 'not shown';
    if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) return `outside the window (${Math.round(r.top)}-${Math.round(r.bottom)} of ${innerHeight})`;
    for (let up = el.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowY === 'visible' && style.overflowX === 'visible') continue;
      const box = up.getBoundingClientRect();
      const name = up.dataset.testid ?? `${up.tagName.toLowerCase()}.${[...up.classList].join('.')}`;
      if (up.scrollTop > 0 || up.scrollLeft > 0) return `inside ${name}, scrolled`;
      if (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5 || r.left < box.left - 0.5 || r.right > box.right + 0.5) return `cut off by ${name}`;
    }
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit && (el === hit || el.contains(hit)) ? 'seen' : 'covered';
  });
}

function collector(page: Page, mode: Mode) {
  const problems: string[] = [];
  return {
    async shoot(screen: string, options?: Parameters<typeof shoot>[3]) {
      problems.push(...(await shoot(page, mode, screen, options)));
    },
    assertNone() {
      expect(problems, 'screen problems').toEqual([]);
    },
  };
}

async function confirm(page: Page, slot: ReturnType<typeof realCardStack>, card = 'mueller', postalCode = '70173') {
  await slot.insert(new EgkCardProgram(virtualCard(card).image));
  await page.getByLabel('Postleitzahl').fill(postalCode);
  await page.getByRole('button', { name: 'Bestätigen' }).click();
  await expect(page.getByTestId('booklet')).toBeVisible();
}

async function cardOut(page: Page, slot: ReturnType<typeof realCardStack>) {
  await slot.remove();
  await expect(page.getByTestId('kiosk-start')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
}

test.describe('kiosk', () => {
  // Long: many pictures, and the shared vpcd readers may be busy with another suite first.
  test.describe.configure({ timeout: 900_000 });
  const slot = realCardStack('screen tour: kiosk');

  test('card screens: idle, identify, wrong answer, locked, refused cards, staff access', async ({ page }) => {
    const tour = collector(page, 'kiosk');
    station = await startStation({ mode: 'kiosk', branch: 'Stuttgart Mitte', kiosk: { appInstallUrl: 'https://app.bonus-abc.example/install' } }, stationOnTestDay, [staffAdmin]);
    await page.goto(await station.launchUrl());
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await tour.shoot('idle');

    await slot.insert(new EgkCardProgram(virtualCard('mueller').image));
    await expect(page.getByTestId('identify-form')).toBeVisible();
    await tour.shoot('identify');
    await page.getByLabel('Postleitzahl').fill('80331');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect(page.getByRole('alert')).toContainText('Die Angabe stimmt nicht');
    await tour.shoot('identify-wrong');
    for (const code of ['11111', '22222']) {
      await page.getByLabel('Postleitzahl').fill(code);
      await page.getByRole('button', { name: 'Bestätigen' }).click();
    }
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Diese Karte ist vorübergehend gesperrt');
    await tour.shoot('locked');
    await cardOut(page, slot);

    await slot.insert(new EgkCardProgram(virtualCard('other-insurer').image));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Diese Karte gehört zu einer anderen Krankenkasse');
    await tour.shoot('refused-other-insurer');
    await cardOut(page, slot);
    await slot.insert(new EgkCardProgram(virtualCard('cover-ended').image));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mit dieser Karte besteht kein Versicherungsschutz bei uns');
    await tour.shoot('refused-cover-ended');
    await cardOut(page, slot);

    // The staff's way in: the held program name, the sign-in on the screen keyboard, the station info.
    await page.keyboard.press('Control+Alt+s');
    await expect(page.getByTestId('staff-sign-in')).toBeVisible();
    await tour.shoot('staff-sign-in');
    await page.getByLabel('Kennung').fill(staffAdmin.id);
    await page.getByLabel('Passwort').fill(staffAdmin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByTestId('diagnostics')).toBeVisible();
    await tour.shoot('staff-diagnostics');
    await page.getByRole('button', { name: 'Zurück zum Start' }).click();
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
    tour.assertNone();
  });

  test('a member: booklet before and after the declaration, a field, capture, drafts, receipt, archive, larger text and high contrast, a child', async () => {
    await writeFakeCameraFile(await certificatePhoto(1600, 1200), join(dir, 'certificate.y4m'));
    browser = await fakeCameraBrowser(join(dir, 'certificate.y4m'));
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    const tour = collector(page, 'kiosk');
    const printer = cups.ok ? { receiptPrinter: { queue: cups.queue, cupsServer: cups.server } } : {};
    station = await startStation({ mode: 'kiosk', branch: 'Stuttgart Mitte', kiosk: { inactivityTimeoutSeconds: 3600, ...printer } }, stationOnTestDay);
    await page.goto(await station.launchUrl());
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await slot.insert(new EgkCardProgram(virtualCard('mueller').image));
    await page.getByLabel('Postleitzahl').fill('70173');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect(page.getByTestId('participation')).toBeVisible();
    await tour.shoot('booklet-not-declared');
    await page.getByTestId('field-12').getByRole('button').click();
    await expect(page.getByTestId('field-panel')).toBeVisible();
    await tour.shoot('field-panel-not-declared');
    await page.getByRole('button', { name: 'Schließen' }).click();
    await page.getByRole('button', { name: 'Auslegung der Bedingungen' }).click();
    await expect(page.getByTestId('terms-notes')).toBeVisible();
    await tour.shoot('terms-notes');
    await page.getByRole('button', { name: 'Schließen' }).click();
    await page.getByLabel(/willige in die Verarbeitung meiner Daten/).check();
    await page.getByRole('button', { name: 'Teilnahme erklären' }).click();
    await expect(page.getByTestId('participation')).toHaveCount(0);
    await tour.shoot('booklet');
    await page.getByTestId('field-12').getByRole('button').click();
    await tour.shoot('field-panel');

    // Capturing a proof: the date first, then the kind; the camera; a dated entry.
    await page.getByRole('button', { name: 'Nachweis hinzufügen: Zahnvorsorge' }).click();
    await expect(page.getByTestId('evidence-capture')).toBeVisible();
    await tour.shoot('capture-date');
    await setDate(page, 'Datum der Maßnahme', `${year}-02-10`);
    await page.getByRole('button', { name: 'Digitale Angabe mit Datum' }).click();
    await tour.shoot('capture-entry');
    await page.getByRole('button', { name: 'Angabe bestätigen' }).click();
    await startProof(page, 'Schutzimpfung');
    await setDate(page, 'Datum der Maßnahme', `${year}-01-15`);
    await page.getByRole('button', { name: 'Foto der Bescheinigung' }).click();
    await expect(page.getByLabel('Kamerabild')).toBeVisible();
    await page.getByRole('button', { name: 'Foto aufnehmen' }).click();
    await expect(page.getByRole('img', { name: 'Aufgenommenes Foto der Bescheinigung' })).toBeVisible();
    await tour.shoot('capture-photo');
    await page.getByRole('button', { name: 'Foto verwenden' }).click();
    await expect(page.getByTestId('drafts').locator('li')).toHaveCount(2);
    await tour.shoot('booklet-drafts');

    await page.getByRole('button', { name: '2 Nachweise einreichen' }).click();
    await expect(page.getByTestId('receipt-reference')).toBeVisible();
    await tour.shoot('receipt');
    if (cups.ok) {
      await page.getByRole('button', { name: 'Beleg drucken' }).click();
      await expect(page.getByTestId('print-state')).toContainText('gedruckt');
      await tour.shoot('receipt-printed');
    }
    await page.getByRole('button', { name: 'Zurück zum Bonusheft' }).click();
    await page.getByRole('button', { name: 'Meine Nachweise' }).click();
    await expect(page.getByTestId('archive')).toBeVisible();
    await page.getByRole('tab', { name: /Check/ }).click();
    await expect(page.getByTestId('archive-12')).toBeVisible();
    await tour.shoot('archive');
    await page.getByRole('button', { name: 'Zurück zum Bonusheft' }).click();

    // The display switches on every member screen, kept until the card is out.
    await page.getByRole('button', { name: /Größere Schrift/ }).click();
    await tour.shoot('booklet-larger-text');
    await page.getByRole('button', { name: /Hoher Kontrast/ }).click();
    await tour.shoot('booklet-larger-text-high-contrast');
    await page.getByRole('button', { name: /Größere Schrift/ }).click();
    await tour.shoot('booklet-high-contrast');
    await page.getByRole('button', { name: /Hoher Kontrast/ }).click();

    // A child's booklet: the parent swaps the cards.
    await page.getByRole('button', { name: 'Bonusheft meines Kindes (unter 15)' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bitte stecken Sie jetzt die Gesundheitskarte Ihres Kindes ein');
    await tour.shoot('child-card-wait');
    await slot.remove();
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await slot.insert(new EgkCardProgram(virtualCard('lena').image));
    await expect(page.getByTestId('booklet').locator('li')).toHaveCount(6);
    await tour.shoot('child-booklet');
    await page.getByRole('button', { name: 'Fertig – Sitzung beenden' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ihre Sitzung ist beendet. Vielen Dank!');
    await tour.shoot('ended');
    await cardOut(page, slot);
    tour.assertNone();
  });

  test('a member online: credited fields and news, payout, bank and address changes with the screen keyboard, the wait for the app', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    const tour = collector(page, 'kiosk');
    const mueller = virtualCard('mueller');
    central = await startCentralService({ env: serviceOnTestDay });
    await central.seedMember({
      kvnr: mueller.person!.kvnr,
      cardNumber: mueller.iccsn!,
      firstName: 'Hans-Jürgen',
      lastName: 'Müller',
      birthDate: '1967-03-12',
      postalCode: '70173',
      bank: { iban: 'DE89370400440532013000', accountHolder: 'Hans-Jürgen Müller' },
      participation: [{ year, program: 'adult', declaredAt: `${year}-01-10T09:00:00.000Z` }],
      credited: [{ year, measures: [1, 9] }],
    });
    await central.seedMember({ kvnr: 'B123457897', cardNumber: '80276001234567890999', firstName: 'Mia', lastName: 'Müller', birthDate: `${year - 8}-05-01`, parentKvnr: mueller.person!.kvnr });
    station = await startStation({ mode: 'kiosk', branch: 'Stuttgart Mitte', ...central.stationConfig('kiosk-tour'), kiosk: { inactivityTimeoutSeconds: 3600 } }, stationOnTestDay);
    await central.enroll(station);
    await page.goto(await station.launchUrl());
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    // A first visit submits a proof the insurer then rejects: the next visit has news.
    await confirm(page, slot);
    await addDatedEntry(page, 'Zahnvorsorge', `${year}-02-10`);
    await submitOneProof(page);
    await cardOut(page, slot);
    await central.syncNow(station);
    const [submission] = (await central.submissions('received')).filter((s) => s.kind === 'measures');
    await central.decide(submission!.id, { decision: 'rejected', reason: 'Datum nicht lesbar' });
    await central.syncNow(station);

    await confirm(page, slot);
    await expect(page.getByTestId('notifications')).toBeVisible();
    await expect(page.getByTestId('field-1')).toContainText('von der Krankenkasse anerkannt');
    await tour.shoot('booklet-online-news');
    await page.getByTestId('field-12').getByRole('button').click();
    await tour.shoot('field-panel-rejected');
    await page.getByRole('button', { name: 'Schließen' }).click();

    await page.getByRole('button', { name: 'Auszahlung und Bankverbindung' }).click();
    await expect(page.getByTestId('payout-application')).toBeVisible();
    await tour.shoot('payout');
    await page.getByRole('button', { name: 'Bankverbindung ändern' }).click();
    const keyboard = page.getByTestId('on-screen-keyboard');
    for (const key of 'DE0212030000') await keyboard.getByRole('button', { name: key, exact: true }).click();
    await tour.shoot('payout-bank-form');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await page.getByRole('button', { name: 'Adresse ändern' }).click();
    await page.getByLabel('Straße und Hausnummer').click();
    for (const key of 'Kö') await keyboard.getByRole('button', { name: key, exact: true }).click();
    await tour.shoot('payout-address-form');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await page.getByRole('button', { name: 'Bankverbindung ändern' }).click();
    await page.getByLabel('IBAN', { exact: true }).fill('DE02120300000000202051');
    await page.getByLabel('Kontoinhaberin oder Kontoinhaber').fill('Hans-Jürgen Müller');
    await page.getByRole('button', { name: 'Änderung senden' }).click();
    await expect(page.getByRole('heading', { name: 'Bitte bestätigen Sie die Änderung in Ihrer App' })).toBeVisible();
    await tour.shoot('payout-change-waiting');
    await page.getByRole('button', { name: 'Nicht mehr warten' }).click();
    await page.getByRole('button', { name: 'Zurück zum Bonusheft' }).click();
    await page.getByRole('button', { name: 'Bonusheft von Mia öffnen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Bonusheft von Mia');
    await tour.shoot('family-child-booklet');
    await cardOut(page, slot);
    tour.assertNone();
  });

  test('signed declaration and measured value: the BMI calculator, the signature pad, the name on the screen keyboard', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    const tour = collector(page, 'kiosk');
    station = await startStation({ mode: 'kiosk', kiosk: { ruleSetFiles: [catalog], inactivityTimeoutSeconds: 3600 } }, stationOnTestDay);
    await page.goto(await station.launchUrl());
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await confirm(page, slot);
    await page.getByLabel(/willige in die Verarbeitung meiner Daten/).check();
    await page.getByRole('button', { name: 'Teilnahme erklären' }).click();
    await startProof(page, 'Body-Mass-Index');
    await page.getByLabel('Körpergröße in cm').fill('178');
    await page.getByLabel('Gewicht in kg').fill('74,5');
    await expect(page.getByText('Ihr BMI: 23,5 kg/m²')).toBeVisible();
    await tour.shoot('capture-bmi');
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await startProof(page, 'Nichtraucher');
    await expect(page.getByRole('img', { name: 'Unterschriftenfeld' })).toBeVisible();
    await tour.shoot('capture-signature');
    await page.getByRole('button', { name: 'Mit Namen bestätigen' }).click();
    const keyboard = page.getByTestId('on-screen-keyboard');
    for (const key of 'Hans') await keyboard.getByRole('button', { name: key, exact: true }).click();
    await expect(page.getByLabel('Ihr Vor- und Nachname wie auf der Karte')).toHaveValue('Hans');
    await tour.shoot('capture-typed-name');
    await cardOut(page, slot);
    tour.assertNone();
  });

  test('the inactivity countdown and the session ended for inactivity', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    const tour = collector(page, 'kiosk');
    station = await startStation({ mode: 'kiosk', kiosk: { inactivityTimeoutSeconds: 60 } }, stationOnTestDay);
    await page.goto(await station.launchUrl());
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await confirm(page, slot);
    await expect(page.getByRole('alertdialog')).toBeVisible({ timeout: 60_000 });
    // Only one picture: the countdown runs out while it is taken.
    await tour.shoot('inactivity-warning', { languages: ['de'], sizes: [[1920, 1080]] });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ihre Sitzung wurde wegen Inaktivität beendet.', { timeout: 60_000 });
    await tour.shoot('ended-inactivity');
    await cardOut(page, slot);
    tour.assertNone();
  });
});

test.describe('clerk', () => {
  test.describe.configure({ timeout: 600_000 });

  test('sign-in, an empty batch, the scanner, verifying a page, zoom, the member desk, a booked batch', async ({ page }) => {
    const hotFolder = join(dir, 'hot');
    mkdirSync(hotFolder, { recursive: true });
    const tour = collector(page, 'clerk');
    station = await startStation({ mode: 'clerk', branch: 'Berlin Mitte', scanner: { sane: false, hotFolder } }, {}, [clerk]);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(await station.launchUrl());
    await expect(page.getByTestId('staff-sign-in')).toBeVisible();
    await tour.shoot('sign-in');
    await page.getByLabel('Kennung').fill(clerk.id);
    await page.getByLabel('Passwort').fill(clerk.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByTestId('staff-bar')).toBeVisible();
    await tour.shoot('verify-empty');
    await page.getByRole('tab', { name: /Scanner/ }).click();
    await expect(page.getByLabel('Gerät')).toContainText('hot');
    await tour.shoot('scanner');
    await page.getByRole('tab', { name: /Prüfen/ }).click();

    // Two pages of a booklet issued here (for this year: a desk issues new booklets for this year and the
    // next only): one clear, one with a pen stroke the recognition leaves to the clerk.
    const picked = await stationCall<{ member: { pickId: string } }>(page, 'clerkPickMemberByKvnr', { kvnr: 'A123457895', birthDate: '1980-04-02' });
    const { booklet } = await stationCall<{ booklet: { bookletId: string } }>(page, 'clerkIssueBooklet', { pickId: picked.member.pickId, year });
    writeFileSync(join(hotFolder, 'page-1.jpg'), await scannedBookletPage(booklet.bookletId, 1, { 0: 'stamp', 2: 'stamp', 3: 'stroke' }, 11, false, year));
    writeFileSync(join(hotFolder, 'page-2.jpg'), await scannedBookletPage(booklet.bookletId, 2, { 1: 'signature' }, 12, false, year));
    await page.getByRole('button', { name: 'Stapel scannen' }).click();
    await expect(page.getByTestId('batch-counts')).toContainText('2 Seiten: 2 erkannt', { timeout: 90_000 });
    await page.getByRole('button', { name: 'Seite 1 öffnen' }).click();
    await expect(page.getByTestId('field-4')).toHaveAttribute('data-decision', 'unsure');
    await tour.shoot('verify-page');
    // At 1366×768 the clerk sees the page large, every field and the accept button without scrolling anything.
    await page.setViewportSize({ width: 1366, height: 768 });
    for (const lang of ['de', 'en'] as const) {
      await showLanguage(page, lang);
      const image = await page.getByTestId('page-image').locator('image').boundingBox();
      expect.soft(image?.height ?? 0, `${lang}: page image height at 1366×768`).toBeGreaterThanOrEqual(480);
      for (const measure of [1, 2, 3, 4]) expect.soft(await seenWithoutScrolling(page.getByTestId(`field-${measure}`)), `${lang}: field ${measure}`).toBe('seen');
      expect.soft(await seenWithoutScrolling(page.getByRole('button', { name: lang === 'de' ? 'Alles übernehmen' : 'Accept all' })), `${lang}: accept button`).toBe('seen');
      // The key legend one line, and the way to all keys on screen.
      const legend = await page.getByTestId('shortcuts').boundingBox();
      expect.soft(legend?.height ?? 0, `${lang}: key legend height`).toBeLessThanOrEqual(36);
      expect.soft(await seenWithoutScrolling(page.getByRole('button', { name: lang === 'de' ? '? alle Tasten' : '? all keys' })), `${lang}: all keys`).toBe('seen');
      // Denser, but every control still a mouse target of at least 24×24 px.
      const small = await page.locator('body').evaluate((body) =>
        [...body.querySelectorAll<HTMLElement>('button, input, select, [role=tab]')]
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && r.height > 0 && (r.width < 23.5 || r.height < 23.5))
          .map(({ el, r }) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`),
      );
      expect.soft(small, `${lang}: clerk controls under 24 px`).toEqual([]);
    }
    await showLanguage(page, 'de');
    // ? unfolds the whole legend and folds it again, the keyboard staying on the page.
    const verifier = page.getByTestId('page-verifier');
    const nextPageKey = page.getByTestId('shortcuts').getByText('nächste Seite', { exact: true });
    await verifier.focus();
    await expect(nextPageKey).toBeHidden();
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts-toggle')).toHaveAttribute('aria-expanded', 'true');
    await expect(nextPageKey).toBeVisible();
    await expect(verifier).toBeFocused();
    await page.keyboard.press('?');
    await expect(nextPageKey).toBeHidden();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByTestId('page-verifier').focus();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await tour.shoot('verify-page-zoomed');
    // The pictures switched the language with the header's button, which took the focus: back to the page.
    await page.getByTestId('page-verifier').focus();
    await page.keyboard.press('0');
    await page.keyboard.press('l');
    await page.keyboard.press('a');
    await expect(page.getByRole('heading', { name: /Seite 2 prüfen/ })).toBeVisible();
    await page.keyboard.press('a');
    await expect(page.getByTestId('page-row-2')).toContainText('geprüft');
    await page.getByTestId('book-batch').click();
    await expect(page.getByTestId('booking-result')).toContainText('Gebucht');
    await tour.shoot('booked');

    await page.getByRole('tab', { name: /Mitglied & Hefte/ }).click();
    await tour.shoot('member-pick');
    const form = page.getByTestId('pick-by-kvnr');
    await form.getByLabel('Krankenversichertennummer (KVNR)').fill('A123457895');
    await form.getByLabel('Geburtsdatum').fill('02.04.1980');
    await form.getByRole('button', { name: 'Mitglied übernehmen' }).click();
    await page.getByRole('button', { name: 'Bonusheft erstellen' }).click();
    await expect(page.getByTestId('booklet-issued')).toBeVisible();
    await tour.shoot('member-booklet-issued');
    tour.assertNone();
  });
});

test.describe('field', () => {
  test.describe.configure({ timeout: 600_000 });
  const slot = realCardStack('screen tour: field');

  test('sign-in, the event picker, the desk, a check-in filling the screen, the summary', async ({ page }) => {
    const tour = collector(page, 'field');
    station = await startStation({ mode: 'field', branch: 'BGM Süd' }, {}, [fieldAdmin]);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(await station.launchUrl());
    await tour.shoot('sign-in');
    await page.getByLabel('Kennung').fill(fieldAdmin.id);
    await page.getByLabel('Passwort').fill(fieldAdmin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByLabel('Titel')).toBeVisible();
    await tour.shoot('event-picker');
    await page.getByLabel('Titel').fill('Gesundheitstag');
    await page.getByLabel('Unternehmen').fill('Muster AG');
    await page.getByRole('button', { name: 'Anlegen und auswählen' }).click();
    await expect(page.getByTestId('checkin')).toHaveText('Bitte Gesundheitskarte stecken …');
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await tour.shoot('desk');
    // The confirmation fills the screen for a moment: one picture of each kind.
    await slot.insert(new EgkCardProgram(virtualCard('mueller').image));
    await expect(page.getByTestId('checkin-flash')).toHaveAttribute('data-cue', 'checked-in');
    await tour.shoot('checked-in', { languages: ['de'], sizes: [[1920, 1080]] });
    await slot.remove();
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await slot.insert(new EgkCardProgram(virtualCard('lena').image));
    await expect(page.getByTestId('checkin-flash')).toHaveAttribute('data-cue', 'refused');
    await tour.shoot('refused', { languages: ['de'], sizes: [[1366, 768]] });
    await slot.remove();
    await expect(page.getByTestId('checkin-flash')).toHaveCount(0, { timeout: 10_000 });
    await tour.shoot('desk-after-check-ins');
    tour.assertNone();
  });
});
