import { expect, test } from '@playwright/test';
import { touchTargetProblems } from './screen-tour';

/**
 * The screen tour's finger rule (48×48 CSS px, 8 px apart) on pages made for it: it must find
 * a small or crowded control, and pass a proper one, or the tour's "no problems" means nothing.
 */
test.describe('the touch target check', () => {
  test('finds a control under 48 px and two closer than 8 px; passes 48 px targets 8 px apart', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 1024 });
    await page.setContent(`<main style="font: 18px sans-serif">
      <button style="width: 120px; height: 40px">Klein</button>
      <div style="margin-top: 40px"><button style="width: 120px; height: 56px">Links</button><button style="width: 120px; height: 56px; margin-left: 4px">Rechts</button></div>
    </main>`);
    const problems = await touchTargetProblems(page);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^target too small: button "Klein" 120×40$/), expect.stringMatching(/^targets closer than 8 px \(4\): button "Links" \/ button "Rechts"$/)]));
    expect(problems).toHaveLength(2);

    await page.setContent(`<main style="font: 18px sans-serif">
      <button style="width: 48px; height: 48px">A</button><button style="width: 48px; height: 48px; margin-left: 8px">B</button>
      <input aria-label="Feld" style="display: block; margin-top: 8px; width: 200px; height: 48px; box-sizing: border-box">
    </main>`);
    expect(await touchTargetProblems(page)).toEqual([]);
  });

  test('does not count a control hidden under a modal backdrop, nor one hidden from everyone', async ({ page }) => {
    await page.setContent(`<main>
      <button style="width: 20px; height: 20px">Darunter</button>
      <button hidden style="width: 20px; height: 20px">Versteckt</button>
      <div style="position: fixed; inset: 0; background: rgba(0,0,0,.5)"></div>
    </main>`);
    expect(await touchTargetProblems(page)).toEqual([]);
  });
});
