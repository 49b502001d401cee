import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import { openStationDatabase, type StationDatabase } from '../store/database';
import { fieldOutcomes, rejectionReasons, storeDecisions, takeNotifications } from './notifications';
import { enqueueSubmission, memberRef } from './outbox';

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
});
