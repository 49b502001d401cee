import { useTranslation } from 'react-i18next';
import { evidenceWording, type KioskNotification } from '../../../main/contract';
import { formatsFor } from '../i18n/format';
import { CappedList } from '../ui/CappedList';

/**
 * The i18n key and values of one notice: a payout application and a participation declaration
 * have their own wording; evidence names its fields, and speaks of the submission when it has none.
 */
function wording(n: KioskNotification, lang: 'de' | 'en'): { key: string; values: Record<string, string> } {
  if (n.about === 'payout') {
    const values = { year: String(n.year ?? ''), amount: n.amountCents !== null ? formatsFor(lang).euros(n.amountCents) : '' };
    if (n.decision === 'accepted') return { key: n.amountCents !== null ? 'payout-accepted-amount' : 'payout-accepted', values };
    return { key: `payout-${n.decision}`, values };
  }
  if (n.about === 'participation') return { key: n.decision === 'rejected' ? 'participation-rejected' : 'participation-accepted', values: { year: String(n.year ?? '') } };
  const list = (titles: KioskNotification['accepted']) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(titles.map((title) => title[lang]));
  return { key: evidenceWording(n.decision, n.accepted.length, n.rejected.length), values: { accepted: list(n.accepted), rejected: list(n.rejected) } };
}

/** The insurer's decisions since the member's last visit, shown once, in the member's language. */
export function Notifications({ notifications }: { notifications: KioskNotification[] }) {
  const { t, i18n } = useTranslation();
  if (notifications.length === 0) return null;
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const items = notifications.map((n, index) => ({ n, index }));
  return (
    <section className="notifications" role="status" aria-labelledby="notifications-title" data-testid="notifications">
      <h2 id="notifications-title">{t('kiosk.member.news')}</h2>
      <CappedList
        items={items}
        max={2}
        keyOf={({ index }) => String(index)}
        title={t('kiosk.member.news')}
        render={({ n }) => {
          const { key, values } = wording(n, lang);
          return (
            <>
              {t(`kiosk.decision.${key}`, values)}
              {n.reason && n.decision !== 'accepted' ? ` ${t('kiosk.decision.reason', { reason: n.reason })}` : null}
            </>
          );
        }}
      />
    </section>
  );
}
