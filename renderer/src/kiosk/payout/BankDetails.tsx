import { useTranslation } from 'react-i18next';
import type { PayoutView } from '../../../../main/contract';
import { Button } from '../../ui/Button';

/** The bank details on record, masked, and the protected changes: offered, or why not (offline says so). */
export function BankDetails({ view, onChange }: { view: PayoutView; onChange: (kind: 'bank' | 'address') => void }) {
  const { t } = useTranslation();
  const bank = () => {
    if (!view.bank.known) return <p data-testid="bank-on-record">{t('kiosk.payout.bank.unknown')}</p>;
    if (!view.bank.ibanMasked) return <p data-testid="bank-on-record">{t('kiosk.payout.bank.none')}</p>;
    return (
      <p data-testid="bank-on-record">
        {t('kiosk.payout.bank.onRecord')} <strong className="payout-iban">{view.bank.ibanMasked}</strong>
      </p>
    );
  };
  return (
    <section className="payout-panel" aria-labelledby="payout-bank-title" data-testid="payout-bank">
      <h2 id="payout-bank-title">{t('kiosk.payout.bank.title')}</h2>
      {bank()}
      {view.changesUnavailable ? (
        <p className="hint" role="status" data-testid="changes-unavailable">
          {t(`kiosk.payout.bank.unavailable.${view.changesUnavailable}`)}
        </p>
      ) : (
        <>
          <p className="hint">{t('kiosk.payout.bank.protected')}</p>
          <div className="toolbar">
            <Button onClick={() => onChange('bank')}>{t('kiosk.payout.bank.change')}</Button>
            <Button onClick={() => onChange('address')}>{t('kiosk.payout.bank.changeAddress')}</Button>
          </div>
        </>
      )}
    </section>
  );
}
