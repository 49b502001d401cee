import { useTranslation } from 'react-i18next';
import type { KioskMemberState } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { useErrorText } from '../ui/use-error-text';

/** §1: the children under 15 the insurer reports for this member; each opens the child's own booklet. */
export function FamilyChildren({ memberState, disabled = false, onError }: { memberState: KioskMemberState; disabled?: boolean; onError: (text: string) => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  if (memberState.children.length === 0) return null;
  return (
    <section className="family" aria-labelledby="family-title" data-testid="family-children">
      <h2 id="family-title">{t('kiosk.child.family')}</h2>
      <div className="toolbar">
        {memberState.children.map((child) => (
          <Button key={child.childId} disabled={disabled} onClick={() => void client.call.kioskOpenFamilyChild({ childId: child.childId }).catch((e: unknown) => onError(errorText(e)))}>
            {t('kiosk.child.openFamily', { name: child.firstName })}
          </Button>
        ))}
      </div>
    </section>
  );
}
