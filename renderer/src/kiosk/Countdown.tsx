import { remainingText } from './payout/remaining';

/** The time left of a wait the member watches (an approval in the app), with its label for screen readers. */
export function Countdown({ id, label, ms }: { id: string; label: string; ms: number }) {
  return (
    <>
      <p className="hint" id={`${id}-label`}>
        {label}
      </p>
      <p className="change-countdown" role="timer" aria-labelledby={`${id}-label`} data-testid={id}>
        {remainingText(ms)}
      </p>
    </>
  );
}
