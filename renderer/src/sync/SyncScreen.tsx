import { useTranslation } from 'react-i18next';
import { StaffGate } from '../staff/StaffGate';
import { LinkButton } from '../ui/LinkButton';
import { Screen } from '../ui/Screen';
import { SyncView } from './SyncView';

/** The staff's sync view on clerk and field stations (the router never shows it on a kiosk). */
export function SyncScreen() {
  const { t } = useTranslation();
  return (
    <Screen title={t('sync.title')}>
      <section data-testid="sync-screen">
        <div className="toolbar">
          <LinkButton href="#/">{t('sync.back')}</LinkButton>
        </div>
        <StaffGate showSyncLink={false}>{() => <SyncView />}</StaffGate>
      </section>
    </Screen>
  );
}
