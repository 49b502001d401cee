import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { openStationDatabase, type StationDatabase } from '../store/database';
import { fieldOutcomes, notificationText, rejectionReasons, storeDecisions, takeNotifications } from './notifications';
import { enqueueSubmission, markAcknowledged, memberRef } from './outbox';

const tempDir = useTempDir();
const stores: StationDatabase[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

describe("the insurer's decisions on the station", () => {
  it('reads a decision per field as the service credits it', () => {
    expect(fieldOutcomes({ decision: 'accepted', fields: [] }, [8, 12])).toEqual({ accepted: [8, 12], rejected: [] });
    expect(fieldOutcomes({ decision: 'accepted', fields: [{ measure: 8, decision: 'rejected', reason: 'x' }] }, [8, 12])).toEqual({ accepted: [12], rejected: [8] });
    expect(fieldOutcomes({ decision: 'rejected', fields: [] }, [8, 12])).toEqual({ accepted: [], rejected: [8, 12] });
    expect(fieldOutcomes({ decision: 'partially-accepted', fields: [{ measure: 12, decision: 'accepted', reason: null }] }, [8, 12])).toEqual({ accepted: [12], rejected: [8] });
  });

  it('sets the review state of the records a decision covers, keeps the reasons, and words the notice once', () => {
    const store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
    stores.push(store);
    const { db } = store;
    const ref = memberRef(db, 'A123457895');
    const submissionId = '0b9f3c55-6a41-4b1e-9d3c-2a7f1c9e8d10';
    db.transaction(() => {
      const insert = db.prepare("INSERT INTO measure_record (id, member_ref, submission_id, measure, performed_on, evidence, review, created_at) VALUES (?, ?, ?, ?, ?, 'dated_self_declaration', 'pending', 't')");
      insert.run('r8', ref, submissionId, 8, '2026-03-01');
      insert.run('r12', ref, submissionId, 12, '2026-03-02');
      enqueueSubmission(
        db,
        {
          id: submissionId,
          kind: 'measures',
          createdAt: '2026-03-02T10:00:00.000Z',
          participationYear: 2026,
          member: { kvnr: 'A123457895' },
          measures: [8, 12].map((measure) => ({ measure, performedOn: '2026-03-02', evidence: [{ kind: 'dated-self-declaration' as const }] })),
        },
        [],
        new Date('2026-03-02T10:00:00Z'),
      );
    })();
    const decision = { seq: 3, submissionId, decision: 'partially-accepted' as const, reason: 'Teilweise', fields: [{ measure: 8, decision: 'rejected' as const, reason: 'Stempel fehlt' }, { measure: 12, decision: 'accepted' as const, reason: null }], decidedAt: '2026-04-01T08:00:00.000Z' };
    storeDecisions(db, [decision]);
    storeDecisions(db, [decision]);
    expect(db.prepare('SELECT measure, review FROM measure_record ORDER BY measure').all()).toEqual([
      { measure: 8, review: 'rejected' },
      { measure: 12, review: 'accepted' },
    ]);
    expect([...rejectionReasons(db, ref, 2026)]).toEqual([[8, 'Stempel fehlt']]);
    const [note, ...more] = takeNotifications(db, 'A123457895');
    expect(more).toEqual([]);
    expect(note).toMatchObject({ decision: 'partially-accepted', rejected: [{ de: expect.any(String), en: expect.any(String) }], accepted: [{ de: 'Zahnvorsorge' }], reason: 'Teilweise' });
    expect(note?.text).toMatch(/^Ihr Nachweis für Zahnvorsorge wurde anerkannt, für .+ nicht\. Grund: Teilweise$/);
    expect(takeNotifications(db, 'A123457895')).toEqual([]);
  });

  it('words a payout application and a participation declaration on their own, never with an empty field list', () => {
    const store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
    stores.push(store);
    const { db } = store;
    const kvnr = 'A123457895';
    const ref = memberRef(db, kvnr);
    const ids = { payout: '1c0f3c55-6a41-4b1e-9d3c-2a7f1c9e8d11', refused: '2c0f3c55-6a41-4b1e-9d3c-2a7f1c9e8d12', declared: '3c0f3c55-6a41-4b1e-9d3c-2a7f1c9e8d13', other: '4c0f3c55-6a41-4b1e-9d3c-2a7f1c9e8d14' };
    const queue = (id: string, kind: 'payout-application' | 'participation' | 'field-checkin', year: number) =>
      enqueueSubmission(db, { id, kind, createdAt: '2027-01-20T10:00:00.000Z', participationYear: year, member: { kvnr }, measures: [] }, [], new Date('2027-01-20T10:00:00Z'));
    db.transaction(() => {
      queue(ids.payout, 'payout-application', 2026);
      db.prepare('INSERT INTO payout_application (submission_id, member_ref, year, amount_cents, created_at) VALUES (?, ?, ?, ?, ?)').run(ids.payout, ref, 2026, 9900, 't');
      queue(ids.refused, 'payout-application', 2025);
      db.prepare('INSERT INTO payout_application (submission_id, member_ref, year, amount_cents, created_at) VALUES (?, ?, ?, ?, ?)').run(ids.refused, ref, 2025, 3000, 't');
      queue(ids.declared, 'participation', 2027);
      db.prepare(
        "INSERT INTO participation_declaration (id, member_ref, year, declared_at, declared_on, channel, station_id, declared_by_role, declared_by_ref, consent_sgbv284, terms_version, submission_id) VALUES ('d1', ?, 2027, 't', '2027-01-20', 'kiosk', 'kiosk-1', 'self', ?, 1, '2027-01-01', ?)",
      ).run(ref, ref, ids.declared);
      queue(ids.other, 'field-checkin', 2027);
    })();
    // The service's own figure counts, not the station's 99,00 €.
    markAcknowledged(db, ids.payout, { id: ids.payout, state: 'received', receivedAt: '2027-01-20T10:00:01.000Z', evaluation: { engine: 'evaluated', ruleSetVersion: '2026-01-01', totalCents: 4500, findings: [] } });
    // After the retention the payload is gone; the station's own records still say what it was.
    db.prepare('UPDATE sync_outbox SET payload = NULL').run();
    const decided = (seq: number, submissionId: string, decision: 'accepted' | 'rejected', reason: string | null = null) => ({ seq, submissionId, decision, reason, fields: [], decidedAt: '2027-02-01T08:00:00.000Z' });
    storeDecisions(db, [decided(1, ids.payout, 'accepted'), decided(2, ids.refused, 'rejected', 'Frist versäumt'), decided(3, ids.declared, 'accepted'), decided(4, ids.other, 'accepted')]);
    const notes = takeNotifications(db, kvnr);
    expect(notes.map((n) => n.text)).toEqual([
      'Ihr Antrag auf Auszahlung für 2026 wurde bewilligt: 45,00\u00a0€.',
      'Ihr Antrag auf Auszahlung für 2025 wurde abgelehnt. Grund: Frist versäumt',
      'Ihre Teilnahme für 2027 ist bestätigt.',
      'Ihre Einreichung wurde anerkannt.',
    ]);
    expect(notes.map(({ about, year, amountCents }) => ({ about, year, amountCents }))).toEqual([
      { about: 'payout', year: 2026, amountCents: 4500 },
      // Not acknowledged with a receipt: no amount rather than the station's own.
      { about: 'payout', year: 2025, amountCents: null },
      { about: 'participation', year: 2027, amountCents: null },
      { about: 'evidence', year: null, amountCents: null },
    ]);
    for (const n of notes) expect(n.text).not.toMatch(/für {2}|für \.|für ,/);
  });

  it('words evidence by the fields a decision names', () => {
    const decision = (d: 'accepted' | 'rejected' | 'partially-accepted', fields: { measure: number; decision: 'accepted' | 'rejected'; reason: string | null }[] = [], reason: string | null = null) => ({ decision: d, fields, reason });
    expect(notificationText(decision('accepted'), [12])).toBe('Ihr Nachweis für Zahnvorsorge wurde anerkannt.');
    expect(notificationText(decision('rejected', [], 'unlesbar'), [12])).toBe('Ihr Nachweis für Zahnvorsorge wurde nicht anerkannt. Grund: unlesbar');
    // "Accepted" with one field rejected singly says both, not "all accepted".
    expect(notificationText(decision('accepted', [{ measure: 12, decision: 'rejected', reason: 'x' }]), [8, 12])).toBe('Ihr Nachweis für Schutzimpfung wurde anerkannt, für Zahnvorsorge nicht.');
    expect(notificationText(decision('accepted'), [])).toBe('Ihre Einreichung wurde anerkannt.');
    expect(notificationText(decision('rejected', [], 'doppelt'), [])).toBe('Ihre Einreichung wurde nicht anerkannt. Grund: doppelt');
    expect(notificationText(decision('partially-accepted', [], 'teils'), [], { about: 'payout', year: 2026, amountCents: null })).toBe('Ihr Antrag auf Auszahlung für 2026 wurde teilweise bewilligt. Grund: teils');
    expect(notificationText(decision('rejected', [], 'Einwilligung fehlt'), [], { about: 'participation', year: 2026, amountCents: null })).toBe('Ihre Teilnahmeerklärung für 2026 wurde nicht anerkannt. Grund: Einwilligung fehlt');
  });
});
