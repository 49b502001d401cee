import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../service/db/database';
import { staffAccount, StaffBrowser } from './backoffice-support/staff-browser';
import { databaseKinds } from './sync-support/databases';
import { startService, type RunningService } from './sync-support/service-harness';

/**
 * Bad input to every back-office endpoint (issue 18): each route of the table is called by a person
 * holding every role, with a path parameter that is not one, a query with an unknown key and wrong
 * types, and bodies of the wrong shape; each is refused with 400 and a field list, and no table of
 * the service changes. The routes come from the service itself, so a route added later is covered.
 */
const kind = databaseKinds()[0]!;
describe(`bad input to the back office on ${kind.name}`, () => {
  let db: Database;
  let drop: () => Promise<void>;
  let running: RunningService;
  let browser: StaffBrowser;

  beforeAll(async () => {
    ({ db, drop } = await kind.open());
    running = await startService(db);
    const all = await staffAccount(db, 'all.roles', ['reviewer', 'payout-officer', 'station-admin']);
    browser = new StaffBrowser(running.url);
    expect((await browser.signIn(all, new Date())).status).toBe(200);
  });
  afterAll(async () => {
    await running?.stop();
    await drop?.();
  });

  async function snapshot(): Promise<Record<string, number>> {
    const tables = (await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('bo_sessions', 'bo_audit') ORDER BY table_name")).rows;
    const counts: Record<string, number> = {};
    for (const { table_name } of tables) counts[table_name] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table_name}`)).rows[0]!.n;
    return counts;
  }

  it('refuses every malformed request with 400 and changes nothing', async () => {
    const routes = running.service.backofficeRoutes.filter((r) => r.access !== 'public' || r.body);
    expect(routes.length).toBeGreaterThan(15);
    const before = await snapshot();
    const tried: string[] = [];
    for (const route of routes) {
      const badPath = route.url.replace(/:[A-Za-z]+/g, 'not..a%2Fvalid-id!');
      const goodishPath = route.url.replace(/:id/g, '00000000-0000-4000-8000-000000000000').replace(/:sha256/g, 'a'.repeat(64)).replace(/:stationId/g, 'station-1');
      const attempts: { path: string; body?: unknown }[] = [];
      if (route.params) attempts.push({ path: badPath, ...(route.body ? { body: {} } : {}) });
      if (route.query) attempts.push({ path: `${goodishPath}?limit=many&unknown=1` });
      if (route.body) {
        for (const body of [[], 'text', 42, { unexpected: true }, { executionDay: 7, kvnr: null, fields: 'all', account: 1 }]) attempts.push({ path: goodishPath, body });
      }
      for (const attempt of attempts) {
        const answer = await browser.request(route.method, attempt.path, attempt.body);
        tried.push(`${route.method} ${attempt.path}`);
        expect(answer.status, `${route.method} ${attempt.path} ${JSON.stringify(attempt.body)}`).toBe(400);
        expect((answer.body as { error: { code: string } }).error.code).toMatch(/^invalid_input$|^invalid_json$/);
      }
    }
    expect(tried.length).toBeGreaterThan(30);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a body that is not JSON and one that is too large', async () => {
    const res = await fetch(new URL('/bo/api/sign-in', running.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"account": ' });
    expect(res.status).toBe(400);
    const form = await fetch(new URL('/bo/api/sign-in', running.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'account=a&password=b&totp=123456' });
    expect(form.status).toBe(415);
    const huge = await fetch(new URL('/bo/api/sign-in', running.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: 'x'.repeat(400_000) }) });
    expect(huge.status).toBe(413);
  });
});
