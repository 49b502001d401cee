import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// @ts-expect-error plain ESM helper without types
import { electronBinary } from '../../scripts/electron-binary.mjs';

/**
 * The real Electron app. These specs run wherever the Electron binary is installed; on machines
 * that cannot download it (like this project's CI) they are skipped with the reason below, and
 * the same renderer and main code is covered through the loopback host in test/e2e.
 */
const binary: string | null = electronBinary();
const reason = 'Electron binary not installed (its download host is unreachable here); the same app is tested end to end through the loopback host in test/e2e';
const root = resolve(import.meta.dirname, '../..');
if (!binary) console.log(`[skipped] Electron app specs: ${reason}`);

test.describe('Electron app', () => {
  test.skip(!binary, reason);

  test('opens one sandboxed, context-isolated window on the kiosk start screen', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'bonus-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(root, 'out/main/index.js'), `--user-data-dir=${userData}`],
      env: { ...process.env, BONUS_STATION_CONFIG: '' },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByTestId('kiosk-start')).toBeVisible();
      expect(app.windows()).toHaveLength(1);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((window as unknown as { bonusStation: { methods: object } }).bonusStation.methods))).toContain('getStationInfo');
      // Sandboxed and isolated: no Node globals in the page, and the preload's world is not the page's.
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => Object.isFrozen((window as unknown as { bonusStation: object }).bonusStation))).toBe(true);
      expect(page.url()).toMatch(/^app:\/\/bonus\//);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });

  test('refuses to open new windows and to navigate away', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'bonus-electron-'));
    const app = await electron.launch({ executablePath: binary!, args: [join(root, 'out/main/index.js'), `--user-data-dir=${userData}`] });
    try {
      const page = await app.firstWindow();
      await page.evaluate(() => window.open('https://example.org'));
      await page.evaluate(() => (location.href = 'https://example.org'));
      await page.waitForTimeout(500);
      expect(app.windows()).toHaveLength(1);
      expect(page.url()).toMatch(/^app:\/\/bonus\//);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
