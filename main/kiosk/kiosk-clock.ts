/**
 * The kiosk's clock. Tests of date rules (§2.1: an earlier year until 30.06.) run the built
 * station with BONUS_STATION_TEST_TODAY=YYYY-MM-DD: the kiosk's day is then that date, its time
 * of day and its running seconds the real ones, so timers and inactivity behave as usual. Only
 * the kiosk's rules use it; sync signatures and the audit of other services keep the real time.
 */
export type KioskClock = (() => Date) & {
  /** How far the kiosk's clock runs ahead of the real one (the test day's shift). */
  readonly offsetMs: number;
};

export function kioskClock(env: NodeJS.ProcessEnv): KioskClock | undefined {
  const value = env.BONUS_STATION_TEST_TODAY;
  if (!value) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new Error(`BONUS_STATION_TEST_TODAY must be a date YYYY-MM-DD, not "${value}"`);
  const real = new Date();
  const offset = Date.parse(`${value}T${real.toISOString().slice(11)}`) - real.getTime();
  return Object.assign(() => new Date(Date.now() + offset), { offsetMs: offset });
}

/**
 * The screen counts down to the end of a session with the browser's clock, which is the real
 * one: a moment of the kiosk's clock is given to it in real time.
 */
export function realTimeOf(clock: (() => Date) | KioskClock, kioskMs: number): Date {
  return new Date(kioskMs - ('offsetMs' in clock ? clock.offsetMs : 0));
}
