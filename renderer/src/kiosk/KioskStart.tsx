import { useTranslation } from 'react-i18next';
import { useStation } from '../app/station-context';
import { QrCode } from '../ui/QrCode';
import { CardIllustration } from './CardIllustration';
import { KioskScreen } from './frame/KioskScreen';

/** The kiosk's idle screen: an invitation to insert the health card (and the app's QR code where configured). */
export function KioskStart() {
  const { t } = useTranslation();
  const { info } = useStation();
  return (
    <KioskScreen title={t('kiosk.welcome')} idle>
      <section className="kiosk-invite" data-testid="kiosk-start">
        <div className="kiosk-invite-card">
          <CardIllustration label={t('kiosk.cardIllustration')} />
          <p className="lead">{t('kiosk.insertCard')}</p>
          <p className="hint">{t('kiosk.insertCardHint')}</p>
        </div>
        {info.appInstall ? (
          <aside className="app-install" data-testid="app-install">
            <QrCode className="app-install-qr" rows={info.appInstall.qr} label={t('kiosk.appInstall.qr')} />
            <p>{t('kiosk.appInstall.text')}</p>
          </aside>
        ) : null}
      </section>
    </KioskScreen>
  );
}
