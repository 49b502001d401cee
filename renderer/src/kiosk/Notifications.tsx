import { useTranslation } from 'react-i18next';
import type { KioskNotification } from '../../../main/contract';

/** The insurer's decisions since the member's last visit, shown once, in the member's language. */
export function Notifications({ notifications }: { notifications: KioskNotification[] }) {
  const { t, i18n } = useTranslation();
  if (notifications.length === 0) return null;
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const list = (titles: KioskNotification['accepted']) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(titles.map((title) => title[lang]));
  return (
    <section className="notifications" role="status" aria-labelledby="notifications-title" data-testid="notifications">
      <h2 id="notifications-title">{t('kiosk.member.news')}</h2>
      <ul>
        {notifications.map((n, index) => (
          <li key={index}>
            {t(`kiosk.decision.${n.decision}`, { accepted: list(n.accepted), rejected: list(n.rejected) })}
            {n.reason && n.decision !== 'accepted' ? ` ${t('kiosk.decision.reason', { reason: n.reason })}` : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
