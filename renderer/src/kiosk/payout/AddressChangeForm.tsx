import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProtectedChangeView } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { KeyboardScope } from '../../ui/touch/keyboard-scope';
import { OnScreenKeyboard } from '../../ui/touch/OnScreenKeyboard';
import { TouchInput } from '../../ui/touch/TouchInput';
import { useStationCall } from '../../ui/use-station-call';
import { ChangeFormEnd } from './ChangeFormEnd';

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
            <ChangeFormEnd busy={busy} error={error} onCancel={onCancel} />
          </div>
          <OnScreenKeyboard />
        </form>
      </KeyboardScope>
    </section>
  );
}
