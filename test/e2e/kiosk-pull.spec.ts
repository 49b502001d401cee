import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificatePhoto } from '../support/imaging/fixtures';
import { writeFakeCameraFile } from '../support/fake-camera';
import { virtualCard } from '../virtual-egk/cards';
import { EgkCardProgram } from '../virtual-egk/egk-card';
import type { VirtualCardSlot } from '../virtual-egk/vpcd-link';
import { addDatedEntry, declareParticipation, fakeCameraBrowser, insertAndConfirm, setDate, startProof, submitOneProof } from './kiosk-member';
import { realCardStack } from './real-card-stack';
import { startStation, type RunningStation } from './station-host';
import { stationOnTestDay, year } from './test-day';

/**
 * "Card out → gone" at every step of the member's flow: the card is pulled during identify, on
 * the participation panel, on the overview, in camera capture (Chromium's fake camera), with
 * proofs not yet submitted, and on the receipt. Each time the idle screen comes back, and nothing
 * of the person (name, KVNR, birth date, initials, postal code, address, card number) is left
 * in the DOM, in the page's window properties, in React's component state (both fiber buffers),
 * or in session/local storage, IndexedDB or Cache Storage.
 *
 * The kiosk's documented rule for unsent proofs (main/kiosk/evidence-drafts.ts): they live in main
 * memory only and are dropped with the session; so they are neither kept for the member's next
 * insertion nor ever submitted, for this member or the next one.
 */
const mueller = virtualCard('mueller');
const person = { kvnr: mueller.expect.outcome === 'ready' ? mueller.expect.kvnr : '', name: 'Müller', first: 'Hans-Jürgen' };
const secrets = [person.kvnr, person.name, person.first, '12.03.1967', '1967-03-12', '19670312', 'H. M.', '70173', 'Königstraße', 'Stuttgart', '80276883110000012345'];
/**
 * How long the spec waits for the idle screen. It is not a target: how fast the idle screen is
 * back is measured in bench/kiosk-card.bench.ts (target 300 ms). Here, on two cores shared with
 * Chromium and the test runner, a tight bound is a timing assertion that a slow machine misses.
 */
const idleWithin = 15_000;
const dir = mkdtempSync(join(tmpdir(), 'bonus-pull-'));
let station: RunningStation;
let browser: Browser;

type Reachable = { where: string; text: string }[];
type ScanArg = { baseline: string[]; mode: 'now' | 'atIdleScreen' };

/**
 * Runs in the page: every string it can still reach. `now`: the DOM, new window properties,
 * React's fibers (current and alternate), storage and caches, as they are. `atIdleScreen`: the
 * synchronous part of that (no storage), taken in the microtask right after the DOM mutation that
 * puts the idle screen up, before any other task of the page runs; that is the earliest moment
 * anything (a screen reader, an extension, this spec's next call) could look.
 */
