import type { BlobStore } from '../blobs/blob-store';
import type { Database } from '../db/database';
import type { RulesEngine } from '../rules/evaluate';
import type { TrustPolicy } from '../auth/trust-policy';

/** What every route module gets, passed as plain parameters from service/app.ts. */
export interface RouteDeps {
  db: Database;
  /** The real clock: signatures, nonces, tokens, rate windows, expiries and audit times. */
  now: () => Date;
  /**
   * The clock of the date rules: which day it is for a measure's date, a participation and its
   * deadline, the as-of day of an evaluation, a child's age. The real clock, unless a test pins
   * the day (SERVICE_TEST_TODAY, service/README.md).
   */
  rulesNow: () => Date;
  rules: RulesEngine;
  /** Size of an evidence blob's upload chunks. */
  chunkSize: number;
  /** Where evidence bytes are kept; the database holds only what this store has. */
  blobs: BlobStore;
  /** How long a protected change waits for the member's approval. */
  changeWindowMinutes: number;
  /** Member search limits and the declaration tolerance (service/auth/trust-policy.ts). */
  trust: TrustPolicy;
}

/** timestamptz comes back as a Date from both drivers; the wire carries ISO strings. */
export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function isoDay(value: Date | string): string {
  if (typeof value === 'string') return value.slice(0, 10);
  // A date column arrives as local midnight; format it in local time, not UTC.
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

/**
 * Runs an idempotent insert-or-read; if two deliveries of one id raced and this one lost on
 * the unique key, the second try reads the winner's row.
 */
export async function retryOnUniqueViolation<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}
