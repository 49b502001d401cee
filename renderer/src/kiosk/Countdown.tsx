import { useTranslation } from 'react-i18next';
import { remainingText, spokenRemaining } from './payout/remaining';

/**
 * The time left of a wait the member watches (an approval in the app), with its label for
 * screen readers. The timer itself is silent (role="timer"); a polite live region beside it
 * says the last minutes and the last half minute once each.
 */
export function Countdown({ id, label, ms }: { id: string; label: string; ms: number }) {
  const { t } = useTranslation();
  const spoken = spokenRemaining(ms);
  return (
    <>
      <p className="hint" id={`${id}-label`}>
        {label}
      </p>
      <p className="change-countdown" role="timer" aria-labelledby={`${id}-label`} data-testid={id}>
        {remainingText(ms)}
      </p>
      <p className="visually-hidden" aria-live="polite" data-testid={`${id}-spoken`}>
        {spoken ? t(`kiosk.countdown.${spoken.unit}`, { count: spoken.count }) : ''}
      </p>
    </>
  );
}
