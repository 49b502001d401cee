import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

/**
 * One screen of the station, checked and kept: axe-core (all its rules: WCAG 2.x A and AA and
 * best practices) must find no violation, and a full-page screenshot is attached to the test's
 * results as an artifact (test-results/, the report) whether or not the check passes, so every
 * screen of every flow can be looked at after a run.
 */
export async function checkScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // Fonts and layout settle before the picture and the contrast check.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Written into the test's output folder (kept in test-results/ after the run) and attached to the report.
  const path = testInfo.outputPath(`screen-${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await testInfo.attach(`screen-${name}`, { path, contentType: 'image/png' });
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations, `axe on the screen "${name}"`).toEqual([]);
}
