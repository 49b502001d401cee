import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../service/db/database';
import { totpCode } from '../../service/backoffice/auth/totp';
import { staffAccount, StaffBrowser, type StaffAccount } from './backoffice-support/staff-browser';
import { databaseKinds } from './sync-support/databases';
import { startService, type RunningService } from './sync-support/service-harness';

/**
 * Back-office sign-in (issue 18): password and TOTP together, one session cookie (HttpOnly,
 * SameSite=Strict, Secure behind TLS), CSRF token on every change, lockout counted atomically,
 * the same answer for every failure until password and code are right, each attempt audited.
 */
for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`back-office sign-in on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let running: RunningService;
    let clock = Date.parse('2026-11-20T10:00:00Z');
    const now = () => new Date(clock);
    /** Each sign-in in its own TOTP step, as a person would (a code is good once). */
    const nextStep = () => new Date((clock += 30_000));
    let reviewer: StaffAccount;

    beforeAll(async () => {
      ({ db, drop } = await kind.open());
      running = await startService(db, { now, backoffice: { lockout: { maxAttempts: 5, lockMinutes: 15 } } });
      reviewer = await staffAccount(db, 'r.weber', ['reviewer']);
    });
    afterAll(async () => {
      await running?.stop();
      await drop?.();
    });

    const audits = async (account: string) => (await db.query<{ action: string }>('SELECT action FROM bo_audit WHERE account_id = $1 ORDER BY seq', [account])).rows.map((r) => r.action);

    it('signs in with password and TOTP code and sets an HttpOnly, SameSite=Strict session cookie', async () => {
      const browser = new StaffBrowser(running.url);
      const answer = await browser.signIn(reviewer, nextStep());
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ account: { id: 'r.weber', roles: ['reviewer'] } });
      const cookie = answer.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^bo_session=[A-Za-z0-9_-]{43};/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect((await browser.request('GET', '/bo/api/session')).status).toBe(200);
      // Only the token's hash is kept.
      const token = browser.cookie!.split('=')[1]!;
      expect((await db.query('SELECT 1 FROM bo_sessions WHERE token_sha256 = $1', [token])).rowCount).toBe(0);
    });

    it('refuses a code used once already, also for the right password', async () => {
      const at = nextStep();
      expect((await new StaffBrowser(running.url).signIn(reviewer, at)).status).toBe(200);
      const replay = await new StaffBrowser(running.url).signIn(reviewer, at);
      expect(replay.status).toBe(401);
      expect(replay.body).toMatchObject({ error: { code: 'sign_in_invalid' } });
    });

    it('answers a wrong password, a wrong code and an unknown account the same, and audits the attempts on real accounts', async () => {
      const who = await staffAccount(db, 'a.same', ['reviewer']);
      const at = nextStep();
      const wrongPassword = await new StaffBrowser(running.url).signIn(who, at, { password: 'not-the-password' });
      const wrongCode = await new StaffBrowser(running.url).signIn(who, at, { totp: totpCode(who.totpSecret, new Date(at.getTime() + 10 * 60_000)) });
      const unknown = await new StaffBrowser(running.url).signIn({ ...who, id: 'nobody.here' }, at);
      for (const a of [wrongPassword, wrongCode, unknown]) {
        expect(a.status).toBe(401);
        expect(a.body).toEqual(wrongPassword.body);
      }
      expect(await audits('a.same')).toEqual(['sign-in.invalid', 'sign-in.invalid']);
      expect((await db.query("SELECT 1 FROM bo_audit WHERE action = 'sign-in.invalid' AND account_id IS NULL")).rowCount).toBeGreaterThan(0);
    });

    it('counts concurrent wrong passwords atomically and locks; the right password then learns it is locked, a wrong one does not', async () => {
      const target = await staffAccount(db, 'l.locked', ['reviewer']);
      const at = nextStep();
      const burst = await Promise.all(Array.from({ length: 12 }, () => new StaffBrowser(running.url).signIn(target, at, { password: 'wrong-password-guess' })));
      expect(burst.every((a) => a.status === 401)).toBe(true);
      const row = (await db.query<{ failed_attempts: number; locked_until: Date | null }>('SELECT failed_attempts, locked_until FROM bo_accounts WHERE id = $1', ['l.locked'])).rows[0]!;
      expect(row.failed_attempts).toBe(12);
      expect(row.locked_until).not.toBeNull();
      const wrong = await new StaffBrowser(running.url).signIn(target, nextStep(), { password: 'still-wrong-pass' });
      expect(wrong.body).toMatchObject({ error: { code: 'sign_in_invalid' } });
      const right = await new StaffBrowser(running.url).signIn(target, nextStep());
      expect(right.status).toBe(403);
      expect(right.body).toMatchObject({ error: { code: 'sign_in_locked' } });
      // After the lock period the right password and code work again.
      clock += 16 * 60_000;
      expect((await new StaffBrowser(running.url).signIn(target, nextStep())).status).toBe(200);
    });

    it('tells a disabled account only with the right password and code, and ends its sessions', async () => {
      const gone = await staffAccount(db, 'd.disabled', ['reviewer']);
      const browser = new StaffBrowser(running.url);
      expect((await browser.signIn(gone, nextStep())).status).toBe(200);
      await db.query('UPDATE bo_accounts SET disabled_at = now() WHERE id = $1', ['d.disabled']);
      expect((await browser.request('GET', '/bo/api/session')).status).toBe(401);
      expect((await new StaffBrowser(running.url).signIn(gone, nextStep(), { password: 'wrong-password-x' })).body).toMatchObject({ error: { code: 'sign_in_invalid' } });
      expect((await new StaffBrowser(running.url).signIn(gone, nextStep())).body).toMatchObject({ error: { code: 'sign_in_disabled' } });
    });

    it('refuses a change without the session’s CSRF token or from another origin, and audits the refusal', async () => {
      const browser = new StaffBrowser(running.url);
      await browser.signIn(reviewer, nextStep());
      const noToken = await browser.request('POST', '/bo/api/sign-out', undefined, { 'x-csrf-token': 'forged-token' });
      expect(noToken.status).toBe(403);
      expect(noToken.body).toMatchObject({ error: { code: 'csrf' } });
      const otherSite = await browser.request('POST', '/bo/api/sign-out', undefined, { origin: 'https://evil.example' });
      expect(otherSite.body).toMatchObject({ error: { code: 'bad_origin' } });
      expect((await browser.request('GET', '/bo/api/session')).status).toBe(200);
      expect(await audits('r.weber')).toContain('refused.csrf');
      expect((await browser.request('POST', '/bo/api/sign-out')).status).toBe(200);
      expect((await browser.request('GET', '/bo/api/session')).status).toBe(401);
    });

    it('ends a session after the idle time', async () => {
      const browser = new StaffBrowser(running.url);
      await browser.signIn(reviewer, nextStep());
      clock += 31 * 60_000;
      expect((await browser.request('GET', '/bo/api/session')).status).toBe(401);
    });

    it('sets Secure and the __Host- prefix behind TLS', async () => {
      const secure = await startService(db, { now, backoffice: { secureCookies: true } });
      try {
        const answer = await new StaffBrowser(secure.url).signIn(reviewer, nextStep());
        expect(answer.headers.get('set-cookie')).toMatch(/^__Host-bo_session=.*; Secure/i);
      } finally {
        await secure.stop();
      }
    });
  });
}
