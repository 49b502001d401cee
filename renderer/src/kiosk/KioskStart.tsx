import { useTranslation } from 'react-i18next';
import { Screen } from '../ui/Screen';
import { CardIllustration } from './CardIllustration';

/** The kiosk's idle screen: an invitation to insert the health card. */
export function KioskStart() {
  const { t } = useTranslation();
  return (
    <Screen title={t('kiosk.welcome')}>
      <section className="kiosk-invite" data-testid="kiosk-start">
        <CardIllustration label={t('kiosk.cardIllustration')} />
        <p className="lead">{t('kiosk.insertCard')}</p>
        <p className="hint">{t('kiosk.insertCardHint')}</p>
      </section>
    </Screen>
  );
}
