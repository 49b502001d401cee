import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StationMode } from '../../main/contract';
import { IdentityCheckResult, IdentityLockStatus } from '../../main/contract/service-api';
import { createStation } from '../../main/station/create-station';
import type { Station } from '../../main/station/station-options';
import { enrolledIdentity, enrollStation as enrollStationDb } from '../../main/sync/identity';
import { ServiceApi } from '../../main/sync/service-api-client';
import type { ServiceClient } from '../../main/sync/service-client';
import { trustPolicy } from '../../service/auth/trust-policy';
import { openPglite, type Database as ServiceDatabase } from '../../service/db/database';
import { addStaffAccount, testStationOptions } from '../support/station-setup';
import { useTempDir } from '../support/temp-dir';
import { adminHeaders, enrollmentToken, enrollStation, startService, type RunningService } from './sync-support/service-harness';

/**
 * The clerk desk lifts a member's kiosk lock: the whole station (createStation, its dispatcher,
 * staff sign-in, member pick, service client) against the real service in process on PGlite.
 * A member locked by three wrong answers at a kiosk is shown locked and unlocked by a signed-in
 * clerk who confirmed the photo ID; offline, refused and unknown members get their own answer
 * and change nothing; a kiosk station has no working channel for it.
 */
const tempDir = useTempDir('identity-lock-');
const password = 'Sommer-Kaffee-42';
const locked = { kvnr: 'A123457895', cardNumber: '80276883110000012345', firstName: 'Hans-Jürgen', lastName: 'Müller', birthDate: '1967-03-12', postalCode: '70173' };
// A KVNR with a valid check digit that the insurer's register does not hold.
const stranger = 'B987654320';

