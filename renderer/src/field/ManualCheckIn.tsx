import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useStationCall } from '../ui/use-station-call';
import { DateInput } from '../ui/DateInput';

/** Check-in without a card: KVNR (check digit verified in main) and birth date. */
export function ManualCheckIn() {
  const { t } = useTranslation();
  const { client } = useStation();
  const { error, run } = useStationCall();
  const kvnrId = useId();
  const birthId = useId();
  const [kvnr, setKvnr] = useState('');
  const [birthDate, setBirthDate] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () => client.call.fieldManualCheckIn({ kvnr, birthDate }),
      () => {
        setKvnr('');
        setBirthDate('');
      },
    );
  };

  return (
    <details className="manual-checkin">
      <summary>{t('field.manual.title')}</summary>
      <form className="sign-in" onSubmit={submit}>
        <label htmlFor={kvnrId}>{t('field.manual.kvnr')}</label>
        <input id={kvnrId} required maxLength={10} autoComplete="off" value={kvnr} onChange={(e) => setKvnr(e.target.value.toUpperCase())} />
        <label htmlFor={birthId}>{t('field.manual.birthDate')}</label>
        <DateInput id={birthId} required value={birthDate} onChange={setBirthDate} />
        <ErrorAlert message={error} />
        <Button type="submit" variant="primary">
          {t('field.manual.checkIn')}
        </Button>
      </form>
    </details>
  );
}
