import { useTranslation } from 'react-i18next';
import type { KioskMemberState } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';

/** §1: the children under 15 the insurer reports for this member; each opens the child's own booklet. */
export function FamilyChildren({ memberState, disabled = false, onError }: { memberState: KioskMemberState; disabled?: boolean; onError: (error: unknown) => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  if (memberState.children.length === 0) return null;
  return (
    <section className="family" aria-labelledby="family-title" data-testid="family-children">
      <h2 id="family-title">{t('kiosk.child.family')}</h2>
      <div className="side-actions">
        {memberState.children.map((child) => (
          <Button key={child.childId} disabled={disabled} onClick={() => void client.call.kioskOpenFamilyChild({ childId: child.childId }).catch(onError)}>
            {t('kiosk.child.openFamily', { name: child.firstName })}
          </Button>
        ))}
      </div>
    </section>
  );
}