describe('the clerk desk and a member locked out of the kiosk', () => {
  let serviceDb: ServiceDatabase;
  let running: RunningService;
  let kiosk: ServiceClient;
  const stations: Station[] = [];

  const check = (answer: string) => kiosk.json('POST', '/v1/members/identity-check', IdentityCheckResult, { kvnr: locked.kvnr, cardNumber: locked.cardNumber, factor: 'postalCode', answer });
  /** The lock as the service's own table holds it: what a station could have changed. */
  const lockRow = async () => (await serviceDb.query<{ failed_attempts: number; locked_until: Date | null }>('SELECT failed_attempts, locked_until FROM identity_checks WHERE kvnr = $1', [locked.kvnr])).rows[0] ?? null;
  const lockOut = async () => {
    for (const answer of ['11111', '22222', '33333']) await check(answer);
    expect((await check(locked.postalCode)).outcome).toBe('locked');
  };

  /**
   * A station of `mode`, its database enrolled at the service as `enrolledAs`, and configured to
   * reach the service at `url` (a dead port: offline; null: no service configured, not enrolled).
   */
  async function station(stationId: string, options: { mode?: StationMode; enrolledAs?: StationMode; url?: string | null } = {}) {
    const mode = options.mode ?? 'clerk';
    const url = options.url === undefined ? running.url : options.url;
    const built = createStation(testStationOptions({ mode, scanner: { sane: false }, card: { reader: `${stationId} no reader` }, ...(url ? { service: { url } } : {}) }, tempDir()));
    stations.push(built);
    if (url) {
      const enrolling = ServiceApi.create({ baseUrl: running.url }, enrolledIdentity(built.store.db));
      const enrolledAs = options.enrolledAs ?? mode;
      await enrollStationDb(built.store.db, enrolling, stationId, await enrollmentToken(running, stationId, enrolledAs), enrolledAs);
      enrolling.close();
    }
    await built.start();
    await addStaffAccount(built.store.db, mode, { staffId: 'c.mueller', displayName: 'Claudia Müller', role: mode === 'kiosk' ? 'admin' : 'clerk', password });
    const call = (method: string, input: unknown = {}) => built.dispatch(method, input, { transport: 'loopback' });
    return { station: built, call };
  }
  async function signedInClerk(stationId: string, options: Parameters<typeof station>[1] = {}) {
    const desk = await station(stationId, options);
    expect((await desk.call('staffSignIn', { staffId: 'c.mueller', password })).ok).toBe(true);
    const picked = await desk.call('clerkPickMemberByKvnr', { kvnr: locked.kvnr, birthDate: locked.birthDate });
    if (!picked.ok || !(picked.value as { ok: boolean }).ok) throw new Error(`pick failed: ${JSON.stringify(picked)}`);
    return { ...desk, pickId: (picked.value as { member: { pickId: string } }).member.pickId };
  }

  /** Both methods answer `problem` for the desk's pick, and the service's lock is as it was and still holds. */
  async function answersWithLockKept(desk: Awaited<ReturnType<typeof signedInClerk>>, problem: string) {
    const before = await lockRow();
    expect(await desk.call('clerkIdentityLockStatus', { pickId: desk.pickId })).toEqual({ ok: true, value: { ok: false, problem } });
    expect(await desk.call('clerkLiftIdentityLock', { pickId: desk.pickId, idChecked: true })).toEqual({ ok: true, value: { ok: false, problem } });
    expect(await lockRow()).toEqual(before);
    expect((await check(locked.postalCode)).outcome).toBe('locked');
  }

  beforeAll(async () => {
    serviceDb = await openPglite();
    running = await startService(serviceDb, { trust: trustPolicy({ identity: { maxAttempts: 3, lockHours: 24, approvalSeconds: 120 } }) });
    await running.admin.json('PUT', '/v1/admin/members', z.unknown(), locked, adminHeaders);
    ({ client: kiosk } = await enrollStation(running, 'kiosk-lock-test', 'kiosk'));
  }, 120_000);
  afterEach(async () => {
    for (const s of stations.splice(0)) await s.stop();
    await serviceDb.query('DELETE FROM identity_checks');
  });
  afterAll(async () => {
    await running?.stop();
    await serviceDb?.close();
  });

  it('shows the lock and its end to a signed-in clerk, lifts it once the photo ID is confirmed, and the kiosk lets the member in', async () => {
    await lockOut();
    const desk = await signedInClerk('clerk-lift');
    const status = await desk.call('clerkIdentityLockStatus', { pickId: desk.pickId });
    const row = await lockRow();
    expect(status).toEqual({ ok: true, value: { ok: true, lockedUntil: row!.locked_until!.toISOString(), failedAttempts: 3 } });

    // Without the photo ID confirmed, the contract refuses and nothing is sent.
    expect(await desk.call('clerkLiftIdentityLock', { pickId: desk.pickId, idChecked: false })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await desk.call('clerkLiftIdentityLock', { pickId: desk.pickId })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await lockRow())?.locked_until).not.toBeNull();

    expect(await desk.call('clerkLiftIdentityLock', { pickId: desk.pickId, idChecked: true })).toEqual({ ok: true, value: { ok: true, wasLocked: true } });
    expect(await desk.call('clerkIdentityLockStatus', { pickId: desk.pickId })).toEqual({ ok: true, value: { ok: true, lockedUntil: null, failedAttempts: 0 } });
    expect(await check(locked.postalCode)).toEqual({ outcome: 'confirmed' });

    // Audited at the service with the signed-in clerk's id, and in the station's own log without the KVNR.
    const audit = (await serviceDb.query<{ action: string; staff_id: string; station_id: string }>("SELECT action, staff_id, station_id FROM station_audit WHERE subject = $1 AND action LIKE 'identity.lock-%' ORDER BY seq", [locked.kvnr])).rows;
    expect(audit).toEqual([
      { action: 'identity.lock-status', staff_id: 'c.mueller', station_id: 'clerk-lift' },
      { action: 'identity.lock-reset', staff_id: 'c.mueller', station_id: 'clerk-lift' },
      { action: 'identity.lock-status', staff_id: 'c.mueller', station_id: 'clerk-lift' },
    ]);
    const local = desk.station.store.db.prepare("SELECT actor, action, subject, detail FROM audit_log WHERE action LIKE 'clerk.identity-lock%' ORDER BY seq").all() as { actor: string; action: string; subject: string; detail: string }[];
    expect(local.map((e) => [e.actor, e.action])).toEqual([
      ['staff:c.mueller', 'clerk.identity-lock.status'],
      ['staff:c.mueller', 'clerk.identity-lock.lift'],
      ['staff:c.mueller', 'clerk.identity-lock.status'],
    ]);
    expect(JSON.stringify(local)).not.toContain(locked.kvnr);
  });

  it('refuses when nobody is signed in or the pick is gone, and the lock stays', async () => {
    await lockOut();
    const desk = await signedInClerk('clerk-signed-out');
    expect(await desk.call('clerkLiftIdentityLock', { pickId: 'not-a-pick', idChecked: true })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await desk.call('staffSignOut')).ok).toBe(true);
    expect(await desk.call('clerkIdentityLockStatus', { pickId: desk.pickId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await desk.call('clerkLiftIdentityLock', { pickId: desk.pickId, idChecked: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await lockRow())?.locked_until).not.toBeNull();
    expect((await check(locked.postalCode)).outcome).toBe('locked');
  });

  it('says "offline" when the service cannot be reached, and the lock stays', async () => {
    await lockOut();
    // Enrolled, but its service address is a dead port on loopback (discard): every call fails on the network.
    await answersWithLockKept(await signedInClerk('clerk-offline', { url: 'http://127.0.0.1:9' }), 'offline');
  });

  it('says "refused" when the service does not know this station as a clerk desk (a kiosk disk whose config was switched to clerk mode)', async () => {
    await lockOut();
    await answersWithLockKept(await signedInClerk('kiosk-posing-as-clerk', { enrolledAs: 'kiosk' }), 'refused');
    // The service audited both refusals, and nothing it would audit for a clerk desk.
    const audit = (await serviceDb.query<{ action: string; subject: string }>("SELECT action, subject FROM station_audit WHERE station_id = 'kiosk-posing-as-clerk' AND (action LIKE 'identity.%' OR subject LIKE '%identity-lock%') ORDER BY seq")).rows;
    expect(audit).toEqual([
      { action: 'station.mode-refused', subject: 'POST /v1/members/identity-lock/status' },
      { action: 'station.mode-refused', subject: 'POST /v1/members/identity-lock/reset' },
    ]);
  });

  it('says "no service" at a clerk station configured without one', async () => {
    await lockOut();
    await answersWithLockKept(await signedInClerk('clerk-no-service', { url: null }), 'no-service');
  });

  it('says "unknown member" for a KVNR the insurer does not hold', async () => {
    const desk = await signedInClerk('clerk-unknown');
    const picked = await desk.call('clerkPickMemberByKvnr', { kvnr: stranger, birthDate: '1980-01-01' });
    const pickId = (picked as { value: { member: { pickId: string } } }).value.member.pickId;
    expect(await desk.call('clerkIdentityLockStatus', { pickId })).toEqual({ ok: true, value: { ok: false, problem: 'unknown-member' } });
    expect(await desk.call('clerkLiftIdentityLock', { pickId, idChecked: true })).toEqual({ ok: true, value: { ok: false, problem: 'unknown-member' } });
  });

  it('gives a kiosk station no working channel for it, even with staff signed in: refused in main before the service is asked', async () => {
    await lockOut();
    const before = await lockRow();
    const desk = await station('kiosk-desk', { mode: 'kiosk' });
    expect((await desk.call('staffSignIn', { staffId: 'c.mueller', password })).ok).toBe(true);
    const requestsBefore = (await serviceDb.query("SELECT count(*)::int AS n FROM station_audit WHERE station_id = 'kiosk-desk'")).rows[0];
    expect(await desk.call('clerkIdentityLockStatus', { pickId: 'any' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await desk.call('clerkLiftIdentityLock', { pickId: 'any', idChecked: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await lockRow()).toEqual(before);
    expect((await serviceDb.query("SELECT count(*)::int AS n FROM station_audit WHERE station_id = 'kiosk-desk'")).rows[0]).toEqual(requestsBefore);
    // And the service refuses the kiosk's own key directly (test/security/h02-second-factor-service.test.ts).
    await expect(kiosk.json('POST', '/v1/members/identity-lock/status', IdentityLockStatus, { kvnr: locked.kvnr, staffId: 'c.mueller' })).rejects.toMatchObject({ status: 403 });
  });
});
