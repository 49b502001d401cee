import { expect, type Page, type TestInfo } from '@playwright/test';
import { totpCode } from '../../service/backoffice/auth/totp';
import { createPostgresDatabase } from '../support/postgres-database';
import type { CentralService } from './central-service';
import { checkScreen } from './screen-check';

/** The back office's people in the specs: one account per role, two payout officers for the four eyes. */
export const staff = {
  reviewer: { id: 'r.weber', name: 'Rita Weber', roles: ['reviewer'], password: 'Pruefen-ist-gut-42' },
  officer: { id: 'p.klein', name: 'Paul Klein', roles: ['payout-officer'], password: 'Zahlen-sind-gut-42' },
  officer2: { id: 'o.lange', name: 'Olga Lange', roles: ['payout-officer'], password: 'Vier-Augen-sehen-42' },
  admin: { id: 's.admin', name: 'Sven Admin', roles: ['station-admin'], password: 'Stationen-im-Blick-42' },
} as const;
export type StaffKey = keyof typeof staff;

/** A fresh PostgreSQL database on TEST_DATABASE_URL's server for one spec, or the reason there is none. */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> } | { skip: string }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    if (process.env.CI) throw new Error('CI is set but TEST_DATABASE_URL is missing: test/services/postgres.start.sh did not start PostgreSQL');
    return { skip: 'TEST_DATABASE_URL is not set (test/services/postgres.start.sh sets it; CI runs this)' };
  }
  return createPostgresDatabase(base, 'bonus_e2e');
}

/**
 * Signs a person in through the page as they would: name, password and the authenticator app's
 * code. `lastStep` keeps one code per 30-second step per person (a code is good once): a second
 * sign-in of the same person waits for a later step. The code is made for the very moment whose
 * step is recorded — made later, on a loaded machine, it could belong to the next step and be
 * that step's code used twice.
 */
const lastStep = new Map<string, number>();
export async function signIn(page: Page, central: CentralService, who: StaffKey, keys: Record<string, string>): Promise<void> {
  const account = staff[who];
  let at = Date.now();
  const used = lastStep.get(account.id);
  if (used !== undefined && Math.floor(at / 30_000) <= used) {
    await page.waitForTimeout((used + 1) * 30_000 - at + 200);
    at = Date.now();
  }
  lastStep.set(account.id, Math.floor(at / 30_000));
  const code = totpCode(keys[account.id]!, new Date(at));
  await page.goto(`${central.url}/bo/`);
  await page.getByLabel('Benutzername').fill(account.id);
  await page.getByLabel('Passwort').fill(account.password);
  await page.getByLabel('Code aus der Authenticator-App (6 Ziffern)').fill(code);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  // The password is checked with scrypt: on a loaded machine that takes a few seconds.
  await expect(page.getByText(account.name)).toBeVisible({ timeout: 30_000 });
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Anmeldung' })).toBeVisible({ timeout: 15_000 });
}

/** axe clean and a screenshot, at the two desk sizes, without horizontal overflow at either. */
export async function checkDeskScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1366, height: 768 },
  ]) {
    await page.setViewportSize(size);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${size.width}×${size.height} overflows horizontally`).toBeLessThanOrEqual(0);
    await checkScreen(page, testInfo, `${name}-${size.width}`);
  }
}
