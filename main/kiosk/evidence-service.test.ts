import { describe, expect, it } from 'vitest';
import { readyCard, setup } from '../../test/support/kiosk-setup';
import { certificatePhoto } from '../../test/support/imaging/fixtures';
import { storeDecisions } from '../sync/notifications';

describe('evidence and submission at the kiosk', () => {
  const confirmed = () => {
    const s = setup();
    s.insert(readyCard());
    s.kiosk.identification.confirmIdentity('70173');
    s.kiosk.participation.declare(2026, '2026-01-01');
    return s;
  };

  it('takes a readable certificate photo, stripped and normalized, and submits it with a receipt that carries initials only', async () => {
    const { kiosk, store } = confirmed();
    const photo = await certificatePhoto(1600, 1200);
    const added = await kiosk.evidence.add({ measure: 8, performedOn: '2026-10-28', kind: 'certificate_photo', photoBase64: photo.toString('base64') });
    expect(added).toMatchObject({ accepted: true, draft: { measure: 8, pages: 1, kind: 'certificate_photo' } });
    const entry = await kiosk.evidence.add({ measure: 12, performedOn: '2026-03-02', kind: 'dated_self_declaration' });
    expect(entry).toMatchObject({ accepted: true, draft: { measure: 12, pages: 0 } });
    expect(kiosk.evidence.list()).toHaveLength(2);

    const receipt = kiosk.evidence.submit(2026);
    expect(receipt).toMatchObject({ year: 2026, measures: [8, 12], initials: 'H. M.' });
    expect(receipt.reference).toMatch(/^BA-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(kiosk.evidence.list()).toEqual([]);

    const queued = (store.db.prepare("SELECT payload FROM sync_outbox WHERE state = 'pending' ORDER BY seq").pluck().all() as string[]).map((p) => JSON.parse(p));
    expect(queued.at(-1)).toMatchObject({ kind: 'measures', measures: [{ measure: 8, evidence: [{ kind: 'photo' }] }, { measure: 12, evidence: [{ kind: 'dated-self-declaration' }] }] });
    const blob = store.db.prepare('SELECT data FROM sync_blobs').pluck().get() as Buffer;
    expect(blob.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(blob.includes(Buffer.from('Exif'))).toBe(false);

    const booklet = kiosk.booklets.show(2026);
    expect(booklet.fields.find((f) => f.measure === 8)?.status).toBe('awaiting_review');
  });

  it('normalizes the photo in the imaging worker thread, as the station does', async () => {
    const s = setup({ imaging: 'worker' });
    s.confirmed();
    s.kiosk.participation.declare(2026, '2026-01-01');
    const photo = await certificatePhoto(1600, 1200);
    expect(await s.kiosk.evidence.add({ measure: 8, performedOn: '2026-10-28', kind: 'certificate_photo', photoBase64: photo.toString('base64') })).toMatchObject({ accepted: true, draft: { pages: 1 } });
    expect(await s.kiosk.evidence.add({ measure: 8, performedOn: '2026-10-28', kind: 'certificate_photo', photoBase64: Buffer.from('kein Bild').toString('base64') })).toEqual({ accepted: false, problem: 'not_an_image' });
  });

  it('asks for a retake of a blurred photo and keeps nothing of it', async () => {
    const { kiosk } = confirmed();
    const sharp = (await import('sharp')).default;
    const blurred = await sharp(await certificatePhoto(1600, 1200)).blur(12).jpeg().toBuffer();
    expect(await kiosk.evidence.add({ measure: 8, performedOn: '2026-10-28', kind: 'certificate_photo', photoBase64: blurred.toString('base64') })).toEqual({ accepted: false, problem: 'blurry' });
    expect(await kiosk.evidence.add({ measure: 8, performedOn: '2026-10-28', kind: 'certificate_photo', photoBase64: Buffer.from('not an image at all').toString('base64') })).toEqual({
      accepted: false,
      problem: 'not_an_image',
    });
    expect(kiosk.evidence.list()).toEqual([]);
  });

  it('refuses proofs the catalog does not accept, measures of another booklet and future dates, naming the field', async () => {
    const { kiosk } = confirmed();
    await expect(kiosk.evidence.add({ measure: 1, performedOn: '2026-05-01', kind: 'dated_self_declaration' })).rejects.toMatchObject({ code: 'invalid_input', fields: ['kind'] });
    await expect(kiosk.evidence.add({ measure: 13, performedOn: '2026-05-01', kind: 'certificate_photo', photoBase64: 'aGVsbG8gd29ybGQgaGVsbG8=' })).rejects.toMatchObject({ fields: ['measure'] });
    await expect(kiosk.evidence.add({ measure: 8, performedOn: '2026-12-24', kind: 'dated_self_declaration' })).rejects.toMatchObject({ fields: ['performedOn'] });
    expect(() => kiosk.evidence.submit(2026)).toThrow(/Nothing to submit/);
  });

  it('drops unsubmitted drafts when the card leaves the reader', async () => {
    const { kiosk, insert, remove } = confirmed();
    await kiosk.evidence.add({ measure: 12, performedOn: '2026-03-02', kind: 'dated_self_declaration' });
    remove();
    insert(readyCard('s2'));
    kiosk.identification.confirmIdentity('70173');
    expect(kiosk.evidence.list()).toEqual([]);
  });
});

describe('decisions from the insurer at the next visit', () => {
  it('shows a decision on an earlier submission once, in the member\'s next session', async () => {
    const { kiosk, states, insert, remove, store } = setup();
    insert(readyCard('s1'));
    kiosk.identification.confirmIdentity('70173');
    kiosk.participation.declare(2026, '2026-01-01');
    await kiosk.evidence.add({ measure: 12, performedOn: '2026-03-02', kind: 'dated_self_declaration' });
    kiosk.evidence.submit(2026);
    remove('s1');
    const submissionId = store.db.prepare("SELECT submission_id FROM sync_outbox WHERE payload LIKE '%\"measures\"%' ORDER BY seq DESC LIMIT 1").pluck().get() as string;
    storeDecisions(store.db, [{ seq: 1, submissionId, decision: 'accepted', reason: null, fields: [], decidedAt: '2026-11-23T08:00:00.000Z' }]);

    insert(readyCard('s2'));
    kiosk.identification.confirmIdentity('70173');
    expect(states().at(-1)).toMatchObject({ stage: 'member', notifications: [{ decision: 'accepted', accepted: [{ de: 'Zahnvorsorge', en: expect.any(String) }], rejected: [], reason: null }] });
    // The overview shows the field accepted: the decision set the record's review state.
    expect(kiosk.booklets.show(2026).fields.find((f) => f.measure === 12)).toMatchObject({ status: 'fulfilled', credited: false });
    remove('s2');
    insert(readyCard('s3'));
    kiosk.identification.confirmIdentity('70173');
    expect(states().at(-1)).toMatchObject({ stage: 'member', notifications: [] });
  });
});
