import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The screen tour's camera: one state of one screen, photographed at every size its station
 * is made for and in both languages, each picture checked. Pictures land in
 * test-results/screens/<mode>-<screen>-<lang>-<width>x<height>.png (full page).
 */
export type Mode = 'kiosk' | 'clerk' | 'field';
export const sizes: Record<Mode, readonly (readonly [number, number])[]> = {
  kiosk: [
    [1920, 1080],
    [1080, 1920],
    [1280, 1024],
  ],
  clerk: [
    [1920, 1080],
    [1366, 768],
  ],
  field: [
    [1920, 1080],
    [1366, 768],
  ],
};
const languages = ['de', 'en'] as const;
export const screensDir = resolve(import.meta.dirname, '../../test-results/screens');

export interface Shot {
  file: string;
  problems: string[];
}

/** Every interactive element on the page that a person can see, with its box. */
async function targets(page: Page) {
  return page.evaluate(() => {
    const selector = 'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [role=checkbox], [role=switch], [role=tab], [tabindex]:not([tabindex="-1"])';
    const found: { name: string; x: number; y: number; w: number; h: number; path: string }[] = [];
    const all = [...document.querySelectorAll<HTMLElement>(selector)];
    for (const el of all) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || el.closest('[hidden], [aria-hidden="true"]')) continue;
      // The skip link waits off-screen until it gets the keyboard focus.
      if (r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) continue;
      // A control inside another one (an input inside a labelled button) counts as the outer one.
      if (all.some((other) => other !== el && other.contains(el))) continue;
      // Under a modal panel's backdrop a control is out of the finger's reach: not a target now.
      const hit = document.elementFromPoint(Math.min(innerWidth - 1, r.left + r.width / 2), Math.min(innerHeight - 1, r.top + r.height / 2));
      if (hit && !el.contains(hit) && !hit.contains(el) && r.bottom <= innerHeight) continue;
      const name = (el.getAttribute('aria-label') ?? el.textContent ?? el.getAttribute('name') ?? el.tagName).trim().replace(/\s+/g, ' ').slice(0, 60);
      found.push({ name: `${el.tagName.toLowerCase()} "${name}"`, x: r.left, y: r.top, w: r.width, h: r.height, path: el.dataset.testid ?? '' });
    }
    return found;
  });
}

/** Kiosk rules for fingers: at least 48×48 CSS px, and 8 px between neighbours. */
export async function touchTargetProblems(page: Page): Promise<string[]> {
  const list = await targets(page);
  const problems: string[] = [];
  for (const t of list) if (t.w < 47.5 || t.h < 47.5) problems.push(`target too small: ${t.name} ${Math.round(t.w)}×${Math.round(t.h)}`);
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i]!;
      const b = list[j]!;
      const dx = Math.max(b.x - (a.x + a.w), a.x - (b.x + b.w));
      const dy = Math.max(b.y - (a.y + a.h), a.y - (b.y + b.h));
      const gap = Math.max(dx, dy);
      if (gap < 7.5) problems.push(`targets closer than 8 px (${Math.round(gap)}): ${a.name} / ${b.name}`);
    }
  }
  return problems;
}

/** Text a member reads: at least 18 px. */
async function smallTextProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('.visually-hidden, svg, [hidden], [aria-hidden="true"], .skip-link')) continue;
      const r = parent.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const size = parseFloat(getComputedStyle(parent).fontSize);
      if (size < 17.9) found.add(`text under 18 px (${size}px): "${text.slice(0, 40)}"`);
    }
    return [...found];
  });
}

/**
 * Content cut off at the side: a region of the clerk's application that scrolls or clips on its
 * own (the queue, the field list) may scroll down, but nothing in it may be wider than the region,
 * or a column (the queue's "Öffnen") is hidden behind a sideways scroll the page check cannot see.
 */
async function sidewaysProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      if (el.matches('input, textarea, select, .visually-hidden') || el.closest('[hidden], .visually-hidden')) continue;
      const overflowX = getComputedStyle(el).overflowX;
      if (overflowX === 'visible') continue;
      if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
      const name = el.dataset.testid ?? el.getAttribute('aria-label') ?? `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
      found.push(`content ${el.scrollWidth - el.clientWidth} px wider than its region "${name}" (${el.clientWidth} px): cut off or scrolls sideways`);
    }
    return found;
  });
}

/** The language switch in the header, to the language wanted. */
export async function showLanguage(page: Page, lang: 'de' | 'en') {
  if ((await page.locator('html').getAttribute('lang')) === lang) return;
  await page.getByRole('button', { name: lang === 'en' ? 'Switch to English' : 'Auf Deutsch umschalten' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/**
 * Photographs and checks one screen state. For kiosk and clerk: the full-page picture must be
 * exactly the window (no page scroll, no horizontal overflow). Kiosk: touch targets and text
 * sizes too. axe-core (WCAG 2.x A/AA and best practice) on every picture. Problems are
 * collected for all pictures first, so one run shows them all; the caller asserts on them.
 */
export async function shoot(
  page: Page,
  mode: Mode,
  screen: string,
  options: {
    languages?: readonly ('de' | 'en')[];
    sizes?: readonly (readonly [number, number])[];
    settle?: (page: Page) => Promise<void>;
  } = {},
): Promise<string[]> {
  mkdirSync(screensDir, { recursive: true });
  const problems: string[] = [];
  const before = page.viewportSize();
  for (const lang of options.languages ?? languages) {
    await showLanguage(page, lang);
    const shown = options.sizes ?? sizes[mode];
    for (const [width, height] of shown) {
      await page.setViewportSize({ width, height });
      await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
      await options.settle?.(page);
      const file = join(screensDir, `${mode}-${screen}-${lang}-${width}x${height}.png`);
      const where = `${mode}-${screen}-${lang}-${width}x${height}`;
      const s0 = Date.now();
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      if (process.env.TOUR_TIMING) console.log(where, 'shot ms', Date.now() - s0);
      if (mode !== 'field') {
        const extent = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
        if (extent.w > width || extent.h > height) problems.push(`${where}: page is ${extent.w}×${extent.h}, scrolls beyond the window`);
        // The clerk's regions (queue, fields) scroll on their own, so a column cut off there is not a page scroll.
        // At the kiosk nothing scrolls on its own; a tile title shortened with "…" at larger text is meant (its panel says it in full).
        if (mode === 'clerk') for (const p of await sidewaysProblems(page)) problems.push(`${where}: ${p}`);
      }
      if (mode === 'kiosk') {
        for (const p of await touchTargetProblems(page)) problems.push(`${where}: ${p}`);
        for (const p of await smallTextProblems(page)) problems.push(`${where}: ${p}`);
      }
      // axe once per screen state and language, at the station's first size: its rules (names,
      // roles, contrast, landmarks) do not change with the window here, and one run costs seconds.
      if (width === shown[0]![0] && height === shown[0]![1]) {
        const t0 = Date.now();
        const axe = await new AxeBuilder({ page }).analyze();
        if (process.env.TOUR_TIMING) console.log(where, 'axe ms', Date.now() - t0);
        for (const v of axe.violations) problems.push(`${where}: axe ${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
  }
  await showLanguage(page, 'de');
  if (before) await page.setViewportSize(before);
  return problems;
}
