/**
 * Exponential backoff with full jitter: the delay before retry n is a random value in
 * [0, min(max, base·2^n)], so stations that lost the service at the same moment do not all
 * come back at the same moment.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 1_000, maxMs: 5 * 60_000 };

export function backoffDelay(failures: number, options: BackoffOptions = defaultBackoff, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(failures, 30));
  return Math.floor(random() * ceiling);
}
