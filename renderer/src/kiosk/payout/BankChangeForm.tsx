import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProtectedChangeView } from '../../../../main/contract';
import { checkIban, type IbanCheck } from '../../../../main/domain/iban';
import { useStation } from '../../app/station-context';
import { KeyboardScope } from '../../ui/touch/keyboard-scope';
import { OnScreenKeyboard } from '../../ui/touch/OnScreenKeyboard';
import { TouchInput } from '../../ui/touch/TouchInput';
import { useStationCall } from '../../ui/use-station-call';
import { ChangeFormEnd } from './ChangeFormEnd';

/**
 * A new IBAN and account holder, checked here while typed (check digits, length per country)
 * and again in main. What is typed lives in this form only: it is sent to the insurer, never
 * stored on the station, and gone with the form (card out unmounts it).
 */
export function BankChangeForm({ onSent, onCancel }: { onSent: (change: ProtectedChangeView) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useStationCall();
  const [iban, setIban] = useState('');
  const [holder, setHolder] = useState('');
  const [checked, setChecked] = useState<IbanCheck>();
  const [holderMissing, setHolderMissing] = useState(false);

  const ibanProblem = checked && !checked.ok ? t(`kiosk.payout.change.ibanProblem.${checked.problem}`, { country: checked.country, expected: checked.expectedLength, actual: iban.replace(/\s/g, '').length }) : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const check = checkIban(iban);
    setChecked(check);
    const noHolder = holder.trim().length < 2;
    setHolderMissing(noHolder);
    if (!check.ok || noHolder) return;
    await run(
      () => client.call.kioskRequestBankChange({ iban: check.iban, accountHolder: holder.trim() }),
      (sent) => {
        setIban('');
        onSent(sent);
      },
    );
  };

  return (
    <section className="payout-panel payout-form-panel" aria-labelledby="bank-change-title" data-testid="bank-change">
      <h2 id="bank-change-title">{t('kiosk.payout.change.bankTitle')}</h2>
      <KeyboardScope>
        <form className="payout-form" onSubmit={(e) => void submit(e)} noValidate>
          <div className="payout-fields">
            <TouchInput
              label={t('kiosk.payout.change.iban')}
              layout="iban"
              className="payout-iban"
              maxLength={42}
              autoCapitalize="characters"
              value={iban}
              hint={iban.trim() ? groupedIban(iban) : t('kiosk.payout.change.ibanHint')}
              {...(ibanProblem ? { error: ibanProblem } : {})}
              onChange={(value) => {
                setIban(value);
                if (checked) setChecked(checkIban(value));
              }}
              onBlur={() => iban.trim() && setChecked(checkIban(iban))}
            />
            <TouchInput
              label={t('kiosk.payout.change.holder')}
              layout="text"
              capitalize
              maxLength={120}
              value={holder}
              onChange={setHolder}
              {...(holderMissing ? { error: t('kiosk.payout.change.holderProblem') } : {})}
            />
            <ChangeFormEnd busy={busy} error={error} onCancel={onCancel} />
          </div>
          <OnScreenKeyboard />
        </form>
      </KeyboardScope>
    </section>
  );
}

/** An IBAN as it is read out and printed: groups of four ("DE02 1203 0000 …"). */
function groupedIban(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}
