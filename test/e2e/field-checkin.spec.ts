import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { realCardStack } from './real-card-stack';
import { checkScreen } from './screen-check';
import { startStation, type RunningStation } from './station-host';

/** A field station at a company health day, offline, with the virtual eGK in the real pcscd. */
let station: RunningStation;
const admin = { id: 'f.admin', name: 'Frieda Feld', role: 'admin' as const, password: 'Gesundheitstag-2026' };

test.describe('field check-in', () => {
  const slot = realCardStack('field e2e');
  test.afterEach(async () => {
    await station?.stop();
  });

  test('a stream of cards: counted, duplicate, child, ended cover, wrong check digit, declared on the spot', async ({ page }, testInfo) => {
    station = await startStation({ mode: 'field', branch: 'BGM Süd' }, {}, [admin]);
    // Listen in on the desk's speaker: which waveform each cue starts (Web Audio, no files).
    await page.addInitScript(() => {
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
        heard.push(this.type);
        return start.apply(this, args);
      };
    });
    const heard = () => page.evaluate(() => (window as unknown as { heard: string[] }).heard.join(','));
    await page.goto(await station.launchUrl());
    await page.getByLabel('Kennung').fill(admin.id);
    await page.getByLabel('Passwort').fill(admin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByLabel('Titel')).toBeVisible();
    await checkScreen(page, testInfo, 'field-event-picker');
    await page.getByLabel('Titel').fill('Gesundheitstag');
    await page.getByLabel('Unternehmen').fill('Muster AG');
    await page.getByRole('button', { name: 'Anlegen und auswählen' }).click();
    await expect(page.getByTestId('checkin')).toHaveText('Bitte Gesundheitskarte stecken …');
    await expect(page.getByText('Kartenleser: bereit')).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

    /** Inserts a card, waits for the desk to show the expected outcome, and takes the card out. */
    const tap = async (name: string, expected: string) => {
      await slot.insert(new EgkCardProgram(virtualCard(name).image));
      await expect(page.getByTestId('checkin')).toContainText(expected);
      await slot.remove();
      // As at a real desk, the next card comes after pcscd has seen this one leave.
      await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    };
    await tap('mueller', 'eingecheckt – zählt als Maßnahme');
    await expect(page.getByTestId('checkin')).toContainText('H. M.');
    // The confirmation fills the screen for a moment, and "checked in" sounds rising (two sine tones).
    await expect(page.getByTestId('checkin-flash')).toHaveAttribute('data-cue', 'checked-in');
    await expect(page.getByTestId('checkin-flash')).toContainText('H. M.');
    await expect.poll(heard).toBe('sine,sine');
    await expect(page.getByTestId('checkin-flash')).toHaveCount(0, { timeout: 10_000 });
    await checkScreen(page, testInfo, 'field-desk-checked-in');
    await page.getByLabel(/willige in die Verarbeitung meiner Daten/).check();
    await page.getByRole('button', { name: 'Teilnahme erklären' }).click();
    await expect(page.getByText('Die Person kann sie jetzt erklären.')).toHaveCount(0);

    await tap('mueller', 'bereits eingecheckt');
    // "Already checked in" and "refused" each have their own sound.
    await expect.poll(heard).toBe('sine,sine,triangle,triangle');
    await tap('lena', 'nicht teilnahmeberechtigt');
    await expect.poll(heard).toBe('sine,sine,triangle,triangle,square,square');
    await expect(page.getByTestId('checkin-flash')).toHaveAttribute('data-cue', 'refused');
    // Switched off, the desk is silent; the confirmation still shows.
    await page.getByRole('button', { name: 'Töne' }).click();
    await expect(page.getByRole('button', { name: 'Töne' })).toHaveAttribute('aria-pressed', 'false');
    await tap('cover-ended', 'Versicherungsschutz beendet');
    await expect(page.getByTestId('checkin-flash')).toHaveAttribute('data-cue', 'refused');
    expect(await heard()).toBe('sine,sine,triangle,triangle,square,square');

    await page.getByText('Ohne Karte einchecken').click();
    await page.getByLabel('Versichertennummer').fill('A123457896');
    await page.getByLabel('Geburtsdatum').fill('1980-04-02');
    await page.getByRole('button', { name: 'Einchecken' }).click();
    await expect(page.getByTestId('checkin')).toContainText('Versichertennummer ungültig (Prüfziffer)');

    await expect(page.getByTestId('summary-recorded')).toHaveText('1');
    // Offline (no service configured): the one counted check-in waits in the outbox.
    await expect(page.getByTestId('field-waiting')).toHaveText('1 Vorgang wartet auf Übertragung');
    await page.getByText('Export für den Veranstalter').click();
    const csv = await page.getByTestId('summary-export').inputValue();
    expect(csv).toMatch(/^hour,checkins\n\d{4}-\d{2}-\d{2}T\d{2}:00Z,1$/);
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    for (const value of ['Müller', 'Özdemir', 'Hans-Jürgen', '70173']) expect(html).not.toContain(value);
    await checkScreen(page, testInfo, 'field-summary');
  });
});
