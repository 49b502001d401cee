import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBonusService, type BonusService } from '../app';
import { openPglite, type Database } from '../db/database';
import { runReview } from './review';

describe('the review CLI', () => {
  let db: Database;
  let service: BonusService;
  const submissionId = randomUUID();

  beforeAll(async () => {
    db = await openPglite();
    service = createBonusService({ db, adminToken: 'cli-admin-token-0123456789' });
    process.env.SERVICE_URL = await service.start();
    process.env.SERVICE_ADMIN_TOKEN = 'cli-admin-token-0123456789';
    // A submission as a station would have stored it (stations are tested in test/integration).
    await db.query(`INSERT INTO stations (station_id, public_key) VALUES ('kiosk-1', '\\x00')`);
    const payload = { id: submissionId, kind: 'measures', createdAt: '2026-11-20T10:00:00.000Z', participationYear: 2026, member: { kvnr: 'A123457895' }, measures: [{ measure: 3, performedOn: '2026-02-01', evidence: [] }, { measure: 8, performedOn: '2026-02-01', evidence: [] }] };
    await db.query(`INSERT INTO submissions (id, station_id, kvnr, kind, participation_year, payload, content_sha256, evaluation) VALUES ($1, 'kiosk-1', 'A123457895', 'measures', 2026, $2, 'x', $3)`, [
      submissionId,
      JSON.stringify(payload),
      JSON.stringify({ engine: 'unavailable', ruleSetVersion: null, totalCents: null, findings: [] }),
    ]);
  });
  afterAll(async () => {
    await service.stop();
    await db.close();
  });

  it('lists waiting submissions and records a field decision', async () => {
    const lines: string[] = [];
    await runReview(['list'], (l) => lines.push(l));
    expect(lines.join('\n')).toContain(submissionId);
    await runReview(['fields', submissionId, '3=reject', '8=accept', '--reason', 'Kurs nicht zertifiziert'], (l) => lines.push(l));
    expect(lines.at(-1)).toMatch(/partially-accepted/);
    const state = (await db.query<{ state: string }>('SELECT state FROM submissions WHERE id = $1', [submissionId])).rows[0]?.state;
    expect(state).toBe('partially-accepted');
  });

  it('says what is wrong with a bad command', async () => {
    await expect(runReview(['fields', submissionId, '3=maybe'], () => undefined)).rejects.toThrow(/not a field decision/);
    await expect(runReview(['reject', submissionId], () => undefined)).rejects.toThrow(/400 invalid_input/);
  });
});
