import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { drawStamp } from '../../test/booklet-corpus/marks';
import { createTestDesk, pickedId } from '../../test/support/booklet-desk';
import { drawnRegions, legacyFormPage, type LegacyForm } from '../../test/legacy-corpus/legacy-layout';
import { plainScan, scanLegacyPage, type LegacyScanConditions } from '../../test/legacy-corpus/legacy-scan';
import { seededRandom } from '../../test/support/seeded-random';
import { useTempDir } from '../../test/support/temp-dir';
import type { StaffSessionView } from '../contract';
import { decodeReference } from '../imaging/legacy/layout-reference';
import type { StationDatabase } from '../store/database';

/**
 * The clerk draws the fields of a legacy form once; from then on a scan of that form opens with
 * its fields placed and measured (straightened, box-ink), the clerk checks and saves. A page of
 * another form, or of the same form with other titles, opens with nothing placed.
 */
const tempDir = useTempDir();
const stores: StationDatabase[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));
const clerk: StaffSessionView = { staffId: 'c.mueller', displayName: 'Claudia Müller', role: 'clerk', signedInAt: 't', expiresAt: 't' };
const adultKvnr = 'A123457895';
const form: LegacyForm = { seed: 3 };

async function scanned(f: LegacyForm, stamped: readonly number[], conditions: Partial<LegacyScanConditions>, seed: number): Promise<string> {
  const random = seededRandom(seed);
  const page = legacyFormPage(f);
  for (const i of stamped) {
    const { box } = page.boxes[i]!;
    drawStamp(page.canvas, { cx: box.x + box.width / 2, cy: box.y + box.height / 2, width: 44, height: 18, angle: 4 }, random, 0.85);
  }
  return (await scanLegacyPage(page.canvas, { ...plainScan, ...conditions }, random)).toString('base64');
}

describe('legacy layouts at the clerk desk', () => {
  it('learns a form from the page the clerk drew, then places and measures the fields of the next scan of it', async () => {
    const { desk, store } = createTestDesk(join(tempDir(), 'station.db'), clerk);
    stores.push(store);
    const pickId = pickedId(desk.pickByKvnr(adultKvnr, '1980-04-02'));

    // First page of the form: nothing stored, the clerk draws (field 2 carries a stamp).
    const first = await desk.openLegacyPage(await scanned(form, [1], {}, 1));
    expect(first).toMatchObject({ kind: 'unregistered', layout: null });
    const drawn = drawnRegions(legacyFormPage(form), plainScan.border);
    const saved = await desk.saveLegacy({ pageRef: first.pageRef, pickId, year: 2026, performedOn: '2026-06-10', regions: drawn.map((r, i) => ({ ...r, final: i === 1 ? 'stamped' : 'empty' })) });
    const rows = store.db.prepare('SELECT id, reference, regions, from_page, created_by FROM legacy_layout').all() as { id: string; reference: Buffer; regions: string; from_page: string; created_by: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ from_page: first.pageRef, created_by: 'staff:c.mueller' });
    expect(JSON.parse(rows[0]!.regions)).toEqual(drawn);

    // What is kept of the page is its print without the regions: no stamp, no point in a region.
    const reference = decodeReference(rows[0]!.reference);
    const stampBox = drawn[1]!.rect;
    const inBox = (x: number, y: number) => x >= stampBox.x * reference.width && x < (stampBox.x + stampBox.width) * reference.width && y >= stampBox.y * reference.height && y < (stampBox.y + stampBox.height) * reference.height;
    expect([...reference.features.x].some((x, i) => inBox(x, reference.features.y[i]!))).toBe(false);
    let inkInBox = 0;
    for (let y = 0; y < reference.height; y++) for (let x = 0; x < reference.width; x++) if (inBox(x, y)) inkInBox += reference.print[y * reference.width + x]!;
    expect(inkInBox).toBe(0);

    // The next page of the form, turned and keystoned, stamped in fields 1 and 3.
    const next = await desk.openLegacyPage(await scanned(form, [0, 2], { angleDeg: 4, keystone: 0.06, scale: 0.9, noiseSigma: 4 }, 2));
    expect(next.layout, 'placed by the stored layout').not.toBeNull();
    expect(next.layout!.layoutId).toBe(rows[0]!.id);
    expect(next.layout!.regions.map((r) => [r.measure, r.decision])).toEqual([
      [1, 'stamped'],
      [2, 'empty'],
      [3, 'stamped'],
      [4, 'empty'],
    ]);
    // The editor loads the page again: the same fields, from the stored fit.
    expect((await desk.legacyPage(next.pageRef)).layout).toEqual(next.layout);

    // Saved as placed: the proposals are the straightened measures, and no second layout is made.
    const placed = next.layout!.regions;
    const second = await desk.saveLegacy({ pageRef: next.pageRef, pickId, year: 2026, performedOn: '2026-06-11', bookletId: saved.bookletId, regions: placed.map((r) => ({ measure: r.measure, rect: r.rect, final: r.decision === 'stamped' ? 'stamped' : 'empty' })) });
    expect(second.regions.map((r) => [r.measure, r.decision, r.confidence])).toEqual(placed.map((r) => [r.measure, r.decision, r.confidence]));
    expect(store.db.prepare('SELECT count(*) AS n FROM legacy_layout').get()).toEqual({ n: 1 });
    expect(store.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'clerk.legacy.layout'").get()).toEqual({ n: 1 });

    // Another form, and the same form with other titles (another page of the booklet): nothing placed.
    expect((await desk.openLegacyPage(await scanned({ seed: 4 }, [], { angleDeg: 2 }, 3))).layout).toBeNull();
    expect((await desk.openLegacyPage(await scanned({ seed: 3, titlesSeed: 99 }, [0], { angleDeg: -2 }, 4))).layout).toBeNull();
    // Six pages through the pipeline and the registration: generous on a loaded machine.
  }, 180_000);
});
