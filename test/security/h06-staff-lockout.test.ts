import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StaffService } from '../../main/staff/staff-service';
import { EventHub } from '../../main/runtime/event-hub';
import { createLogger, memorySink } from '../../main/runtime/logger';
import { openStationDatabase, type StationDatabase } from '../../main/store/database';
import { useTempDir } from '../support/temp-dir';

/**
 * Hole 6: someone at a clerk station guesses a colleague's password. Attempts must be counted
 * before the slow password check, so that a burst of parallel guesses locks the account like
 * the same guesses one after the other; and the answer to a wrong password must not say whether
 * the account is locked or disabled.
 */
const tempDir = useTempDir();
const stores: StationDatabase[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

const password = 'Sommer-Kaffee-42';

async function station() {
  const store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
  stores.push(store);
  const log = createLogger('t', memorySink());
  const clock = { t: Date.parse('2026-11-22T09:00:00Z') };
  const staff = new StaffService({ db: store.db, mode: 'clerk', events: new EventHub(log), log, inactivitySeconds: 300, maxFailedAttempts: 5, lockMinutes: 15, now: () => new Date(clock.t) });
  staff.start();
  await staff.createAccount({ staffId: 'c1', displayName: 'Clerk Eins', role: 'clerk', password }, 'cli');
  await staff.createAccount({ staffId: 'c2', displayName: 'Clerk Zwei', role: 'clerk', password }, 'cli');
  return { staff, store, clock };
}

describe('hole 6: staff lockout against parallel guessing', () => {
  it('locks after 12 parallel wrong passwords, so that the right one is refused until the lock ends', async () => {
    const { staff, store, clock } = await station();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => staff.signIn('c1', `wrong-password-${i}`)));
    expect(answers.every((a) => !a.ok)).toBe(true);
    const row = store.db.prepare('SELECT locked_until FROM staff_account WHERE staff_id = ?').get('c1') as { locked_until: string | null };
    expect(row.locked_until).not.toBeNull();
    expect(await staff.signIn('c1', password)).toEqual({ ok: false, reason: 'invalid' });
    expect(staff.current()).toBeNull();
    clock.t += 15 * 60_000;
    expect((await staff.signIn('c1', password)).ok).toBe(true);
  });

  it('gives the same answer to a wrong password for an active, a locked, a disabled and an unknown account', async () => {
    const { staff, store } = await station();
    for (let i = 0; i < 5; i++) await staff.signIn('c2', `wrong-password-${i}`);
    store.db.prepare('UPDATE staff_account SET disabled_at = ? WHERE staff_id = ?').run('2026-11-01T00:00:00Z', 'c1');
    const answers = await Promise.all([staff.signIn('c1', 'wrong-password-x'), staff.signIn('c2', 'wrong-password-x'), staff.signIn('nobody', 'wrong-password-x')]);
    expect(answers).toEqual([
      { ok: false, reason: 'invalid' },
      { ok: false, reason: 'invalid' },
      { ok: false, reason: 'invalid' },
    ]);
    // The disabled state is told only to whoever knows the password.
    expect(await staff.signIn('c1', password)).toEqual({ ok: false, reason: 'disabled' });
  });
});
