import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProtectedChangeView } from '../../../../main/contract';
import { checkIban, type IbanCheck } from '../../../../main/domain/iban';
import { useStation } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useStationCall } from '../../ui/use-station-call';

/**
 * A new IBAN and account holder, checked here while typed (check digits, length per country)
 * and again in main. What is typed lives in this form only: it is sent to the insurer, never
 * stored on the station, and gone with the form (card out unmounts it).
 */
export function BankChangeForm({ onSent, onCancel }: { onSent: (change: ProtectedChangeView) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useStationCall();
  const ibanId = useId();
  const holderId = useId();
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
    <section className="payout-panel" aria-labelledby="bank-change-title" data-testid="bank-change">
      <h2 id="bank-change-title">{t('kiosk.payout.change.bankTitle')}</h2>
      <form className="payout-form" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={ibanId}>
          {t('kiosk.payout.change.iban')}
          <input
            id={ibanId}
            type="text"
            className="payout-iban"
            value={iban}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            aria-invalid={ibanProblem ? true : undefined}
            aria-describedby={`${ibanId}-hint${ibanProblem ? ` ${ibanId}-error` : ''}`}
            onChange={(e) => {
              setIban(e.target.value);
              if (checked) setChecked(checkIban(e.target.value));
            }}
            onBlur={() => iban.trim() && setChecked(checkIban(iban))}
          />
        </label>
        <p id={`${ibanId}-hint`} className="hint">
          {t('kiosk.payout.change.ibanHint')}
        </p>
        <ErrorAlert id={`${ibanId}-error`} message={ibanProblem} />
        <label htmlFor={holderId}>
          {t('kiosk.payout.change.holder')}
          <input
            id={holderId}
            type="text"
            value={holder}
            autoComplete="off"
            aria-invalid={holderMissing ? true : undefined}
            aria-describedby={holderMissing ? `${holderId}-error` : undefined}
            onChange={(e) => setHolder(e.target.value)}
          />
        </label>
        <ErrorAlert id={`${holderId}-error`} message={holderMissing ? t('kiosk.payout.change.holderProblem') : undefined} />
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
