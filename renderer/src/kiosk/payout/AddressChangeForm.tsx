import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProtectedChangeView } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { KeyboardScope } from '../../ui/touch/keyboard-scope';
import { OnScreenKeyboard } from '../../ui/touch/OnScreenKeyboard';
import { TouchInput } from '../../ui/touch/TouchInput';
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
  const [values, setValues] = useState<Record<Field, string>>({ street: '', postalCode: '', city: '' });
  const [invalid, setInvalid] = useState<Field[]>([]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wrong = (Object.keys(valid) as Field[]).filter((f) => !valid[f](values[f]));
    setInvalid(wrong);
    if (wrong.length > 0) return;
    await run(() => client.call.kioskRequestAddressChange({ street: values.street.trim(), postalCode: values.postalCode.trim(), city: values.city.trim() }), onSent);
  };

  const input = (field: Field) => (
    <TouchInput
      label={t(`kiosk.payout.change.${field}`)}
      layout={field === 'postalCode' ? 'digits' : 'text'}
      capitalize={field !== 'postalCode'}
      maxLength={field === 'postalCode' ? 5 : 120}
      value={values[field]}
      onChange={(value) => setValues((v) => ({ ...v, [field]: value }))}
      {...(invalid.includes(field) ? { error: t(`kiosk.payout.change.problem.${field}`) } : {})}
    />
  );

  return (
    <section className="payout-panel payout-form-panel" aria-labelledby="address-change-title" data-testid="address-change">
      <h2 id="address-change-title">{t('kiosk.payout.change.addressTitle')}</h2>
      <KeyboardScope>
        <form className="payout-form" onSubmit={(e) => void submit(e)} noValidate>
          <div className="payout-fields">
            {input('street')}
            {input('postalCode')}
            {input('city')}
            <p className="hint">{t('kiosk.payout.change.nothingKept')}</p>
            <ErrorAlert message={error} />
            <div className="toolbar">
              <Button type="submit" variant="primary" disabled={busy}>
                {busy ? t('kiosk.payout.change.sending') : t('kiosk.payout.change.send')}
              </Button>
              <Button onClick={onCancel}>{t('kiosk.payout.change.cancel')}</Button>
            </div>
          </div>
          <OnScreenKeyboard />
        </form>
      </KeyboardScope>
    </section>
  );
}
