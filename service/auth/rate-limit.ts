import type { Queryable } from '../db/database';
import { ApiFailure } from '../http/errors';

export interface RateLimit {
  /** What is counted, e.g. `search|station|clerk-1`. */
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Counts one hit in a fixed window and answers whether it is within the limit. The counter is a
 * row in the database, incremented in one statement, so every service process on the same
 * database counts together and parallel requests cannot slip past it. A hit is counted before
 * the work it guards, refused ones too: hammering does not reset anything.
 */
export async function hit(q: Queryable, rate: RateLimit, now: Date): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const windowMs = rate.windowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const row = (
    await q.query<{ hits: number }>(
      `INSERT INTO rate_windows (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_windows.hits + 1 RETURNING hits`,
      [rate.key, start],
    )
  ).rows[0];
  const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000));
  return { allowed: (row?.hits ?? Infinity) <= rate.limit, retryAfterSeconds };
}

/** Counts a hit against each limit (all of them, in order) and refuses with 429 when any is exceeded. */
export async function requireWithinLimits(q: Queryable, rates: readonly RateLimit[], now: Date, what: string): Promise<void> {
  let retry = 0;
  for (const rate of rates) {
    const answer = await hit(q, rate, now);
    if (!answer.allowed) retry = Math.max(retry, answer.retryAfterSeconds);
  }
  if (retry > 0) throw new ApiFailure(429, 'rate_limited', `Too many ${what}; try again in ${retry} s`);
}

/** Forgets windows that ended more than a day ago. */
export async function purgeRateWindows(q: Queryable, now: Date): Promise<void> {
  await q.query('DELETE FROM rate_windows WHERE window_start < $1', [new Date(now.getTime() - 86_400_000)]);
}
