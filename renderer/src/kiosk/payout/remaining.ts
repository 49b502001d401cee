/** Time left as the member reads it on a countdown: "4:05", or "71:59:30" beyond an hour. */
export function remainingText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** From this many seconds left on, a countdown speaks up on its own. */
export const spokenFromSeconds = 180;

/**
 * Time left as a screen reader says it without being asked: nothing while there is plenty (a
 * role="timer" is silent, and a voice every second would drown the screen), then the whole
 * minutes of the last three, then the last half minute. It changes only at those steps, so a
 * polite live region holding it speaks once per step.
 */
export function spokenRemaining(ms: number): { unit: 'minutes' | 'seconds'; count: number } | undefined {
  const total = Math.max(0, Math.ceil(ms / 1000));
  if (total === 0 || total > spokenFromSeconds) return undefined;
  if (total <= 30) return { unit: 'seconds', count: 30 };
  return { unit: 'minutes', count: Math.ceil(total / 60) };
}
