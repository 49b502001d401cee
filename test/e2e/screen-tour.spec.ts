import { expect, test, type Page } from '@playwright/test';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import { realCardStack } from './real-card-stack';
import { shoot } from './screen-tour';
import { startStation, type RunningStation } from './station-host';

/**
 * The screen tour: every screen of every mode, in German and English, at every size its
 * station is made for (kiosk 1920×1080, 1080×1920, 1280×1024; clerk and field 1920×1080 and
 * 1366×768), saved as test-results/screens/<mode>-<screen>-<lang>-<w>x<h>.png and checked:
 * axe on each; kiosk and clerk pictures exactly the window (no page scroll); kiosk targets at
 * least 48×48 px with 8 px between them and text at least 18 px.
 */
let station: RunningStation | undefined;
test.afterEach(async () => {
  await station?.stop();
  station = undefined;
});

/** Collects the problems of a walk and fails once at its end, listing all of them. */
function collector() {
  const problems: string[] = [];
  return {
    async shoot(page: Page, mode: Parameters<typeof shoot>[1], screen: string, options?: Parameters<typeof shoot>[3]) {
      problems.push(...(await shoot(page, mode, screen, options)));
    },
    assertNone() {
      expect(problems, 'screen problems').toEqual([]);
    },
  };
}

test.describe('kiosk: the card screens', () => {
  const slot = realCardStack('screen tour: kiosk card screens');

  test('idle, reading, identify, wrong answer, locked, refused cards', async ({ page }) => {
    test.setTimeout(240_000);
    const tour = collector();
    station = await startStation({ mode: 'kiosk', branch: 'Stuttgart Mitte', kiosk: { appInstallUrl: 'https://app.bonus-abc.example/install' } });
    await page.goto(station.url);
    await expect(page.getByTestId('status-card')).toHaveText('Kartenleser: bereit');
    await tour.shoot(page, 'kiosk', 'idle');

    await slot.insert(new EgkCardProgram(virtualCard('mueller').image));
    await expect(page.getByTestId('identify-form')).toBeVisible();
    await tour.shoot(page, 'kiosk', 'identify');
    await page.getByLabel('Postleitzahl').fill('80331');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect(page.getByRole('alert')).toContainText('Die Angabe stimmt nicht');
    await tour.shoot(page, 'kiosk', 'identify-wrong');
    for (const code of ['11111', '22222']) {
      await page.getByLabel('Postleitzahl').fill(code);
      await page.getByRole('button', { name: 'Bestätigen' }).click();
    }
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Diese Karte ist vorübergehend gesperrt');
    await tour.shoot(page, 'kiosk', 'locked');
    await slot.remove();
    await expect(page.getByTestId('kiosk-start')).toBeVisible();

    await slot.insert(new EgkCardProgram(virtualCard('other-insurer').image));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sie sind bei einer anderen Krankenkasse versichert');
    await tour.shoot(page, 'kiosk', 'refused-other-insurer');
    await slot.remove();
    await slot.insert(new EgkCardProgram(virtualCard('cover-ended').image));
    await expect(page.getByRole('heading', { level: 1 })).toContainText('endete am');
    await tour.shoot(page, 'kiosk', 'refused-cover-ended');
    await slot.remove();
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
    tour.assertNone();
  });
});