const scanPage = ({ baseline, mode }: ScanArg): Promise<Reachable> | { snapshot: Promise<Reachable> } => {
  const scanSync = () => {
    const found: { where: string; text: string }[] = [];
    const seen = new WeakSet<object>();
    const collect = (where: string, root: unknown, limit = 200_000) => {
      const stack: unknown[] = [root];
      let visited = 0;
      while (stack.length > 0 && visited < limit) {
        const value = stack.pop();
        visited++;
        if (typeof value === 'string') {
          found.push({ where, text: value });
          continue;
        }
        if (value === null || typeof value !== 'object' || seen.has(value) || value instanceof Node || value === window) continue;
        seen.add(value);
        for (const key of Object.keys(value)) {
          try {
            stack.push((value as Record<string, unknown>)[key]);
          } catch {
            /* a getter that throws */
          }
        }
      }
    };
    found.push({ where: 'DOM', text: document.documentElement.outerHTML });
    found.push({ where: 'title', text: document.title });
    const known = new Set(baseline);
    for (const key of Object.keys(window)) if (!known.has(key)) collect(`window.${key}`, (window as unknown as Record<string, unknown>)[key]);
    const root = document.getElementById('root') as (HTMLElement & Record<string, unknown>) | null;
    const containerKey = root ? Object.keys(root).find((k) => k.startsWith('__reactContainer$')) : undefined;
    const hostFiber = containerKey ? (root![containerKey] as { stateNode?: { current?: unknown } }) : undefined;
    const fibers: unknown[] = [];
    const walk = (fiber: unknown, depth = 0) => {
      if (!fiber || typeof fiber !== 'object' || depth > 500 || fibers.includes(fiber)) return;
      fibers.push(fiber);
      const f = fiber as { child?: unknown; sibling?: unknown; alternate?: unknown };
      walk(f.alternate, depth + 1);
      walk(f.child, depth + 1);
      walk(f.sibling, depth + 1);
    };
    walk(hostFiber?.stateNode?.current ?? hostFiber);
    for (const fiber of fibers) {
      const f = fiber as { memoizedProps?: unknown; memoizedState?: unknown; pendingProps?: unknown; updateQueue?: unknown };
      collect('react', [f.memoizedProps, f.memoizedState, f.pendingProps, f.updateQueue]);
    }
    return found;
  };
  if (mode === 'atIdleScreen') {
    const idleShown = () => document.querySelector('[data-testid="kiosk-start"]') !== null;
    if (idleShown()) return { snapshot: Promise.resolve<Reachable>([{ where: 'armed too late', text: 'the idle screen was already up' }]) };
    const snapshot = new Promise<Reachable>((resolve) => {
      const observer = new MutationObserver(() => {
        if (!idleShown()) return;
        observer.disconnect();
        resolve(scanSync());
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    return { snapshot };
  }
  return (async () => {
    const found = scanSync();
    for (const [where, storage] of [
      ['sessionStorage', sessionStorage],
      ['localStorage', localStorage],
    ] as const) {
      for (let i = 0; i < storage.length; i++) found.push({ where, text: `${storage.key(i)}=${storage.getItem(storage.key(i)!)}` });
    }
    for (const db of await indexedDB.databases()) found.push({ where: 'IndexedDB', text: db.name ?? '' });
    if ('caches' in window) {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) found.push({ where: 'CacheStorage', text: `${request.url} ${await (await cache.match(request))?.text()}` });
      }
    }
    return found;
  })();
};

/** Every string the page can still reach now. */
async function reachableText(page: Page, baselineKeys: string[]): Promise<Reachable> {
  const now = scanPage as (arg: ScanArg) => Promise<Reachable>;
  const arg: ScanArg = { baseline: baselineKeys, mode: 'now' };
  return page.evaluate(now, arg);
}

/** Arms a scan for the moment the idle screen appears; the returned function waits for its result. */
async function reachableAtIdleScreen(page: Page, baselineKeys: string[]): Promise<() => Promise<Reachable>> {
  const atIdleScreen = scanPage as (arg: ScanArg) => { snapshot: Promise<Reachable> };
  const arg: ScanArg = { baseline: baselineKeys, mode: 'atIdleScreen' };
  const armed = await page.evaluateHandle(atIdleScreen, arg);
  return async () => {
    const found = await armed.evaluate((a) => a.snapshot);
    await armed.dispose();
    return found;
  };
}

function leaksIn(texts: Reachable): string[] {
  return texts.flatMap(({ where, text }) => secrets.filter((s) => text.includes(s)).map((s) => `${where}: ${s}`));
}

async function expectNothingPersonal(page: Page, baselineKeys: string[]) {
  expect(leaksIn(await reachableText(page, baselineKeys)), 'personal data left after the card was pulled').toEqual([]);
}

async function pullAndCheck(page: Page, slot: VirtualCardSlot, baselineKeys: string[], shown = true) {
  if (shown) {
    // The detector itself works: with the member on screen it finds the name in the DOM and in React's state.
    const before = await reachableText(page, baselineKeys);
    const places = new Set(before.filter(({ text }) => text.includes(person.name)).map(({ where }) => where));
    expect([...places].sort()).toEqual(expect.arrayContaining(['DOM', 'react']));
  }
  const atIdleScreen = await reachableAtIdleScreen(page, baselineKeys);
  await slot.remove();
  await expect(page.getByTestId('kiosk-start')).toBeVisible({ timeout: idleWithin });
  // Already in the very task that puts the idle screen up, not only a moment later.
  expect(leaksIn(await atIdleScreen()), 'personal data reachable when the idle screen appeared').toEqual([]);
  await expectNothingPersonal(page, baselineKeys);
  await expect(page.getByText('Kartenleser: bereit')).toBeVisible();
}

async function openKiosk(): Promise<{ page: Page; baseline: string[] }> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(await station.launchUrl());
  await expect(page.getByText('Kartenleser: bereit')).toBeVisible();
  const baseline = await page.evaluate(() => Object.keys(window));
  return { page, baseline };
}



test.describe('card pulled at each step of the kiosk flow', () => {
  const slot = realCardStack('kiosk card-pull e2e');
  test.beforeAll(async () => {
    await writeFakeCameraFile(await certificatePhoto(1600, 1200), join(dir, 'certificate.y4m'));
    browser = await fakeCameraBrowser(join(dir, 'certificate.y4m'));
  });
  test.afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  test.beforeEach(async () => {
    station = await startStation({ mode: 'kiosk' }, stationOnTestDay);
  });
  test.afterEach(async () => {
    await station?.stop();
  });

  test('during identify, on the participation panel and on the overview', async () => {
    const { page, baseline } = await openKiosk();
    await slot.insert(new EgkCardProgram(mueller.image));
    await expect(page.getByLabel('Postleitzahl')).toBeVisible();
    await page.getByLabel('Postleitzahl').fill('7017');
    await pullAndCheck(page, slot, baseline, false);

    await insertAndConfirm(page, slot);
    await expect(page.getByTestId('participation')).toBeVisible();
    await expect(page.getByRole('heading', { name: /Dr\. Hans-Jürgen Müller/ })).toBeVisible();
    await pullAndCheck(page, slot, baseline);

    await insertAndConfirm(page, slot);
    await declareParticipation(page);
    await expect(page.getByTestId('field-8')).toBeVisible();
    await pullAndCheck(page, slot, baseline);
  });

  test('in camera capture, with a photo taken', async () => {
    const { page, baseline } = await openKiosk();
    await insertAndConfirm(page, slot);
    await declareParticipation(page);
    await startProof(page, 'Schutzimpfung');
    await setDate(page, 'Datum der Maßnahme', `${year}-01-15`);
    await page.getByRole('button', { name: 'Foto der Bescheinigung' }).click();
    await expect(page.getByLabel('Kamerabild')).toBeVisible();
    await page.getByRole('button', { name: 'Foto aufnehmen' }).click();
    await expect(page.getByRole('img', { name: 'Aufgenommenes Foto der Bescheinigung' })).toBeVisible();
    await pullAndCheck(page, slot, baseline);
    // The camera is released with the screen: no live track is left running for the next person.
    expect(await page.evaluate(() => document.querySelectorAll('video').length)).toBe(0);
  });

  test('with proofs not yet submitted: dropped with the session, never submitted, for this member or the next', async () => {
    const { page, baseline } = await openKiosk();
    await insertAndConfirm(page, slot);
    await declareParticipation(page);
    await addDatedEntry(page, 'Zahnvorsorge', `${year}-02-10`);
    await expect(page.getByTestId('drafts')).toContainText('Zahnvorsorge');
    await pullAndCheck(page, slot, baseline);

    // The same member again: the proof is gone, and was not submitted either.
    await insertAndConfirm(page, slot);
    await expect(page.getByTestId('field-12')).toBeVisible();
    await expect(page.getByTestId('drafts')).toHaveCount(0);
    await expect(page.getByTestId('field-12')).not.toContainText('in Prüfung');
    await pullAndCheck(page, slot, baseline);

    // The next person: nothing of the previous member's proofs reaches their booklet.
    await insertAndConfirm(page, slot, 'weissenfels', '01067');
    await expect(page.getByRole('heading', { name: /Weißenfels/ })).toBeVisible();
    await expect(page.getByTestId('drafts')).toHaveCount(0);
    await slot.remove();
    await expect(page.getByTestId('kiosk-start')).toBeVisible({ timeout: idleWithin });
  });

  test('on the receipt', async () => {
    const { page, baseline } = await openKiosk();
    await insertAndConfirm(page, slot);
    await declareParticipation(page);
    await addDatedEntry(page, 'Zahnvorsorge', `${year}-02-10`);
    await submitOneProof(page);
    await expect(page.getByTestId('receipt')).toContainText('H. M.');
    await pullAndCheck(page, slot, baseline);
  });
});
