import { useTranslation } from 'react-i18next';
import { StaffGate } from '../staff/StaffGate';
import { Screen } from '../ui/Screen';
import { ClerkWorkspace } from './ClerkWorkspace';
import './clerk.css';

/** Clerk workstation: staff sign in, then scan booklets in batches, verify and book, and serve members at the desk. */
export function ClerkStart() {
  const { t } = useTranslation();
  return (
    <Screen title={t('clerk.title')} app>
      <section className="clerk-start" data-testid="clerk-start">
        <StaffGate intro={t('clerk.intro')}>{() => <ClerkWorkspace />}</StaffGate>
      </section>
    </Screen>
  );
}
