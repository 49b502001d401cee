import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';

const warnSeconds = 20;
const pingEveryMs = 10_000;

/**
 * Reports the member's activity to main (which ends an idle session) and, in the last
 * seconds before that, shows a countdown with a way to continue.
 */
export function InactivityWarning({ expiresAt }: { expiresAt: string }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [deadline, setDeadline] = useState(() => Date.parse(expiresAt));
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => setDeadline(Date.parse(expiresAt)), [expiresAt]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    let last = 0;
    const onActivity = () => {
      if (Date.now() - last < pingEveryMs) return;
      last = Date.now();
      client.call.touchKioskSession({}).then((r) => r.expiresAt && setDeadline(Date.parse(r.expiresAt)), () => {});
    };
    const kinds = ['pointerdown', 'keydown'] as const;
    kinds.forEach((k) => window.addEventListener(k, onActivity, { passive: true }));
    return () => kinds.forEach((k) => window.removeEventListener(k, onActivity));
  }, [client]);

  const left = Math.max(0, Math.ceil((deadline - now) / 1000));
  if (left > warnSeconds) return null;
  return (
    <div className="inactivity" role="alertdialog" aria-labelledby="inactivity-title" aria-live="assertive">
      <p id="inactivity-title">{t('kiosk.member.inactivity', { count: left })}</p>
      <Button
        variant="primary"
        onClick={() => client.call.touchKioskSession({}).then((r) => r.expiresAt && setDeadline(Date.parse(r.expiresAt)), () => {})}
      >
        {t('kiosk.member.continue')}
      </Button>
    </div>
  );
}
