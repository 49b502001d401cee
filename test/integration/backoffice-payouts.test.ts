import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DecisionFeed, SubmissionReceipt, type SubmissionUpload } from '../../main/contract/service-api';
import { testDayClock } from '../../main/domain';
import type { ServiceClient } from '../../main/sync/service-client';
import type { Database } from '../../service/db/database';
import type { PayoutOverview } from '../../service/backoffice/api';
import { checkPain001 } from '../../service/backoffice/payouts/pain001';
import { signedInBrowser, staffAccount, type StaffAccount } from './backoffice-support/staff-browser';
import { databaseKinds } from './sync-support/databases';
import { member } from './sync-support/fixtures';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';

/**
 * Payouts in the back office (issue 18): the service's own amount, four-eyes above the configured
 * amount, a run exported as pain.001 (checked: structure, sums, control sums, IBANs), the tax-report
 * data of §2.1 once paid, the year marked paid per member, and reclaims after an exclusion (§2.5).
 */
for (const kind of databaseKinds()) {
  describe.skipIf(kind.skip !== null)(`back-office payouts on ${kind.name}${kind.skip ? ` (skipped: ${kind.skip})` : ''}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let running: RunningService;
    let kiosk: ServiceClient;
    let paula: StaffAccount;
    let peter: StaffAccount;
    let rita: StaffAccount;
    const now = () => new Date();
    // The applications are for 2026, in time until 30.06.2027 (§2.1): the service's date rules run on a day
    // of 2026 (its test hook, SERVICE_TEST_TODAY) so this holds in every real year; payments keep the real clock.
    const in2026 = testDayClock('SERVICE_TEST_TODAY', '2026-11-20');

    const signedIn = (account: StaffAccount) => signedInBrowser(db, running.url, account, now());
    const application = (kvnr = member.kvnr, stationClaim = 99_900): SubmissionUpload => ({
      id: randomUUID(),
      kind: 'payout-application',
      createdAt: in2026().toISOString(),
      participationYear: 2026,
      member: { kvnr },
      measures: [],
      stationClaim: { totalCents: stationClaim },
    });

    beforeAll(async () => {
      ({ db, drop } = await kind.open());
      running = await startService(db, { now, rulesNow: in2026, backoffice: { payouts: { fourEyesAboveCents: 1500 } } });
      ({ client: kiosk } = await enrollStation(running, 'kiosk-payout'));
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
      await running.admin.json('PUT', '/v1/admin/members', z.unknown(), { ...member, kvnr: 'C123457899', firstName: 'Jörg', lastName: 'Müßig-Öztürk', bank: { iban: 'DE02100100109307118603', accountHolder: 'Jörg Müßig-Öztürk' }, credited: [{ year: 2026, measures: [3] }] }, adminHeaders);
      paula = await staffAccount(db, 'paula.zahl', ['payout-officer']);
      peter = await staffAccount(db, 'peter.zahl', ['payout-officer']);
      rita = await staffAccount(db, 'rita.pruef', ['reviewer']);
    });
    afterAll(async () => {
      kiosk?.close();
      await running?.stop();
      await drop?.();
    });

    it('pays the service’s own amount after four eyes above the limit, exports a valid pain.001 and the tax-report data, and marks the year paid', async () => {
      const big = application();
      const small = application('C123457899');
      for (const a of [big, small]) await kiosk.json('PUT', `/v1/submissions/${a.id}`, SubmissionReceipt, a);
      const p1 = await signedIn(paula);
      let overview = (await p1.request('GET', '/bo/api/payouts')).body as PayoutOverview;
      // 2 measures credited: 20 EUR, whatever the station claimed (999 EUR).
      expect(overview.applications.find((a) => a.id === big.id)).toMatchObject({ amountCents: 2000, state: 'open', needsSecond: true });
      expect(overview.applications.find((a) => a.id === small.id)).toMatchObject({ amountCents: 1000, needsSecond: false });

      expect((await p1.request('POST', `/bo/api/payouts/${big.id}/approve`)).body).toEqual({ complete: false, amountCents: 2000 });
      const again = await p1.request('POST', `/bo/api/payouts/${big.id}/approve`);
      expect(again.body).toMatchObject({ error: { code: 'four_eyes' } });
      expect((await p1.request('POST', `/bo/api/payouts/${small.id}/approve`)).body).toEqual({ complete: true, amountCents: 1000 });
      // Only the complete approval goes into a run.
      const firstRun = await p1.request('POST', '/bo/api/payouts/runs', { executionDay: '2099-01-05' });
      expect(firstRun.body).toMatchObject({ items: 1, totalCents: 1000 });

      const p2 = await signedIn(peter);
      expect((await p2.request('POST', `/bo/api/payouts/${big.id}/approve`)).body).toEqual({ complete: true, amountCents: 2000 });
      const run = (await p2.request('POST', '/bo/api/payouts/runs', { executionDay: '2099-01-05' })).body as { id: string };
      const file = await p2.request('GET', `/bo/api/payouts/runs/${run.id}/pain001`);
      expect(file.headers.get('content-type')).toContain('application/xml');
      const xml = (file.body as Buffer).toString('utf8');
      expect(checkPain001(xml)).toMatchObject({ transactions: 1, totalCents: 2000, creditorIbans: [member.bank.iban] });
      expect(xml).toContain('<Ustrd>Bonus ABC Bonuspraemie 2026 Antrag');
      expect(xml).toContain('<CtrlSum>20.00</CtrlSum>');

      // The umlauts of the other run's creditor are spelled out in SEPA's character set.
      const other = (firstRun.body as { id: string }).id;
      const otherXml = ((await p2.request('GET', `/bo/api/payouts/runs/${other}/pain001`)).body as Buffer).toString('utf8');
      expect(otherXml).toContain('<Nm>Joerg Muessig-Oeztuerk</Nm>');
      expect(checkPain001(otherXml).totalCents).toBe(1000);

      // The run queued the re-evaluation of every member of its year (service/evaluation), audited.
      const jobs = (await db.query<{ year: number; reason: string; requested_by: string }>("SELECT year, reason, requested_by FROM evaluation_jobs WHERE reason = 'payout-run'")).rows;
      expect(jobs.length).toBeGreaterThan(0);
      expect(jobs.every((j) => j.year === 2026)).toBe(true);
      expect((await db.query("SELECT 1 FROM bo_audit WHERE action = 'evaluation.job.request' AND detail->>'reason' = 'payout-run'")).rowCount).toBeGreaterThan(0);
      expect((await p2.request('GET', `/bo/api/payouts/runs/${run.id}/tax-report`)).status).toBe(409);
      expect((await p2.request('POST', `/bo/api/payouts/runs/${run.id}/paid`)).status).toBe(200);
      const csv = ((await p2.request('GET', `/bo/api/payouts/runs/${run.id}/tax-report`)).body as Buffer).toString('utf8').trim().split('\n');
      const year = new Date().getFullYear();
      expect(csv).toEqual(['kvnr;nachname;vorname;geburtsdatum;teilnahmejahr;betrag_cent;auszahlungsdatum;steuerjahr;bescheinigungsjahr;zahlungsreferenz', expect.stringMatching(new RegExp(`^${member.kvnr};Testfrau;Erika;1980-04-02;2026;2000;${year}-\\d\\d-\\d\\d;${year};${year + 1};${big.id}$`))]);
      expect((await db.query('SELECT kvnr, year, amount_cents FROM bo_paid_years')).rows).toEqual([{ kvnr: member.kvnr, year: 2026, amount_cents: 2000 }]);
      overview = (await p2.request('GET', '/bo/api/payouts')).body as PayoutOverview;
      expect(overview.applications.find((a) => a.id === big.id)?.state).toBe('paid');
      // The member's station hears "bewilligt".
      const feed = await kiosk.json('GET', '/v1/decisions?after=0', DecisionFeed);
      expect(feed.decisions.map((d) => [d.submissionId, d.decision])).toEqual(expect.arrayContaining([[big.id, 'accepted']]));
    });

    it('lists what to reclaim after an exclusion (§2.5) and pays an excluded member nothing more', async () => {
      const p = await signedIn(paula);
      expect((await p.request('POST', '/bo/api/payouts/exclusions', { kvnr: member.kvnr, reason: 'Gefälschte Nachweise' })).status).toBe(201);
      const overview = (await p.request('GET', '/bo/api/payouts')).body as PayoutOverview;
      expect(overview.reclaims).toEqual([expect.objectContaining({ kvnr: member.kvnr, year: 2026, amountCents: 2000, reason: 'Gefälschte Nachweise' })]);
    });

    it('keeps reviewers off the payout pages and refuses bad input with nothing changed', async () => {
      const r = await signedIn(rita);
      expect((await r.request('GET', '/bo/api/payouts')).status).toBe(403);
      const p = await signedIn(paula);
      const before = (await db.query('SELECT count(*)::int AS n FROM bo_payout_runs')).rows[0];
      for (const body of [{}, { executionDay: 'tomorrow' }, { executionDay: '2001-01-01' }, { executionDay: '2099-01-05', extra: 1 }]) {
        expect((await p.request('POST', '/bo/api/payouts/runs', body)).status).toBe(400);
      }
      expect((await p.request('POST', '/bo/api/payouts/exclusions', { kvnr: 'nope', reason: 'x' })).status).toBe(400);
      expect((await p.request('POST', '/bo/api/payouts/not-a-uuid/approve')).status).toBe(400);
      expect((await db.query('SELECT count(*)::int AS n FROM bo_payout_runs')).rows[0]).toEqual(before);
    });
  });
}
