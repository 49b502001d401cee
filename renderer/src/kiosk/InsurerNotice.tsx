import { useTranslation } from 'react-i18next';
import type { KioskMemberState } from '../../../main/contract';

/** A discreet line on whether the insurer's state of the member is included in the overview. */
export function InsurerNotice({ status, reduced }: { status: KioskMemberState['status']; reduced: boolean }) {
  const { t } = useTranslation();
  // Offline only the card could be asked: said plainly, with what is left out.
  if (reduced) {
    return (
      <p className="hint insurer-notice" role="status" data-testid="insurer-notice" data-reduced="true">
        {t('kiosk.member.insurer.reduced')}
      </p>
    );
  }
  if (status === 'loading') {
    return (
      <p className="hint insurer-notice" role="status" aria-busy="true" data-testid="insurer-notice">
        {t('kiosk.member.insurer.loading')}
      </p>
    );
  }
  if (status === 'unavailable') {
    return (
      <p className="hint insurer-notice" role="status" data-testid="insurer-notice">
        {t('kiosk.member.insurer.unavailable')}
      </p>
    );
  }
  return null;
}
