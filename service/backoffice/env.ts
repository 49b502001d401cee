import { join } from 'node:path';
import { z } from 'zod';
import { isValidIban } from '../../main/domain';
import type { BackofficeOptions } from '.';

/**
 * The back office's settings from the environment (service/README.md lists them). Every one has
 * a default, so `npm run service` starts with the back office on embedded defaults; the daily
 * mail is off until an SMTP server and at least one recipient are named.
 */
const emails = z
  .string()
  .optional()
  .transform((s) => (s ? s.split(',').map((e) => e.trim()).filter(Boolean) : []))
  .pipe(z.array(z.email()));

export const BackofficeEnv = z.object({
  /** The address browsers use, e.g. https://bonus.example.org: https makes the cookies Secure. */
  SERVICE_PUBLIC_URL: z.url().optional(),
  SERVICE_FOUR_EYES_ABOVE_CENTS: z.coerce.number().int().min(0).optional(),
  SERVICE_PAYER_NAME: z.string().min(1).max(70).optional(),
  SERVICE_PAYER_IBAN: z.string().refine(isValidIban, 'not a valid IBAN').optional(),
  SERVICE_PAYER_BIC: z.string().regex(/^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/).optional(),
  SERVICE_PAYOUT_REFERENCE: z.string().min(1).max(100).optional(),
  SERVICE_ARCHIVE_DIR: z.string().min(1).optional(),
  SERVICE_MONITORING_TOKEN: z.string().min(16).optional(),
  SERVICE_HOLD_ALERT_HOURS: z.coerce.number().positive().optional(),
  SERVICE_SILENT_ALERT_HOURS: z.coerce.number().positive().optional(),
  SERVICE_SMTP_URL: z.string().regex(/^smtps?:\/\//).optional(),
  SERVICE_SUMMARY_FROM: z.email().default('bonus-backoffice@localhost'),
  SERVICE_SUMMARY_TO_REVIEWER: emails,
  SERVICE_SUMMARY_TO_PAYOUT_OFFICER: emails,
  SERVICE_SUMMARY_TO_STATION_ADMIN: emails,
  SERVICE_SUMMARY_AT: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/).default('07:00'),
  SERVICE_SUMMARY_OVERDUE_DAYS: z.coerce.number().int().positive().default(14),
});

export function backofficeOptionsFromEnv(env: NodeJS.ProcessEnv, dataDir: string | undefined): BackofficeOptions {
  const e = BackofficeEnv.parse(env);
  const publicOrigin = e.SERVICE_PUBLIC_URL ? new URL(e.SERVICE_PUBLIC_URL).origin : null;
  const to = { reviewer: e.SERVICE_SUMMARY_TO_REVIEWER, 'payout-officer': e.SERVICE_SUMMARY_TO_PAYOUT_OFFICER, 'station-admin': e.SERVICE_SUMMARY_TO_STATION_ADMIN };
  const anyRecipient = Object.values(to).some((list) => list.length > 0);
  return {
    secureCookies: publicOrigin?.startsWith('https://') ?? false,
    publicOrigin,
    payouts: {
      ...(e.SERVICE_FOUR_EYES_ABOVE_CENTS !== undefined ? { fourEyesAboveCents: e.SERVICE_FOUR_EYES_ABOVE_CENTS } : {}),
      ...(e.SERVICE_PAYER_IBAN && e.SERVICE_PAYER_BIC && e.SERVICE_PAYER_NAME ? { payer: { name: e.SERVICE_PAYER_NAME, iban: e.SERVICE_PAYER_IBAN, bic: e.SERVICE_PAYER_BIC } } : {}),
      ...(e.SERVICE_PAYOUT_REFERENCE ? { referenceText: e.SERVICE_PAYOUT_REFERENCE } : {}),
    },
    fleet: { ...(e.SERVICE_HOLD_ALERT_HOURS ? { holdAlertHours: e.SERVICE_HOLD_ALERT_HOURS } : {}), ...(e.SERVICE_SILENT_ALERT_HOURS ? { silentAlertHours: e.SERVICE_SILENT_ALERT_HOURS } : {}) },
    monitoringToken: e.SERVICE_MONITORING_TOKEN ?? null,
    ...(e.SERVICE_ARCHIVE_DIR ? { archiveDir: e.SERVICE_ARCHIVE_DIR } : dataDir ? { archiveDir: join(dataDir, 'archive') } : {}),
    mail: e.SERVICE_SMTP_URL && anyRecipient ? { smtpUrl: e.SERVICE_SMTP_URL, from: e.SERVICE_SUMMARY_FROM, to, at: e.SERVICE_SUMMARY_AT, overdueDays: e.SERVICE_SUMMARY_OVERDUE_DAYS } : null,
  };
}
