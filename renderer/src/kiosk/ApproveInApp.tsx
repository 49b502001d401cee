import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { QrCode } from '../ui/QrCode';
import { Countdown } from './Countdown';

/**
 * The strongest second factor (kiosk.appApproval): the member approves this session in the
 * insurer's app by the code shown here (typed or scanned as QR code). Main asks the service for
 * the app's answer and opens the booklet when it comes; the screen counts down the bounded wait
 * and lets the member cancel. Nothing about the person is shown.
 */
export function ApproveInApp({ code, qr, until }: { code: string; qr: string[]; until: string }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Date.parse(until) - now);
  return (
    <section className="approve-in-app" data-testid="approve-in-app">
      <div className="approve-steps">
        <p className="lead">{t('kiosk.approve.lead')}</p>
        <p className="hint">{t('kiosk.approve.hint')}</p>
        <p className="approve-code" aria-label={t('kiosk.approve.codeLabel', { code: code.split('').join(' ') })} data-testid="approve-code">
          {code.slice(0, 3)} {code.slice(3)}
        </p>
        <Countdown id="approve-countdown" label={t('kiosk.approve.remainingLabel')} ms={left} />
        <Button className="approve-cancel" onClick={() => void client.call.kioskEndSession({})}>
          {t('kiosk.approve.cancel')}
        </Button>
      </div>
      <QrCode className="approve-qr" rows={qr} label={t('kiosk.approve.qr')} />
    </section>
  );
}
