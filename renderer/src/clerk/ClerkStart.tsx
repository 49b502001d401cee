import { useTranslation } from 'react-i18next';
import { StaffGate } from '../staff/StaffGate';
import { Screen } from '../ui/Screen';
import { ClerkDesk } from './ClerkDesk';
import { MemberDesk } from './member/MemberDesk';
import './clerk.css';

/** Clerk workstation: staff sign in, then scan booklets in batches, verify and book. */
export function ClerkStart() {
  const { t } = useTranslation();
  return (
    <Screen title={t('clerk.title')}>
      <section data-testid="clerk-start">
        <p className="lead">{t('clerk.intro')}</p>
        <StaffGate>
          {() => (
            <>
              <ClerkDesk />
              <MemberDesk />
            </>
          )}
        </StaffGate>
      </section>
    </Screen>
  );
}
