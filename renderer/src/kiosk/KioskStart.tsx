import { useTranslation } from 'react-i18next';
import { useStation } from '../app/station-context';
import { QrCode } from '../ui/QrCode';
import { Screen } from '../ui/Screen';
import { CardIllustration } from './CardIllustration';

/** The kiosk's idle screen: an invitation to insert the health card. */
export function KioskStart() {
  const { t } = useTranslation();
  const { info } = useStation();
  return (
    <Screen title={t('kiosk.welcome')}>
      <section className="kiosk-invite" data-testid="kiosk-start">
        <CardIllustration label={t('kiosk.cardIllustration')} />
        <p className="lead">{t('kiosk.insertCard')}</p>
        <p className="hint">{t('kiosk.insertCardHint')}</p>
      </section>
      {info.appInstall ? (
        <aside className="app-install" data-testid="app-install">
          <QrCode className="app-install-qr" rows={info.appInstall.qr} label={t('kiosk.appInstall.qr')} />
          <p>{t('kiosk.appInstall.text')}</p>
        </aside>
      ) : null}
    </Screen>
  );
}
