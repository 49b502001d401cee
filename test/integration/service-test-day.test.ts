import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SubmissionReceipt, type SubmissionUpload } from '../../main/contract/service-api';
import { berlinDateOf, testDayClock } from '../../main/domain';
import type { StationIdentity } from '../../main/sync/station-key';
import type { ServiceClient } from '../../main/sync/service-client';
import type { Database } from '../../service/db/database';
import { openPglite } from '../../service/db/database';
import { raw, signedJson } from './sync-support/raw';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';

/**
 * SERVICE_TEST_TODAY (the service's `rulesNow`): a test pins the day of the date rules, as the
 * kiosk's BONUS_STATION_TEST_TODAY pins the kiosk's, so that specs dating entries on 10.02. pass
 * in January too. The day moves; the clock that guards requests does not: a request signed at the
 * real time passes, one signed at the test day's time is refused as stale.
 */
const nextYear = Number(berlinDateOf(Date.now()).slice(0, 4)) + 1;
// After the real day on every day of the year: the measure below lies ahead of the real clock.
const day = `${nextYear}-03-02`;
const member = { kvnr: 'D300000777', cardNumber: '80276001234567890777', firstName: 'Theo', lastName: 'Teilnehmer', birthDate: '1980-04-02', participation: [{ year: nextYear, program: 'adult', declaredAt: `${nextYear}-01-10T09:00:00.000Z` }], credited: [] };

function evidence(createdAt: Date): SubmissionUpload {
  return {
    id: randomUUID(),
    kind: 'measures',
    createdAt: createdAt.toISOString(),
    participationYear: nextYear,
    member: { kvnr: member.kvnr, cardNumber: member.cardNumber },
    measures: [{ measure: 8, performedOn: `${nextYear}-02-10`, evidence: [{ kind: 'dated-self-declaration' }] }],
  };
}

describe('the service on a test day (SERVICE_TEST_TODAY)', () => {
  let db: Database;
  let pinned: RunningService;
  let real: RunningService;
  let client: ServiceClient;
  let identity: StationIdentity;
  const onDay = testDayClock('SERVICE_TEST_TODAY', day);

  beforeAll(async () => {
    db = await openPglite();
    pinned = await startService(db, { rulesNow: onDay });
    real = await startService(db);
    await pinned.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
    ({ client, identity } = await enrollStation(pinned, 'kiosk-test-day'));
  });
  afterAll(async () => {
    client?.close();
    await pinned?.stop();
    await real?.stop();
    await db?.close();
  });

  it('evaluates a measure dated before the test day but after the real one as counted', async () => {
    expect(berlinDateOf(onDay().getTime())).toBe(day);
    const upload = evidence(onDay());
    const stored = await client.json('PUT', `/v1/submissions/${upload.id}`, SubmissionReceipt, upload);
    expect(stored.evaluation).toMatchObject({ engine: 'evaluated', totalCents: 1000, findings: [] });
  });

  it('on the real day the same measure lies in the future and does not count (what the test day is for)', async () => {
    const upload = evidence(new Date());
    const signed = signedJson(identity, 'PUT', `/v1/submissions/${upload.id}`, upload);
    const answer = await raw(real.url, 'PUT', `/v1/submissions/${upload.id}`, { body: signed.body, headers: signed.headers });
    expect(answer.status).toBe(200);
    const evaluation = SubmissionReceipt.parse(answer.body).evaluation;
    expect(evaluation.totalCents).toBe(0);
    expect(evaluation.findings.some((f) => f.startsWith('measure.8.'))).toBe(true);
  });

  it('keeps the real clock for signatures: a request signed at the test day’s time is refused as stale', async () => {
    const upload = evidence(onDay());
    const early = signedJson(identity, 'PUT', `/v1/submissions/${upload.id}`, upload, onDay());
    const answer = await raw(pinned.url, 'PUT', `/v1/submissions/${upload.id}`, { body: early.body, headers: early.headers });
    expect(answer.body.error?.code).toBe('stale');
    const inTime = signedJson(identity, 'PUT', `/v1/submissions/${upload.id}`, upload);
    expect((await raw(pinned.url, 'PUT', `/v1/submissions/${upload.id}`, { body: inTime.body, headers: inTime.headers })).status).toBe(200);
  });
});
