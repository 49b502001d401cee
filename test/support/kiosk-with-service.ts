import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { z } from 'zod';
import { adminHeaders, startService, type RunningService } from '../integration/sync-support/service-harness';
import { openPglite, type Database as ServiceDatabase } from '../../service/db/database';
import { ChangeRequestStatus, EnrollmentToken } from '../../main/contract/service-api';
import { enrolledIdentity, enrollStation, loadIdentity } from '../../main/sync/identity';
import { fetchMemberState } from '../../main/sync/online';
import { ServiceApi } from '../../main/sync/service-api-client';
import { ServiceClient } from '../../main/sync/service-client';
import { createChangeRequestSource } from '../../main/kiosk/payout-online';
import { createInsurerIdentity } from '../../main/kiosk/insurer-identity';
import { readyCard, setup } from './kiosk-setup';
import { useTempDir } from './temp-dir';
import { openStationDatabase } from '../../main/store/database';

/**
 * A kiosk (kiosk-setup.ts) enrolled with the real bonus service, in process on PGlite, for the
 * payout and protected-change tests; only the card reader is driven by hand (the e2e spec uses
 * the virtual eGK). The member is the kiosk tests' card holder, seeded at the service.
 */
export const newIban = 'DE02120300000000202051';
export const seededMember = {
  kvnr: 'A123457895',
  cardNumber: '80276883110000012345',
  firstName: 'Hans-Jürgen',
  lastName: 'Müller',
  birthDate: '1967-03-12',
  // The insurer's record: the kiosk's second factor is checked against it.
  postalCode: '70173',
  bank: { iban: 'DE89370400440532013000', accountHolder: 'Hans-Jürgen Müller' },
  participation: [{ year: 2026, program: 'adult' as const, declaredAt: '2026-01-10T09:00:00.000Z' }],
  credited: [{ year: 2026, measures: [1, 7, 12] }],
};

const tempDir = useTempDir('kiosk-service-');

export function useKioskWithService() {
  let serviceDb: ServiceDatabase;
  let running: RunningService;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    serviceDb = await openPglite();
    running = await startService(serviceDb, { changeWindowMinutes: 30 });
  });
  afterAll(async () => {
    await running?.stop();
    await serviceDb?.close();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const seed = async (overrides: Partial<typeof seededMember> = {}) => {
    await running.admin.json('PUT', '/v1/admin/members', z.unknown(), { ...seededMember, ...overrides }, adminHeaders);
  };

  /** A kiosk with its payout screen, enrolled with `service` (or pointed at a dead address: offline). */
  const kioskAt = async (options: { service?: RunningService; offline?: boolean; today?: string; maxWaitMs?: number; appApproval?: 'off' | 'required'; offlineIdentity?: 'reduced' | 'refuse' } = {}) => {
    const service = options.service ?? running;
    const stationId = `kiosk-${randomUUID().slice(0, 8)}`;
    // Port 9 (discard) on loopback: nothing listens, so every call fails as a network error.
    const url = options.offline ? 'http://127.0.0.1:9' : service.url;
    const store = openStationDatabase({ path: join(tempDir(), `station-${stationId}.db`), key: randomBytes(32) });
    // The station's one service client, signing once the station is enrolled (below).
    const api = ServiceApi.create({ baseUrl: url }, enrolledIdentity(store.db));
    cleanups.push(() => {
      api.close();
      store.close();
    });
    const kiosk = setup({
      store,
      stationId,
      now: `${options.today ?? '2027-02-01'}T10:00:00Z`,
      online: () => ({ memberState: (card) => fetchMemberState(api, card, { timeoutMs: 2_000 }) }),
      changes: () => createChangeRequestSource(api, 2_000),
      insurer: () => createInsurerIdentity(api, 2_000),
      approvalPollMs: 25,
      ...(options.appApproval ? { appApproval: options.appApproval } : {}),
      ...(options.offlineIdentity ? { offlineIdentity: options.offlineIdentity } : {}),
      ...(options.maxWaitMs ? { maxChangeWaitMs: options.maxWaitMs } : {}),
    });
    const { token } = await running.admin.json('POST', '/v1/admin/enrollment-tokens', EnrollmentToken, { stationId, mode: 'kiosk', branch: 'Testfiliale' }, adminHeaders);
    const enrolling = ServiceApi.create({ baseUrl: running.url });
    await enrollStation(kiosk.store.db, enrolling, stationId, token, 'kiosk');
    enrolling.close();
    const { payout, changes } = kiosk.kiosk;
    /** Card in, postal code confirmed (by the insurer, or offline by the card), the insurer's answer (or its absence) in. */
    const signIn = async (sessionId = 's1') => {
      kiosk.insert(readyCard(sessionId));
      expect(await kiosk.kiosk.identification.confirmIdentity('70173')).toEqual({ ok: true });
      await vi.waitFor(() => expect(kiosk.kiosk.session.memberState()?.status).toMatch(/loaded|unavailable/), { timeout: 5_000 });
    };
    const signed = () => new ServiceClient({ baseUrl: running.url }, loadIdentity(kiosk.store.db)!.identity);
    return { ...kiosk, payout, changes, signIn, signed };
  };

  const changeRow = async (kvnr = seededMember.kvnr) =>
    (await serviceDb.query<{ id: string; state: string }>('SELECT id, state FROM change_requests WHERE kvnr = $1 ORDER BY created_at DESC LIMIT 1', [kvnr])).rows[0];
  const answer = (id: string, approve: boolean) => running.admin.json('POST', `/v1/member-app/change-requests/${id}/response`, ChangeRequestStatus, { approve }, adminHeaders);

  return { seed, kioskAt, changeRow, answer, cleanups, serviceDb: () => serviceDb, running: () => running };
}
