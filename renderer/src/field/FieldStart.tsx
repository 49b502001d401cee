import { useTranslation } from 'react-i18next';
import { StaffGate } from '../staff/StaffGate';
import { FieldDesk } from './FieldDesk';
import { Screen } from '../ui/Screen';

/** Field mode: staff sign in, pick the event, and check members in by card tap. */
export function FieldStart() {
  const { t } = useTranslation();
  return (
    <Screen title={t('field.title')}>
      <section data-testid="field-start">
        <p className="lead">{t('field.intro')}</p>
        <StaffGate>{(session) => <FieldDesk session={session} />}</StaffGate>
      </section>
    </Screen>
  );
}
