import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseStationConfig } from '../config/station-config';
import { parseRuleSet } from '../domain';
import { SubmissionUpload } from '../contract/service-api';
import { evaluateWithDomain } from '../../service/rules/evaluate';
import { bmiOf, nameMatches } from './kiosk-entries';
import { kioskRuleSets } from './kiosk-rule-sets';
import { readyCard, setup } from '../../test/support/kiosk-setup';

/** The example catalog whose fields accept a BMI value (1), a signed non-smoker declaration (2) and dated entries (3). */
const examples = join(import.meta.dirname, '../../docs/examples');
const ruleSets = kioskRuleSets({ config: parseStationConfig({ kiosk: { ruleSetFiles: ['rule-set.signed-and-measured.json'] } }, 'x'), source: join(examples, 'station.kiosk.json') })!;

async function signature(strokes: boolean): Promise<string> {
  const lines = strokes ? '<path d="M40 150 C 120 20, 200 260, 300 90 S 480 200, 560 60" stroke="#000" stroke-width="6" fill="none"/>' : '';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="240"><rect width="600" height="240" fill="#fff"/>${lines}</svg>`;
  return (await sharp(Buffer.from(svg)).png().toBuffer()).toString('base64');
}

function member() {
  const kiosk = setup({ ruleSets });
  kiosk.insert(readyCard());
  kiosk.kiosk.identification.confirmIdentity('70173');
  kiosk.kiosk.participation.declare(2026, '2026-01-01-entries');
  return kiosk;
}

describe('signed declarations and measured values at the kiosk', () => {
  it('shows the configured catalog with what each field needs, and keeps the built-in catalog otherwise', () => {
    const { kiosk } = member();
    const booklet = kiosk.booklets.show();
    expect(booklet.ruleSetVersion).toBe('2026-01-01-entries');
    expect(booklet.today).toBe('2026-11-22');
    expect(booklet.fields.slice(0, 2)).toMatchObject([
      { measure: 1, evidence: ['measured_value'], measuredValue: { unit: 'kg/m2', min: 10, max: 60 } },
      { measure: 2, evidence: ['signed_declaration'], statement: 'non_smoker_12_months' },
    ]);
    const plain = setup();
    plain.insert(readyCard());
    plain.kiosk.identification.confirmIdentity('70173');
    expect(plain.kiosk.booklets.show().fields.every((f) => f.statement === undefined && f.measuredValue === undefined)).toBe(true);
  });

  it('computes the BMI from height and weight, refuses implausible inputs, and counts the value once submitted', async () => {
    const { kiosk, store } = member();
    const add = (measurement: { heightCm: number; weightKg: number } | { value: number }) => kiosk.evidence.add({ measure: 1, performedOn: '2026-11-20', kind: 'measured_value', measurement });
    expect(await add({ heightCm: 17.8, weightKg: 74 })).toEqual({ accepted: false, problem: 'height_implausible' });
    expect(await add({ heightCm: 178, weightKg: 7.4 })).toEqual({ accepted: false, problem: 'weight_implausible' });
    expect(await add({ value: 95 })).toEqual({ accepted: false, problem: 'value_out_of_range' });
    await expect(kiosk.evidence.add({ measure: 1, performedOn: '2026-11-20', kind: 'measured_value' })).rejects.toThrow(/measured value is needed/);
    await expect(kiosk.evidence.add({ measure: 1, performedOn: '2026-11-20', kind: 'signed_declaration', declaration: { statement: 'non_smoker_12_months', typedName: 'Hans-Jürgen Müller' } })).rejects.toThrow(
      /does not accept this kind/,
    );
    expect(kiosk.evidence.list()).toEqual([]);
    expect(await add({ heightCm: 178, weightKg: 74 })).toMatchObject({ accepted: true, draft: { measure: 1, kind: 'measured_value', pages: 0 } });
    kiosk.evidence.submit(2026);
    const booklet = kiosk.booklets.show();
    expect(booklet.fields[0]).toMatchObject({ measure: 1, status: 'awaiting_review' });
    const [payload] = store.db.prepare('SELECT payload FROM sync_outbox WHERE payload LIKE ?').pluck().all('%"kind":"measures"%') as string[];
    const upload = SubmissionUpload.parse(JSON.parse(payload!));
    expect(upload.measures).toEqual([{ measure: 1, performedOn: '2026-11-20', evidence: [{ kind: 'measured-value', measuredValue: { value: 23.4, unit: 'kg/m2' } }] }]);
  });

  it('takes a drawn signature as a PNG without metadata, refuses an empty pad, and confirms a typed name only when it is the signer’s', async () => {
    const { kiosk, store } = member();
    const declaration = { statement: 'non_smoker_12_months' };
    const sign = (extra: { photoBase64?: string; typedName?: string }) =>
      kiosk.evidence.add({
        measure: 2,
        performedOn: '2026-11-21',
        kind: 'signed_declaration',
        ...(extra.photoBase64 ? { photoBase64: extra.photoBase64 } : {}),
        declaration: { ...declaration, ...(extra.typedName !== undefined ? { typedName: extra.typedName } : {}) },
      });
    expect(await sign({ photoBase64: await signature(false) })).toEqual({ accepted: false, problem: 'signature_empty' });
    expect(await sign({ photoBase64: Buffer.from('no image at all, just text').toString('base64') })).toEqual({ accepted: false, problem: 'not_an_image' });
    expect(await sign({ typedName: 'Erika Mustermann' })).toEqual({ accepted: false, problem: 'name_mismatch' });
    await expect(kiosk.evidence.add({ measure: 2, performedOn: '2026-11-21', kind: 'signed_declaration', declaration: { statement: 'something_else', typedName: 'x' } })).rejects.toThrow(/must state/);
    expect(await sign({ photoBase64: await signature(true) })).toMatchObject({ accepted: true, draft: { kind: 'signed_declaration', pages: 1 } });
    kiosk.evidence.submit(2026);
    const [payload] = store.db.prepare('SELECT payload FROM sync_outbox WHERE payload LIKE ?').pluck().all('%"kind":"measures"%') as string[];
    const upload = SubmissionUpload.parse(JSON.parse(payload!));
    expect(upload.measures[0]?.evidence).toMatchObject([{ kind: 'signed-declaration', statement: 'non_smoker_12_months', blob: { mediaType: 'image/png' } }]);
    const blob = store.db.prepare('SELECT data FROM sync_blobs').pluck().get() as Buffer;
    const meta = await sharp(blob).metadata();
    expect(meta.format).toBe('png');
    expect(meta.icc).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    expect(kiosk.booklets.show().fields[1]).toMatchObject({ measure: 2, status: 'awaiting_review' });
  });

  it('accepts the keyboard alternative: the name as on the card, title and case as the member types them', async () => {
    expect(nameMatches('hans-jürgen müller', readyCard().state === 'ready' ? (readyCard() as { person: Parameters<typeof nameMatches>[1] }).person : never())).toBe(true);
    const person = { title: 'Dr.', firstName: 'Hans-Jürgen', namePrefix: 'von', lastName: 'Müller' };
    expect(['Dr. Hans-Jürgen von Müller', 'Hans Jürgen von Müller', 'HANS-JÜRGEN MÜLLER', 'dr hans jürgen müller'].map((n) => nameMatches(n, person))).toEqual([true, true, true, true]);
    expect(['Müller', 'Hans-Jürgen', 'Hans-Jürgen Mueller', ''].map((n) => nameMatches(n, person))).toEqual([false, false, false, false]);
    const { kiosk } = member();
    const result = await kiosk.evidence.add({ measure: 2, performedOn: '2026-11-21', kind: 'signed_declaration', declaration: { statement: 'non_smoker_12_months', typedName: 'Dr. Hans-Jürgen Müller' } });
    expect(result).toMatchObject({ accepted: true, draft: { pages: 0 } });
  });

  it("for a child under 15 the parent signs: the typed name must be the legal representative's", async () => {
    // The example catalog with one children's field taking a signed declaration (e.g. a smoke-free home).
    const raw = JSON.parse(readFileSync(join(examples, 'rule-set.signed-and-measured.json'), 'utf8')) as { measures: unknown[] };
    raw.measures.push({
      number: 13, program: 'child', category: 'bonus', title: { de: 'Rauchfreies Zuhause', en: 'Smoke-free home' }, description: { de: 'Erklärung der Eltern', en: "Parents' declaration" },
      evidence: ['signed_declaration'], schedule: { kind: 'once_per_year' }, conditions: [{ kind: 'statement', statement: 'smoke_free_home' }],
    });
    const parsed = parseRuleSet(raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const { kiosk, insert, remove } = setup({ ruleSets: [parsed.value, ...ruleSets.slice(1)] });
    insert(readyCard('parent'));
    kiosk.identification.confirmIdentity('70173');
    kiosk.family.openChild();
    remove('parent');
    const child = readyCard('child', { kvnr: 'L567812344', firstName: 'Lena', lastName: 'Özdemir', title: null, birthDate: '2018-05-17' });
    insert(child.state === 'ready' ? { ...child, card: { ...child.card, iccsn: '80276883110000056789' }, cover: { ...child.cover, insuredType: 'family', insuredTypeCode: '3' } } : child);
    kiosk.participation.declare(2026, '2026-01-01-entries');
    const sign = (typedName: string) => kiosk.evidence.add({ measure: 13, performedOn: '2026-11-21', kind: 'signed_declaration', declaration: { statement: 'smoke_free_home', typedName } });
    expect(await sign('Lena Özdemir')).toEqual({ accepted: false, problem: 'name_mismatch' });
    expect(await sign('Hans-Jürgen Müller')).toMatchObject({ accepted: true, draft: { measure: 13, kind: 'signed_declaration' } });
  });

  it('is re-evaluated by the service: the value and statement count, an implausible value does not', () => {
    const upload = (evidence: SubmissionUpload['measures'][number]['evidence']): SubmissionUpload => ({
      id: '5b0e4a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c',
      kind: 'measures',
      createdAt: '2026-11-20T10:00:00.000Z',
      participationYear: 2026,
      member: { kvnr: 'A123457895' },
      measures: [{ measure: 1, performedOn: '2026-03-04', evidence }],
    });
    const facts = { ref: 'm1', birthDate: '1967-03-12', declarations: [{ year: 2026, declaredAt: new Date('2026-01-10T09:00:00Z') }] };
    const at = new Date('2026-11-21T10:00:00Z');
    expect(evaluateWithDomain(upload([{ kind: 'measured-value', measuredValue: { value: 23.4, unit: 'kg/m2' } }]), facts, at, ruleSets)).toMatchObject({ ruleSetVersion: '2026-01-01-entries', totalCents: 1000, findings: [] });
    const implausible = evaluateWithDomain(upload([{ kind: 'measured-value', measuredValue: { value: 95, unit: 'kg/m2' } }]), facts, at, ruleSets);
    expect(implausible.totalCents).toBe(0);
    expect(implausible.findings.join()).toMatch(/measure\.1\..*value_out_of_range/);
    const signed = upload([{ kind: 'signed-declaration', statement: 'non_smoker_12_months' }]);
    signed.measures[0]!.measure = 2;
    expect(evaluateWithDomain(signed, facts, at, ruleSets)).toMatchObject({ totalCents: 1000, findings: [] });
  });

  it('stops the start with the file and the problem when a configured catalog is missing or invalid', () => {
    const config = (files: string[]) => ({ config: parseStationConfig({ kiosk: { ruleSetFiles: files } }, 'x'), source: join(examples, 'station.kiosk.json') });
    expect(() => kioskRuleSets(config(['nope.json']))).toThrow(/kiosk\.ruleSetFiles\.0: file not found/);
    expect(() => kioskRuleSets(config(['station.kiosk.json']))).toThrow(/kiosk\.ruleSetFiles\.0/);
    expect(kioskRuleSets(config([]))).toBeUndefined();
    expect(JSON.parse(readFileSync(join(examples, 'rule-set.signed-and-measured.json'), 'utf8')).id).toBe(ruleSets[0]!.id);
  });

  it('rounds the BMI to one decimal', () => {
    expect(bmiOf(178, 74)).toBe(23.4);
    expect(bmiOf(160, 100)).toBe(39.1);
  });
});

function never(): never {
  throw new Error('readyCard must be ready');
}
