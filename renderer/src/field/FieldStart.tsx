import { useTranslation } from 'react-i18next';
import { StaffGate } from '../staff/StaffGate';
import { Screen } from '../ui/Screen';

/** Field mode start: staff sign in first. Event selection and card check-in arrive with the field mode issue. */
export function FieldStart() {
  const { t } = useTranslation();
  return (
    <Screen title={t('field.title')}>
      <section data-testid="field-start">
        <p className="lead">{t('field.intro')}</p>
        <StaffGate>{() => <p className="hint">{t('field.comingSoon')}</p>}</StaffGate>
      </section>
    </Screen>
  );
}
