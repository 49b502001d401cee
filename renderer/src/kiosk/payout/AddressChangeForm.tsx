import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProtectedChangeView } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useStationCall } from '../../ui/use-station-call';

type Field = 'street' | 'postalCode' | 'city';
const valid: Record<Field, (v: string) => boolean> = {
  street: (v) => v.trim().length >= 3,
  postalCode: (v) => /^[0-9]{5}$/.test(v.trim()),
  city: (v) => v.trim().length >= 2,
};

/** A new address, sent to the insurer for the member's approval in the app; not stored on the station. */
export function AddressChangeForm({ onSent, onCancel }: { onSent: (change: ProtectedChangeView) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useStationCall();
  const id = useId();
  const [values, setValues] = useState<Record<Field, string>>({ street: '', postalCode: '', city: '' });
  const [invalid, setInvalid] = useState<Field[]>([]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wrong = (Object.keys(valid) as Field[]).filter((f) => !valid[f](values[f]));
    setInvalid(wrong);
    if (wrong.length > 0) return;
    await run(() => client.call.kioskRequestAddressChange({ street: values.street.trim(), postalCode: values.postalCode.trim(), city: values.city.trim() }), onSent);
  };

  const input = (field: Field, inputMode?: 'numeric') => (
    <>
      <label htmlFor={`${id}-${field}`}>
        {t(`kiosk.payout.change.${field}`)}
        <input
          id={`${id}-${field}`}
          type="text"
          value={values[field]}
          autoComplete="off"
          {...(inputMode ? { inputMode, maxLength: 5 } : {})}
          aria-invalid={invalid.includes(field) ? true : undefined}
          aria-describedby={invalid.includes(field) ? `${id}-${field}-error` : undefined}
          onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
        />
      </label>
      <ErrorAlert id={`${id}-${field}-error`} message={invalid.includes(field) ? t(`kiosk.payout.change.problem.${field}`) : undefined} />
    </>
  );

  return (
    <section className="payout-panel" aria-labelledby="address-change-title" data-testid="address-change">
      <h2 id="address-change-title">{t('kiosk.payout.change.addressTitle')}</h2>
      <form className="payout-form" onSubmit={(e) => void submit(e)} noValidate>
        {input('street')}
        {input('postalCode', 'numeric')}
        {input('city')}
        <p className="hint">{t('kiosk.payout.change.nothingKept')}</p>
        <ErrorAlert message={error} />
        <div className="toolbar">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? t('kiosk.payout.change.sending') : t('kiosk.payout.change.send')}
          </Button>
          <Button onClick={onCancel}>{t('kiosk.payout.change.cancel')}</Button>
        </div>
      </form>
    </section>
  );
}
