import { expect, test, type Page } from '@playwright/test';
import { Enrollment, EnrollmentToken, IdentityCheckResult } from '../../main/contract/service-api';
import { ServiceClient } from '../../main/sync/service-client';
import { generateStationKey, loadPrivateKey } from '../../main/sync/station-key';
import { startCentralService, type CentralService } from './central-service';
import { shoot } from './screen-tour';
import { startStation, type RunningStation } from './station-host';

/**
 * A member locked out of the kiosk (three wrong answers to the second factor, counted by the
 * reference service in its own process) comes to the branch: the clerk's member desk shows the
 * lock and its end, and the clerk lifts it with the keyboard alone after confirming the photo
 * ID; with the service gone the lift says so and the lock stays. The desk with the lock shown is
 * photographed with the screen tour's camera (clerk sizes, both languages, no page scroll, axe):
 * test-results/screens/clerk-member-kiosk-locked-*.
 */
const clerk = { id: 'c.mueller', name: 'Claudia Müller', role: 'clerk' as const, password: 'Sommer-Kaffee-42' };
const member = { kvnr: 'A123457895', cardNumber: '80276883110000012345', firstName: 'Hans-Jürgen', lastName: 'Müller', birthDate: '1967-03-12', postalCode: '70173' };

let central: CentralService;
let station: RunningStation;
let kiosk: ServiceClient;

/** A kiosk's signed service client (a fresh key enrolled as a kiosk): what a kiosk sends when a member answers. */
async function kioskClient(): Promise<ServiceClient> {
  const stationId = 'kiosk-lock-e2e';
  const { token } = EnrollmentToken.parse(await central.admin('POST', '/v1/admin/enrollment-tokens', { stationId, mode: 'kiosk', branch: 'Berlin Mitte' }));
  const key = generateStationKey();
  const enrolled = await fetch(`${central.url}/v1/stations/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, stationId, mode: 'kiosk', publicKey: key.publicKeyBase64 }) });
  Enrollment.parse(await enrolled.json());
  return new ServiceClient({ baseUrl: central.url }, { stationId, privateKey: loadPrivateKey(key.privateKeyDer) });
}
const answer = (postalCode: string) => kiosk.json('POST', '/v1/members/identity-check', IdentityCheckResult, { kvnr: member.kvnr, cardNumber: member.cardNumber, factor: 'postalCode', answer: postalCode });
async function lockOut(): Promise<string> {
  expect(await answer('11111')).toEqual({ outcome: 'refused', attemptsLeft: 2 });
  expect(await answer('22222')).toEqual({ outcome: 'refused', attemptsLeft: 1 });
  const third = await answer('33333');
  if (third.outcome !== 'locked') throw new Error(`not locked: ${JSON.stringify(third)}`);
  return third.lockedUntil;
}
/** "12.07.2026, 14:32": the lock's end as the German desk writes it (Berlin time). */
const germanEnd = (iso: string) => new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(new Date(iso));

async function pick(page: Page) {
  const form = page.getByTestId('pick-by-kvnr');
  await form.getByLabel('Krankenversichertennummer (KVNR)').fill(member.kvnr);
  await form.getByLabel('Geburtsdatum').fill('12.03.1967');
  await form.getByRole('button', { name: 'Mitglied übernehmen' }).click();
  await expect(page.getByTestId('picked-kvnr')).toHaveText(member.kvnr);
}

/** Tab through the page (bounded) until the lift button has the focus: reachable without the mouse. */
async function tabToLift(page: Page) {
  const lift = page.getByTestId('kiosk-lock-lift');
  for (let i = 0; i < 40 && !(await lift.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(lift).toBeFocused();
}

/** Enter on the lift button, Space on the photo-ID checkbox (focused), Tab to "Sperre jetzt aufheben", Enter. */
async function liftByKeys(page: Page) {
  await tabToLift(page);
  await page.keyboard.press('Enter');
  const idChecked = page.getByLabel('Lichtbildausweis geprüft', { exact: false });
  await expect(idChecked).toBeFocused();
  await page.keyboard.press('Space');
  await expect(idChecked).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Sperre jetzt aufheben' })).toBeFocused();
  await page.keyboard.press('Enter');
}

test.describe('the clerk desk lifts a kiosk lock', () => {
  test.setTimeout(300_000);
  test.use({ viewport: { width: 1920, height: 1080 } });
  test.beforeEach(async () => {
    central = await startCentralService();
    await central.seedMember(member);
    kiosk = await kioskClient();
  });
  test.afterEach(async () => {
    kiosk?.close();
    await station?.stop();
    await central?.close();
  });

  test('shows the lock with its end, lifts it by keys after the photo ID, and the kiosk lets the member in; offline it says so and the lock stays', async ({ page }) => {
    const lockedUntil = await lockOut();
    station = await startStation({ mode: 'clerk', branch: 'Berlin Mitte', ...central.stationConfig('clerk-lock-e2e') }, {}, [clerk]);
    await central.enroll(station);
    await page.goto(await station.launchUrl());
    await page.getByLabel('Kennung').fill(clerk.id);
    await page.getByLabel('Passwort').fill(clerk.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('tab', { name: /Mitglied & Hefte/ }).click();
    await pick(page);

    await expect(page.getByTestId('kiosk-lock-state')).toHaveText(`Kiosk-Anmeldung gesperrt bis ${germanEnd(lockedUntil)}`);
    expect(await shoot(page, 'clerk', 'member-kiosk-locked')).toEqual([]);
    await expect(page.getByTestId('kiosk-lock-state')).toHaveText(`Kiosk-Anmeldung gesperrt bis ${germanEnd(lockedUntil)}`);

    // Escape takes the confirm step back and the focus to the lift button; nothing is sent.
    await tabToLift(page);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('kiosk-lock-confirm')).toBeVisible();
    // Without the checkbox the confirm button cannot be reached or pressed.
    await expect(page.getByRole('button', { name: 'Sperre jetzt aufheben' })).toBeDisabled();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('kiosk-lock-confirm')).toHaveCount(0);
    await expect(page.getByTestId('kiosk-lock-lift')).toBeFocused();
    expect((await answer(member.postalCode)).outcome).toBe('locked');

    await liftByKeys(page);
    await expect(page.getByTestId('kiosk-lock-lifted')).toHaveText('Die Sperre ist aufgehoben. Das Mitglied kann sich am Kiosk wieder anmelden.');
    await expect(page.getByTestId('kiosk-lock-state')).toHaveText('Die Kiosk-Anmeldung ist nicht gesperrt.');
    expect(await answer(member.postalCode)).toEqual({ outcome: 'confirmed' });

    // Locked again, picked again, and the service goes away before the clerk lifts it.
    await lockOut();
    await page.getByRole('button', { name: 'Anderes Mitglied wählen' }).click();
    await pick(page);
    await expect(page.getByTestId('kiosk-lock-state')).toContainText('Kiosk-Anmeldung gesperrt bis');
    await central.stop();
    await liftByKeys(page);
    await expect(page.getByTestId('kiosk-lock').getByRole('alert')).toHaveText('Keine Verbindung zum Bonus-Service – die Sperre kann nur online aufgehoben werden.');
    // The confirm step stays for a second try once the service is back; nothing changed there.
    await expect(page.getByLabel('Lichtbildausweis geprüft', { exact: false })).toBeChecked();
    await central.start();
    expect((await answer(member.postalCode)).outcome).toBe('locked');
  });
});
