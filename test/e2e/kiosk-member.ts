import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import type { VirtualCardSlot } from '../virtual-egk/vpcd-link';

/** The steps of the member's flow that most kiosk specs walk through before their own part. */

/** Debian's Chromium with its fake camera showing `file` (a y4m video, see test/support/fake-camera.ts). */
export function fakeCameraBrowser(file: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${file}`],
  });
}

/** Inserts the virtual card and answers the second factor (the postal code of Müller's card by default). */
export async function insertAndConfirm(page: Page, slot: VirtualCardSlot, card = 'mueller', postalCode = '70173') {
  await slot.insert(new EgkCardProgram(virtualCard(card).image));
  await page.getByLabel('Postleitzahl').fill(postalCode);
  await page.getByRole('button', { name: 'Bestätigen' }).click();
}

/** Gives the §284 consent and declares participation; the panel is gone afterwards. */
export async function declareParticipation(page: Page) {
  await page.getByLabel(/willige in die Verarbeitung meiner Daten/).check();
  await page.getByRole('button', { name: 'Teilnahme erklären' }).click();
  await expect(page.getByTestId('participation')).toHaveCount(0);
}

/** Opens the kiosk at `url`, waits for the reader, and brings Müller in as a participating member. */
export async function memberAtKiosk(page: Page, url: string, slot: VirtualCardSlot) {
  await page.goto(url);
  await expect(page.getByText('Kartenleser: bereit')).toBeVisible();
  await insertAndConfirm(page, slot);
  await declareParticipation(page);
}

/** Opens a field's tile in the booklet (e.g. 'Zahnvorsorge') and starts adding a proof from its panel. */
export async function startProof(page: Page, field: string) {
  await page.getByTestId('booklet').locator('li').filter({ has: page.getByText(field, { exact: true }) }).getByRole('button').click();
  await page.getByTestId('field-panel').getByRole('button', { name: `Nachweis hinzufügen: ${field}` }).click();
}

/**
 * Sets the touch date entry labelled `label` to `ymd` with its steppers, as a finger would: a
 * first tap starts from today, then months, then days.
 */
export async function setDate(page: Page, label: string, ymd: string) {
  const entry = page.getByRole('group', { name: label });
  if (!(await entry.getAttribute('data-value'))) await entry.getByRole('button', { name: 'Einen Tag später' }).click();
  const current = (await entry.getAttribute('data-value'))!;
  const months = (Number(ymd.slice(0, 4)) - Number(current.slice(0, 4))) * 12 + Number(ymd.slice(5, 7)) - Number(current.slice(5, 7));
  for (let i = 0; i < Math.abs(months); i++) await entry.getByRole('button', { name: months > 0 ? 'Einen Monat später' : 'Einen Monat früher' }).click();
  const now = (await entry.getAttribute('data-value'))!;
  const days = Number(ymd.slice(8, 10)) - Number(now.slice(8, 10));
  for (let i = 0; i < Math.abs(days); i++) await entry.getByRole('button', { name: days > 0 ? 'Einen Tag später' : 'Einen Tag früher' }).click();
  await expect(entry).toHaveAttribute('data-value', ymd);
}

/** Adds a digital entry with the date of the measure for a field (e.g. 'Zahnvorsorge'); the proof waits as a draft. */
export async function addDatedEntry(page: Page, field: string, date: string) {
  await startProof(page, field);
  await setDate(page, 'Datum der Maßnahme', date);
  await page.getByRole('button', { name: 'Digitale Angabe mit Datum' }).click();
  await page.getByRole('button', { name: 'Angabe bestätigen' }).click();
}

/** Submits the one waiting proof and waits for the receipt. */
export async function submitOneProof(page: Page) {
  await page.getByRole('button', { name: '1 Nachweis einreichen' }).click();
  await expect(page.getByTestId('receipt-reference')).toBeVisible();
}
