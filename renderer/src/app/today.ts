import type { StationClient } from '../../../main/contract';

/**
 * "Today" on a screen is the station's business day, asked of main (getToday), never the
 * browser's clock: main's date rules (a stamp not in the future, the booklet years it accepts)
 * read the station's clock, which a test pins to a test day (main/station/station-clock.ts).
 * The screen's defaults and choices must agree with them.
 */

/** How often a screen asks again, so that a desk left open over midnight moves on to the next day. */
export const todayRefreshMs = 60_000;

/** The year of a business day (YYYY-MM-DD). */
export function yearOf(today: string): number {
  return Number(today.slice(0, 4));
}

/** The date a clerk confirms by default for a stamp in a booklet of `year`: today in that year, else the year's last day. */
export function defaultStampDate(today: string, year: number | null): string {
  return year && !today.startsWith(`${year}-`) ? `${year}-12-31` : today;
}

/**
 * Follows main's business day: asks at once and then every `everyMs`, and tells `onDay` each
 * answer. A failed ask keeps the last day (the screen already has one: StationInfo.today).
 * Returns the stop.
 */
export function followToday(client: Pick<StationClient, 'call'>, onDay: (today: string) => void, everyMs = todayRefreshMs): () => void {
  let stopped = false;
  const ask = () =>
    client.call.getToday({}).then(
      ({ today }) => void (stopped ? undefined : onDay(today)),
      () => undefined,
    );
  void ask();
  const timer = setInterval(() => void ask(), everyMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
