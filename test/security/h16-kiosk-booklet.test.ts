import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SubmissionReceipt, type SubmissionUpload } from '../../main/contract/service-api';
import { loadIdentity } from '../../main/sync/identity';
import { bookletTemplate } from '../../main/imaging/booklet/template';
import { scannedBookletPage } from '../support/imaging/booklet-pages';
import { seededMember, useKioskWithService } from '../support/kiosk-with-service';

/**
 * Issue 16, members read their printed booklet at the kiosk. The booklet id comes off paper, so
 * who could misuse it: a member with somebody else's booklet in hand (refused at the kiosk),
 * and a rogue enrolled kiosk that sends stamps of a booklet that is not the member's, sends one
 * without naming its booklet, or sends the same stamp twice (each refused by the service, which
 * stores nothing of it). A field already credited is never offered or submitted again.
 */
const ctx = useKioskWithService();
const today = '2026-12-01';
const other = { ...seededMember, kvnr: 'C123456783', cardNumber: '80276001234567890555', firstName: 'Erika', lastName: 'Andere', credited: [] };
const [m1, m2] = bookletTemplate('adult').pages[0]!.fields.map((f) => f.measure) as [number, number];

async function link(bookletId: string, kvnr: string): Promise<void> {
  await ctx.serviceDb().query("INSERT INTO booklet_links (booklet_id, kvnr, birth_date, year, program, legacy, station_id, issued_at) VALUES ($1, $2, '1967-03-12', 2026, 'adult', false, 'clerk-1', now()) ON CONFLICT DO NOTHING", [bookletId, kvnr]);
}
const photo = async (bookletId: string) => ({ source: 'camera' as const, photo: { dataBase64: (await scannedBookletPage(bookletId, 1, { 0: 'stamp', 1: 'stamp' }, 11)).toString('base64') } });

function stampSubmission(bookletId: string | null, measure = m2): SubmissionUpload {
  return {
    id: randomUUID(),
    kind: 'measures',
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    participationYear: 2026,
    member: { kvnr: seededMember.kvnr, cardNumber: seededMember.cardNumber },
    measures: [{ measure, performedOn: '2026-05-04', evidence: [{ kind: 'booklet-stamp', ...(bookletId ? { booklet: { id: bookletId, page: 1 } } : {}) }] }],
  };
}

describe('hole 16: a paper booklet read at the kiosk', () => {
  it('refuses at the kiosk a booklet that is another member’s, or one the insurer does not know for this card, and queues nothing', async () => {
    await ctx.seed();
    await ctx.seed(other);
    await link('KB16FREMD2', other.kvnr);
    const kiosk = await ctx.kioskAt({ today });
    await kiosk.signIn();
    await expect(kiosk.kiosk.paperBooklet.read(await photo('KB16FREMD2'))).resolves.toEqual({ ok: false, problem: 'foreign-booklet' });
    await expect(kiosk.kiosk.paperBooklet.read(await photo('KB16NEVER3'))).resolves.toEqual({ ok: false, problem: 'foreign-booklet' });
    expect(kiosk.store.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
    expect(kiosk.store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'kiosk.booklet-page.refused'").pluck().get()).toBe(2);
  });

  it('does not submit a field the insurer credited already', async () => {
    await ctx.seed();
    await link('KB16XGEN4A', seededMember.kvnr);
    const kiosk = await ctx.kioskAt({ today });
    await kiosk.signIn();
    const read = await kiosk.kiosk.paperBooklet.read(await photo('KB16XGEN4A'));
    if (!read.ok) throw new Error(read.problem);
    // Measure 1 is credited (seededMember): shown as credited, and refused if sent anyway.
    expect(read.reading.fields.find((f) => f.measure === m1)?.state).toBe('credited');
    expect(() => kiosk.kiosk.paperBooklet.submit({ readingId: read.reading.readingId, measures: [m1, m2], performedOn: '2026-05-04' })).toThrow();
    expect(kiosk.store.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
  });

  it('refuses at the service a rogue kiosk’s stamp of another member’s booklet, one without its booklet, and the same stamp twice', async () => {
    await ctx.seed();
    await ctx.seed(other);
    await link('KB16FREMD2', other.kvnr);
    await link('KB16XGEN4A', seededMember.kvnr);
    const kiosk = await ctx.kioskAt({ today });
    const rogue = kiosk.signed();
    const put = (body: SubmissionUpload) => rogue.json('PUT', `/v1/submissions/${body.id}`, SubmissionReceipt, body);
    try {
      const foreign = stampSubmission('KB16FREMD2');
      await expect(put(foreign)).rejects.toMatchObject({ status: 403, code: 'booklet_foreign' });
      await expect(put(stampSubmission('KB16NEVER3'))).rejects.toMatchObject({ status: 403, code: 'booklet_foreign' });
      await expect(put(stampSubmission(null))).rejects.toMatchObject({ status: 422, code: 'booklet_missing' });
      await expect(put(stampSubmission('KB16XGEN4A'))).resolves.toMatchObject({ state: 'received' });
      await expect(put(stampSubmission('KB16XGEN4A'))).rejects.toMatchObject({ status: 409, code: 'stamp_already_submitted' });
      const stored = (await ctx.serviceDb().query<{ n: number }>('SELECT count(*)::int AS n FROM submissions WHERE station_id = $1', [loadIdentity(kiosk.store.db)!.identity.stationId])).rows[0]?.n;
      expect(stored).toBe(1);
    } finally {
      rogue.close();
    }
  });
});
