import { useTranslation } from 'react-i18next';
import { Screen } from '../ui/Screen';

/** Field mode start. Event selection and card check-in arrive with the field mode issue. */
export function FieldStart() {
  const { t } = useTranslation();
  return (
    <Screen title={t('field.title')}>
      <section data-testid="field-start">
        <p className="lead">{t('field.intro')}</p>
        <p className="hint">{t('field.comingSoon')}</p>
      </section>
    </Screen>
  );
}
