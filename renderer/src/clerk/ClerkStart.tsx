import { useTranslation } from 'react-i18next';
import { Screen } from '../ui/Screen';

/** Clerk workstation start. Sign-in and batch scanning arrive with the clerk workstation issue. */
export function ClerkStart() {
  const { t } = useTranslation();
  return (
    <Screen title={t('clerk.title')}>
      <section data-testid="clerk-start">
        <p className="lead">{t('clerk.intro')}</p>
        <p className="hint">{t('clerk.comingSoon')}</p>
      </section>
    </Screen>
  );
}
