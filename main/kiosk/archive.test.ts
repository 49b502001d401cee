import { describe, expect, it } from 'vitest';
import { setup } from '../../test/support/kiosk-setup';

describe("the member's archive at the kiosk", () => {
  const confirmed = () => {
    const s = setup();
    s.confirmed();
    s.kiosk.participation.declare(2026, '2026-01-01');
    return s;
  };

  it('lists what the member submitted here by category, with date, state and the insurer’s decision', async () => {
    const { kiosk, store } = confirmed();
    await kiosk.evidence.add({ measure: 12, performedOn: '2026-03-02', kind: 'dated_self_declaration' });
    const first = kiosk.evidence.submit(2026);
    await kiosk.evidence.add({ measure: 9, performedOn: '2026-06-10', kind: 'dated_self_declaration' });
    kiosk.evidence.submit(2026);
    expect(kiosk.booklets.archive().map((e) => [e.measure, e.category, e.state])).toEqual(
      expect.arrayContaining([
        [12, 'check', 'waiting'],
        [9, 'check', 'waiting'],
      ]),
    );

    // The first submission went to the insurer and came back rejected for 12, with a reason.
    const submission = store.db.prepare('SELECT submission_id FROM measure_record WHERE measure = 12').pluck().get() as string;
    store.db.prepare("UPDATE sync_outbox SET state = 'acknowledged' WHERE submission_id = ?").run(submission);
    expect(kiosk.booklets.archive().find((e) => e.measure === 12)).toMatchObject({ reference: first.reference, state: 'in-review', reason: null });
    store.db.prepare("UPDATE measure_record SET review = 'rejected' WHERE submission_id = ?").run(submission);
    store.db
      .prepare("INSERT INTO sync_decisions (seq, submission_id, member_ref, decision, reason, fields, decided_at) VALUES (1, ?, 'x', 'rejected', 'Ganze Einreichung', ?, '2026-11-22T10:00:00Z')")
      .run(submission, JSON.stringify([{ measure: 12, decision: 'rejected', reason: 'Datum nicht lesbar' }]));
    expect(kiosk.booklets.archive().find((e) => e.measure === 12)).toMatchObject({ state: 'rejected', reason: 'Datum nicht lesbar', title: { de: 'Zahnvorsorge' }, performedOn: '2026-03-02' });
    expect(store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'kiosk.archive.view'").pluck().get()).toBe(3);
  });

  it('shows nothing without a confirmed member, and nothing of another member', async () => {
    const { kiosk, remove, confirmed: confirmAgain } = confirmed();
    await kiosk.evidence.add({ measure: 12, performedOn: '2026-03-02', kind: 'dated_self_declaration' });
    kiosk.evidence.submit(2026);
    remove();
    expect(() => kiosk.booklets.archive()).toThrow();
    confirmAgain('s2', { kvnr: 'B123457897', firstName: 'Erika', lastName: 'Muster' });
    expect(kiosk.booklets.archive()).toEqual([]);
  });
});
