import nodemailer from 'nodemailer';
import { berlinDateOf } from '../../../main/domain';
import type { Database } from '../../db/database';
import type { Role } from '../api';
import { fleetStations, type FleetSettings } from '../fleet/fleet';
import { waitingForReview } from '../review/queue';

/**
 * The daily summary for each team of the back office, by e-mail through SMTP: the reviewers learn
 * how many submissions came in and how many wait too long, the payout officers what waits for an
 * approval, the station admins which stations are at risk. Counts and station ids only: no
 * member, no health data in an e-mail. Off unless an SMTP server and recipients are configured;
 * with several service processes the first to record the day's mail sends it (bo_mail_log).
 */
export interface MailSettings {
  /** smtp://host:port or smtps://user:pass@host:port */
  smtpUrl: string;
  from: string;
  /** Recipients per team; a team without any gets no mail. */
  to: Partial<Record<Role, string[]>>;
  /** Berlin local time after which the day's summary goes out, HH:MM. */
  at: string;
  /** A submission waiting longer is overdue. */
  overdueDays: number;
}

export interface Summary {
  team: Role;
  subject: string;
  text: string;
}

export async function summaries(db: Database, fleet: FleetSettings, now: Date, overdueDays: number): Promise<Summary[]> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const overdueBefore = new Date(now.getTime() - overdueDays * 86_400_000);
  const review = (
    await db.query<{ fresh: number; waiting: number; overdue: number }>(
      `SELECT count(*) FILTER (WHERE s.received_at >= $1)::int AS fresh, count(*)::int AS waiting, count(*) FILTER (WHERE s.received_at < $2)::int AS overdue
       FROM submissions s WHERE ${waitingForReview}`,
      [dayAgo, overdueBefore],
    )
  ).rows[0] ?? { fresh: 0, waiting: 0, overdue: 0 };
  const payouts = (
    await db.query<{ open: number; second: number }>(
      `SELECT count(*) FILTER (WHERE a.submission_id IS NULL)::int AS open, count(*) FILTER (WHERE a.submission_id IS NOT NULL AND a.second_by IS NULL AND a.run_id IS NULL)::int AS second
       FROM submissions s LEFT JOIN bo_payout_approvals a ON a.submission_id = s.id WHERE s.kind = 'payout-application' AND (s.state = 'received' OR a.run_id IS NULL AND a.submission_id IS NOT NULL)`,
    )
  ).rows[0] ?? { open: 0, second: 0 };
  const atRisk = (await fleetStations(db, fleet, now)).filter((s) => s.alerts.length > 0);
  const day = berlinDateOf(now.getTime()).split('-').reverse().join('.');
  return [
    {
      team: 'reviewer',
      subject: `Bonus ABC Prüfung ${day}: ${review.fresh} neu, ${review.overdue} überfällig`,
      text: `Neue Einreichungen seit gestern: ${review.fresh}\nWartend insgesamt: ${review.waiting}\nÜberfällig (länger als ${overdueDays} Tage): ${review.overdue}\n`,
    },
    {
      team: 'payout-officer',
      subject: `Bonus ABC Auszahlungen ${day}: ${payouts.open} offen`,
      text: `Offene Auszahlungsanträge: ${payouts.open}\nWarten auf die zweite Freigabe (Vier-Augen-Prinzip): ${payouts.second}\n`,
    },
    {
      team: 'station-admin',
      subject: `Bonus ABC Stationen ${day}: ${atRisk.length} gefährdet`,
      text:
        atRisk.length === 0
          ? 'Keine Station ist gefährdet.\n'
          : `Gefährdete Stationen:\n${atRisk.map((s) => `- ${s.stationId}${s.branch ? ` (${s.branch})` : ''}: ${s.alerts.join(', ')}`).join('\n')}\n`,
    },
  ];
}

/** Sends today's summaries not sent yet (by any process); returns the teams mailed. */
export async function sendDailySummaries(db: Database, settings: MailSettings, fleet: FleetSettings, now: Date): Promise<Role[]> {
  const day = berlinDateOf(now.getTime());
  const transport = nodemailer.createTransport(settings.smtpUrl);
  const sent: Role[] = [];
  try {
    for (const summary of await summaries(db, fleet, now, settings.overdueDays)) {
      const to = settings.to[summary.team] ?? [];
      if (to.length === 0) continue;
      const claimed = await db.query('INSERT INTO bo_mail_log (day, team, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING team', [day, summary.team, now]);
      if (claimed.rowCount === 0) continue;
      try {
        await transport.sendMail({ from: settings.from, to, subject: summary.subject, text: summary.text });
        sent.push(summary.team);
      } catch (error) {
        // Not sent: the next check tries again.
        await db.query('DELETE FROM bo_mail_log WHERE day = $1 AND team = $2', [day, summary.team]);
        throw error;
      }
    }
  } finally {
    transport.close();
  }
  return sent;
}

/** Whether the configured time of day has come (Berlin time). */
export function isDue(settings: Pick<MailSettings, 'at'>, now: Date): boolean {
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
  return local >= settings.at;
}

/** Checks every minute and sends when due; returns a stop function. */
export function scheduleDailySummaries(db: Database, settings: MailSettings, fleet: FleetSettings, now: () => Date, log: (message: string) => void): () => void {
  const timer = setInterval(() => {
    const at = now();
    if (!isDue(settings, at)) return;
    sendDailySummaries(db, settings, fleet, at).catch((error: unknown) => log(`daily summary not sent: ${error instanceof Error ? error.message : String(error)}`));
  }, 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
