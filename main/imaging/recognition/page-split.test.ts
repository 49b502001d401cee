import { describe, expect, it } from 'vitest';
import { corpusPage } from '../../../test/booklet-corpus/generate';
import { photoCorpusPage } from '../../../test/booklet-corpus/photo-corpus';
import { bookletTemplate, pageOf } from '../booklet/template';
import { decodePage } from '../pipeline/decode-scan';
import { warpToTemplate } from '../pipeline/warp';
import { boxHelperReady, boxHelperState, stopBoxHelper } from './box-ink-pool';
import { pagesSplit, straightenPage } from './page-split';
import { templateFor } from './recognize-page';
import { registerPage } from './registration';

const pxPerMm = 150 / 25.4;
const template = bookletTemplate('adult');
const whole = { x: 0, y: 0, width: template.pageSize.width, height: template.pageSize.height };

async function registered(jpeg: Buffer) {
  const decoded = await decodePage(jpeg);
  const registration = await registerPage(decoded.gray, template, { pxPerMm, layoutFor: (id) => pageOf(templateFor(id), id.page) });
  if (registration.kind !== 'registered') throw new Error('the generated page did not register');
  return { scan: decoded.gray, h: registration.h };
}

describe('the page straightened on two threads', () => {
  it('is the same bytes as straightened on one, for a scan and a phone photo', async () => {
    expect(await boxHelperReady(60_000)).toBe(true);
    const pages = [await registered((await corpusPage(0, { seed: 4, blankShare: 0 })).jpeg), await registered((await photoCorpusPage(1, { seed: 4 })).jpeg)];
    for (const { scan, h } of pages) {
      const one = warpToTemplate(scan, h, whole, pxPerMm);
      const before = pagesSplit();
      const split = await straightenPage(scan, h, whole, pxPerMm);
      expect(pagesSplit()).toBe(before + 1);
      expect([split.width, split.height]).toEqual([one.width, one.height]);
      expect(Buffer.from(split.data).equals(Buffer.from(one.data))).toBe(true);
    }
  }, 120_000);

  it('is straightened here alone once the helper is gone, the same bytes', async () => {
    const { scan, h } = await registered((await corpusPage(2, { seed: 4, blankShare: 0 })).jpeg);
    const one = warpToTemplate(scan, h, whole, pxPerMm);
    await stopBoxHelper();
    expect(boxHelperState().state).toBe('failed');
    const before = pagesSplit();
    const alone = await straightenPage(scan, h, whole, pxPerMm);
    expect(pagesSplit()).toBe(before);
    expect(Buffer.from(alone.data).equals(Buffer.from(one.data))).toBe(true);
  }, 120_000);
});
