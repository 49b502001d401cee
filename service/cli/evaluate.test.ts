import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBonusService, type BonusService } from '../app';
import { openPglite, type Database } from '../db/database';
import { runEvaluate } from './evaluate';

describe('the evaluation CLI', () => {
  let db: Database;
  let service: BonusService;

  beforeAll(async () => {
    db = await openPglite();
    service = createBonusService({ db, adminToken: 'cli-admin-token-0123456789', evaluation: { pollMs: 60_000 } });
    process.env.SERVICE_URL = await service.start();
    process.env.SERVICE_ADMIN_TOKEN = 'cli-admin-token-0123456789';
    await db.query(`INSERT INTO members (kvnr, card_number, first_name, last_name, birth_date) VALUES ('A123457895', '80276001234567890123', 'Eva', 'Muster', '1980-05-05')`);
  });
  afterAll(async () => {
    await service.stop();
    await db.close();
  });

  it('starts a year, follows it to the end and lists it', async () => {
    const lines: string[] = [];
    await runEvaluate(['start', '2026', '--wait'], (l) => lines.push(l), 20);
    expect(lines[0]).toMatch(/ 2026 {2}requested {2}(queued|running|done) /);
    expect(lines.at(-1)).toMatch(/ done {2}members 1\/1 {2}changed 1$/);
    const id = lines[0]!.split(' ')[0]!;
    await runEvaluate(['status', id], (l) => lines.push(l));
    expect(lines.at(-1)).toContain(' done ');
    await runEvaluate(['list'], (l) => lines.push(l));
    expect(lines.at(-1)).toBe('1 job(s)');
    expect((await db.query('SELECT earned_cents, participation FROM member_year_evaluations')).rows).toEqual([{ earned_cents: 0, participation: 'not_participating' }]);
  });

  it('says what is wrong with a bad command', async () => {
    await expect(runEvaluate(['start', 'next-year'], () => undefined)).rejects.toThrow(/usage: evaluate/);
    await expect(runEvaluate(['start', '1999'], () => undefined)).rejects.toThrow(/400 invalid_input/);
    await expect(runEvaluate(['status', 'not-a-uuid'], () => undefined)).rejects.toThrow(/400 invalid_input/);
  });
});
