import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProtectedChangeView } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { Countdown } from '../Countdown';
import { useFormat } from '../../i18n/format';

const pollEveryMs = 2_000;

/**
 * The insurer's two-factor approval (docs/bonus-abc-rules.md): "Bitte bestätigen Sie die
 * Änderung in Ihrer App", with the time left in the window; asks main every two seconds how
 * the app answered. Approved, declined or expired, it says what happened and what to do next.
 */
export function ChangeWaiting({ change, onDone, onKeepAlive }: { change: ProtectedChangeView; onDone: () => void; onKeepAlive: (expiresAt: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { client } = useStation();
  const [current, setCurrent] = useState(change);
  const [now, setNow] = useState(() => Date.now());
  const waiting = current.state === 'awaiting-member';
  // A few polls past the end, so a window that ends while the member watches shows as expired.
  const watching = waiting && now < Date.parse(current.waitUntil) + 3 * pollEveryMs;

  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waiting]);

  useEffect(() => {
    if (!watching) return;
    let stopped = false;
    const poll = () =>
      client.call.getKioskChangeStatus({}).then(
        (answer) => {
          if (stopped) return;
          if (!answer) return onDone();
          setCurrent(answer);
          // The member is busy with the phone: the session stays open, and the inactivity warning knows it.
          if (answer.state === 'awaiting-member') void client.call.touchKioskSession({}).then((r) => r.expiresAt && !stopped && onKeepAlive(r.expiresAt), () => {});
        },
        () => {},
      );
    const timer = setInterval(() => void poll(), pollEveryMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, watching, onDone, onKeepAlive]);

  const finish = () => void client.call.kioskDismissChange({}).then(onDone, onDone);
  const left = Date.parse(current.expiresAt) - now;

  return (
    <section className={`change-wait change-wait--${current.state}`} aria-labelledby="change-wait-title" data-testid="change-wait" data-state={current.state}>
      {waiting ? (
        <>
          <h2 id="change-wait-title">{t('kiosk.payout.wait.title')}</h2>
          <p>{t(`kiosk.payout.wait.what.${current.kind}`)}</p>
          <p>{t('kiosk.payout.wait.hint')}</p>
          {watching ? (
            <>
              <Countdown id="change-countdown" label={t('kiosk.payout.wait.remainingLabel')} ms={left} />
              <p className="hint" aria-live="polite" aria-busy="true">
                {t('kiosk.payout.wait.watching')}
              </p>
            </>
          ) : (
            <p role="status">{t('kiosk.payout.wait.until', { time: format.dateTime(current.expiresAt) })}</p>
          )}
        </>
      ) : (
        <>
          <h2 id="change-wait-title">{t(`kiosk.payout.wait.${current.state}.title`)}</h2>
          <p role="status">{t(`kiosk.payout.wait.${current.state}.text`)}</p>
        </>
      )}
      <div className="toolbar">
        <Button variant={waiting ? 'secondary' : 'primary'} onClick={finish}>
          {waiting ? t('kiosk.payout.wait.leave') : t('kiosk.payout.wait.done')}
        </Button>
      </div>
    </section>
  );
}
