import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecondFactor } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { useStationCall } from '../ui/use-station-call';

const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '0'] as const;

/**
 * The second factor on the touch screen: the question, a large field and a keypad (usable by
 * keyboard alone too). Main has the insurer check the answer; when it cannot be reached
 * (`check: card`) the screen says that only the card is asked and the booklet will be reduced.
 */
export function IdentifyForm({ factor, attemptsLeft, check }: { factor: SecondFactor; attemptsLeft: number; check: 'insurer' | 'card' }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, setError, run } = useStationCall();
  const inputId = useId();
  const [answer, setAnswer] = useState('');

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!answer) return;
    await run(
      () => client.call.kioskConfirmIdentity({ answer }),
      (result) => (result.ok ? undefined : setError(result.attemptsLeft > 0 ? (tr) => tr('kiosk.identify.wrong', { count: result.attemptsLeft }) : undefined)),
    );
    setAnswer('');
  };

  return (
    <form className="identify" onSubmit={submit} data-testid="identify-form">
      <div className="identify-entry">
        <p className="lead">{t(`kiosk.identify.${factor}.question`)}</p>
        {check === 'card' ? (
          <p className="identify-weaker" role="note" data-testid="identify-weaker">
            {t('kiosk.identify.weaker')}
          </p>
        ) : null}
        <label htmlFor={inputId}>{t(`kiosk.identify.${factor}.label`)}</label>
        <input
          id={inputId}
          className="identify-input"
          inputMode="none"
          autoComplete="off"
          maxLength={10}
          placeholder={t(`kiosk.identify.${factor}.placeholder`)}
          value={answer}
          onChange={(e) => setAnswer(e.target.value)}
          aria-describedby={error ? `${inputId}-error` : `${inputId}-attempts`}
          autoFocus
        />
        {error ? (
          <p id={`${inputId}-error`} role="alert" className="error">
            {error}
          </p>
        ) : (
          <p id={`${inputId}-attempts`} className="hint">
            {t('kiosk.identify.attempts', { count: attemptsLeft })}
          </p>
        )}
        <Button type="submit" variant="primary" className="identify-confirm" disabled={busy || !answer}>
          {t('kiosk.identify.confirm')}
        </Button>
      </div>
      <div className="keypad" role="group" aria-label={t('kiosk.identify.keypad')}>
        {keys.filter((k) => factor === 'birthDate' || k !== '.').map((key) => (
          <Button key={key} onClick={() => setAnswer((a) => (a + key).slice(0, 10))}>
            {key}
          </Button>
        ))}
        <Button onClick={() => setAnswer((a) => a.slice(0, -1))} aria-label={t('kiosk.identify.delete')}>
          ⌫
        </Button>
      </div>
    </form>
  );
}
