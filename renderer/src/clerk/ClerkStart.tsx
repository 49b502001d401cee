import { useTranslation } from 'react-i18next';
import { StaffGate } from '../staff/StaffGate';
import { Screen } from '../ui/Screen';

/** Clerk workstation start: staff sign in first. Batch scanning arrives with the clerk workstation issue. */
export function ClerkStart() {
  const { t } = useTranslation();
  return (
    <Screen title={t('clerk.title')}>
      <section data-testid="clerk-start">
        <p className="lead">{t('clerk.intro')}</p>
        <StaffGate>{() => <p className="hint">{t('clerk.comingSoon')}</p>}</StaffGate>
      </section>
    </Screen>
  );
}
