import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HeartbeatAck, SubmissionReceipt } from '../../main/contract/service-api';
import type { ServiceClient } from '../../main/sync/service-client';
import { defaultFleetSettings } from '../../service/backoffice/fleet/fleet';
import { isDue, sendDailySummaries, type MailSettings } from '../../service/backoffice/mail/daily-summary';
import type { Database } from '../../service/db/database';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { databaseKinds } from './sync-support/databases';
import { member, submission } from './sync-support/fixtures';
import { adminHeaders, enrollStation, startService, type RunningService } from './sync-support/service-harness';

/** The daily staff summary (issue 18), sent through a real SMTP server on loopback (test/support/smtp-sink.ts). */
const kind = databaseKinds()[0]!;
describe(`daily staff summary by e-mail on ${kind.name}`, () => {
  let db: Database;
  let drop: () => Promise<void>;
  let running: RunningService;
  let kiosk: ServiceClient;
  let sink: SmtpSink;
  let settings: MailSettings;

  beforeAll(async () => {
    ({ db, drop } = await kind.open());
    sink = await startSmtpSink();
    settings = { smtpUrl: sink.url, from: 'backoffice@bonus.example', to: { reviewer: ['pruefung@bonus.example'], 'station-admin': ['it@bonus.example'] }, at: '07:00', overdueDays: 5 };
    running = await startService(db);
    ({ client: kiosk } = await enrollStation(running, 'kiosk-mail'));
    await running.admin.json('PUT', '/v1/admin/members', z.unknown(), member, adminHeaders);
  });
  afterAll(async () => {
    kiosk?.close();
    await running?.stop();
    await sink?.close();
    await drop?.();
  });

  it('mails each configured team once a day with counts and station ids only, never a member', async () => {
    const overdue = submission();
    await kiosk.json('PUT', `/v1/submissions/${overdue.id}`, SubmissionReceipt, overdue);
    await db.query("UPDATE submissions SET received_at = now() - interval '8 days' WHERE id = $1", [overdue.id]);
    const fresh = submission();
    await kiosk.json('PUT', `/v1/submissions/${fresh.id}`, SubmissionReceipt, fresh);
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await kiosk.json('POST', '/v1/stations/heartbeat', HeartbeatAck, {
      stationTime: new Date().toISOString(), mode: 'kiosk', branch: 'Süd', softwareVersion: '0.1.0', queueLength: 4, bytesPending: 10, oldestPendingAt: old, lastSuccessAt: old, lastSyncError: null,
      devices: { reader: 'ok', scanner: 'not-configured', printer: 'unknown' }, auditHead: null,
    });

    const now = new Date();
    expect(await sendDailySummaries(db, settings, defaultFleetSettings, now)).toEqual(['reviewer', 'station-admin']);
    expect(sink.messages.map((m) => m.to)).toEqual([['pruefung@bonus.example'], ['it@bonus.example']]);
    const [review, stations] = sink.messages.map((m) => m.raw);
    expect(review).toMatch(/Neue Einreichungen seit gestern: 1/);
    expect(review).toMatch(/berf=C3=A4llig \(l=C3=A4nger als 5 Tage\): 1|berfällig \(länger als 5 Tage\): 1/);
    expect(stations).toContain('kiosk-mail');
    for (const raw of sink.messages.map((m) => m.raw)) {
      expect(raw).not.toContain(member.kvnr);
      expect(raw).not.toContain(member.lastName);
    }
    // The same day again (another process, or the next minute's check): nothing more.
    expect(await sendDailySummaries(db, settings, defaultFleetSettings, now)).toEqual([]);
    expect(sink.messages).toHaveLength(2);
  });

  it('is due after the configured Berlin time', () => {
    expect(isDue({ at: '07:00' }, new Date('2026-12-01T05:59:00Z'))).toBe(false);
    expect(isDue({ at: '07:00' }, new Date('2026-12-01T06:01:00Z'))).toBe(true);
  });

  it('keeps the day open when the SMTP server refuses, so the next check sends', async () => {
    await db.query('DELETE FROM bo_mail_log');
    const closed = { ...settings, smtpUrl: 'smtp://127.0.0.1:1' };
    await expect(sendDailySummaries(db, closed, defaultFleetSettings, new Date())).rejects.toThrow();
    expect((await db.query('SELECT * FROM bo_mail_log')).rows).toEqual([]);
  });
});
