import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useErrorText } from '../ui/use-error-text';

/** Check-in without a card: KVNR (check digit verified in main) and birth date. */
export function ManualCheckIn() {
  const { t } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const kvnrId = useId();
  const birthId = useId();
  const [kvnr, setKvnr] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [error, setError] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await client.call.fieldManualCheckIn({ kvnr, birthDate });
      setKvnr('');
      setBirthDate('');
      setError(undefined);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <details className="manual-checkin">
      <summary>{t('field.manual.title')}</summary>
      <form className="sign-in" onSubmit={submit}>
        <label htmlFor={kvnrId}>{t('field.manual.kvnr')}</label>
        <input id={kvnrId} required maxLength={10} autoComplete="off" value={kvnr} onChange={(e) => setKvnr(e.target.value.toUpperCase())} />
        <label htmlFor={birthId}>{t('field.manual.birthDate')}</label>
        <input id={birthId} type="date" required value={birthDate} onChange={(e) => setBirthDate(e.target.value)} />
        <ErrorAlert message={error} />
        <Button type="submit" variant="primary">
          {t('field.manual.checkIn')}
        </Button>
      </form>
    </details>
  );
}
