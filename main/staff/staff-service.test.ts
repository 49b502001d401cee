import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir';
import type { StationMode } from '../contract';
import { EventHub } from '../runtime/event-hub';
import { createLogger, memorySink } from '../runtime/logger';
import { verifyAuditChain } from '../store/audit-log';
import { openStationDatabase, type StationDatabase } from '../store/database';
import { StaffInputError, StaffService } from './staff-service';

const tempDir = useTempDir();
const stores: StationDatabase[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function setup(mode: StationMode = 'clerk', clock = { t: Date.parse('2026-11-22T09:00:00Z') }) {
  const store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
  stores.push(store);
  const sink = memorySink();
  const events = new EventHub(createLogger('t', sink));
  const seen: unknown[] = [];
  events.subscribe((name, payload) => name === 'staffSession' && seen.push(payload));
  const staff = new StaffService({ db: store.db, mode, events, log: createLogger('staff', sink), inactivitySeconds: 300, now: () => new Date(clock.t) });
  staff.start();
  return { staff, store, clock, seen, logs: sink.records };
}

const password = 'Sommer-Kaffee-42';

describe('staff sign-in', () => {
  it('signs a clerk in at a clerk station and audits it with the staff id', async () => {
    const { staff, store } = await setup();
    await staff.createAccount({ staffId: 'c.mueller', displayName: 'Claudia Müller', role: 'clerk', password }, 'cli');
    const result = await staff.signIn('c.mueller', password);
    expect(result).toMatchObject({ ok: true, session: { staffId: 'c.mueller', role: 'clerk', expiresAt: '2026-11-22T09:05:00.000Z' } });
    const audit = store.db.prepare('SELECT actor, action FROM audit_log ORDER BY seq').all();
    expect(audit).toEqual([
      { actor: 'cli', action: 'staff.account.create' },
      { actor: 'staff:c.mueller', action: 'staff.signin' },
    ]);
    expect(verifyAuditChain(store.db)).toBeNull();
  });

  it('stores only a salted scrypt hash of the password', async () => {
    const { staff, store } = await setup();
    await staff.createAccount({ staffId: 'a1', displayName: 'Admin Eins', role: 'admin', password }, 'cli');
    await staff.createAccount({ staffId: 'a2', displayName: 'Admin Zwei', role: 'admin', password }, 'cli');
    const hashes = store.db.prepare('SELECT password_hash FROM staff_account').pluck().all() as string[];
    expect(hashes.every((h) => h.startsWith('scrypt$') && !h.includes(password))).toBe(true);
    expect(hashes[0]).not.toBe(hashes[1]);
  });

  it('gives the same answer for an unknown id and a wrong password', async () => {
    const { staff } = await setup();
    await staff.createAccount({ staffId: 'c1', displayName: 'Clerk Eins', role: 'clerk', password }, 'cli');
    expect(await staff.signIn('nobody', password)).toEqual({ ok: false, reason: 'invalid' });
    expect(await staff.signIn('c1', 'wrong-password-123')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('locks an account after five wrong passwords, also against the right one, until the lock ends', async () => {
    const { staff, clock, store } = await setup();
    await staff.createAccount({ staffId: 'c1', displayName: 'Clerk Eins', role: 'clerk', password }, 'cli');
    for (let i = 0; i < 5; i++) expect(await staff.signIn('c1', `wrong-${i}-password`)).toEqual({ ok: false, reason: 'invalid' });
    expect(store.db.prepare('SELECT locked_until FROM staff_account').pluck().get()).toBe('2026-11-22T09:15:00.000Z');
    expect(await staff.signIn('c1', password)).toEqual({ ok: false, reason: 'invalid' });
    clock.t += 15 * 60_000 - 1;
    expect(await staff.signIn('c1', password)).toEqual({ ok: false, reason: 'invalid' });
    clock.t += 1;
    expect((await staff.signIn('c1', password)).ok).toBe(true);
    expect(store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'staff.locked'").pluck().get()).toBe(1);
  });

  it('starts counting anew after a lock ended and after a right password', async () => {
    const { staff, clock } = await setup();
    await staff.createAccount({ staffId: 'c1', displayName: 'Clerk Eins', role: 'clerk', password }, 'cli');
    for (let i = 0; i < 4; i++) await staff.signIn('c1', `wrong-${i}-password`);
    expect((await staff.signIn('c1', password)).ok).toBe(true);
    for (let i = 0; i < 4; i++) await staff.signIn('c1', `wrong-${i}-password`);
    expect((await staff.signIn('c1', password)).ok).toBe(true);
    for (let i = 0; i < 5; i++) await staff.signIn('c1', `wrong-${i}-password`);
    clock.t += 15 * 60_000;
    for (let i = 0; i < 4; i++) await staff.signIn('c1', `wrong-${i}-password`);
    expect((await staff.signIn('c1', password)).ok).toBe(true);
  });

  it('lets only the roles of the station kind sign in, and at a kiosk only the station admin', async () => {
    const clerkStation = await setup('clerk');
    await clerkStation.staff.createAccount({ staffId: 'f1', displayName: 'Field Eins', role: 'field', password }, 'cli');
    expect(await clerkStation.staff.signIn('f1', password)).toEqual({ ok: false, reason: 'role' });
    const kiosk = await setup('kiosk');
    await kiosk.staff.createAccount({ staffId: 'c1', displayName: 'Clerk Eins', role: 'clerk', password }, 'cli');
    await kiosk.staff.createAccount({ staffId: 'a1', displayName: 'Admin Eins', role: 'admin', password }, 'cli');
    expect(await kiosk.staff.signIn('c1', password)).toEqual({ ok: false, reason: 'role' });
    expect(await kiosk.staff.signIn('a1', password)).toMatchObject({ ok: true, session: { role: 'admin' } });
  });

  it("ends the admin's session at a kiosk when a member's card arrives, and refuses a sign-in while it is there", async () => {
    const events = new EventHub(createLogger('t', memorySink()));
    const store = openStationDatabase({ path: join(tempDir(), 'station.db'), key: randomBytes(32) });
    stores.push(store);
    const staff = new StaffService({ db: store.db, mode: 'kiosk', events, log: createLogger('staff', memorySink()), inactivitySeconds: 300 });
    staff.start();
    await staff.createAccount({ staffId: 'a1', displayName: 'Admin Eins', role: 'admin', password }, 'cli');
    events.publish('kioskState', { stage: 'idle' });
    expect((await staff.signIn('a1', password)).ok).toBe(true);
    events.publish('kioskState', { stage: 'reading' });
    expect(staff.current()).toBeNull();
    await expect(staff.signIn('a1', password)).rejects.toMatchObject({ code: 'conflict' });
    events.publish('kioskState', { stage: 'idle' });
    expect((await staff.signIn('a1', password)).ok).toBe(true);
    staff.stop();
  });

  it('ends the session after the inactivity time, and activity keeps it alive', async () => {
    const { staff, clock, seen } = await setup();
    await staff.createAccount({ staffId: 'c1', displayName: 'Clerk Eins', role: 'clerk', password }, 'cli');
    await staff.signIn('c1', password);
    clock.t += 299_000;
    expect(staff.touch()?.expiresAt).toBe(new Date(clock.t + 300_000).toISOString());
    clock.t += 299_000;
    expect(staff.current()).not.toBeNull();
    clock.t += 2_000;
    expect(staff.current()).toBeNull();
    expect(seen.at(-1)).toEqual({ state: 'signed-out', session: null, reason: 'expired' });
    expect(() => staff.require('clerk')).toThrow(/Staff sign-in required/);
  });

  it('checks the role of a staff function', async () => {
    const { staff } = await setup();
    await staff.createAccount({ staffId: 'c1', displayName: 'Clerk Eins', role: 'clerk', password }, 'cli');
    await staff.signIn('c1', password);
    expect(staff.require('clerk', 'admin').staffId).toBe('c1');
    expect(() => staff.require('admin')).toThrow(/may not do this/);
    expect(staff.signOut()).toBe(true);
    expect(staff.signOut()).toBe(false);
  });

  it('refuses bad account data with the field named, and never logs passwords or names', async () => {
    const { staff, logs } = await setup();
    await expect(staff.createAccount({ staffId: 'Bad Id', displayName: 'X Y', role: 'clerk', password }, 'cli')).rejects.toThrow(StaffInputError);
    await expect(staff.createAccount({ staffId: 'ok1', displayName: 'X Y', role: 'clerk', password: 'short' }, 'cli')).rejects.toThrow(/password: at least 10/);
    await staff.createAccount({ staffId: 'ok1', displayName: 'Claudia Müller', role: 'clerk', password }, 'cli');
    await expect(staff.createAccount({ staffId: 'ok1', displayName: 'Again', role: 'clerk', password }, 'cli')).rejects.toThrow(/exists/);
    await staff.signIn('ok1', 'wrong-password-here');
    expect(JSON.stringify(logs)).not.toMatch(/Sommer|Müller|wrong-password/);
  });
});
