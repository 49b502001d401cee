import { useTranslation } from 'react-i18next';
import type { PayoutReceipt } from '../../../../main/contract';
import { useStationEvent } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { QrCode } from '../../ui/QrCode';
import { PrintReceipt } from '../PrintReceipt';
import { useFormat } from '../../i18n/format';

/** The receipt of a payout application: reference, QR code, amount applied for; printable with initials only. */
export function PayoutReceiptView({ receipt, onBack }: { receipt: PayoutReceipt; onBack: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const sync = useStationEvent('syncStatus');
  const waiting = !sync || sync.state !== 'idle';
  return (
    <section className="receipt" aria-labelledby="payout-receipt-title" data-testid="payout-receipt">
      <h2 id="payout-receipt-title">{t('kiosk.payout.receipt.title')}</h2>
      <p className="lead">
        {t('kiosk.receipt.reference')} <strong data-testid="receipt-reference">{receipt.reference}</strong>
      </p>
      <QrCode className="receipt-qr" rows={receipt.qr} label={t('kiosk.receipt.qr', { reference: receipt.reference })} />
      <p>{t('kiosk.payout.receipt.amount', { year: receipt.year, amount: format.euros(receipt.amountCents) })}</p>
      <p className="hint" role="status">
        {waiting ? t('kiosk.payout.receipt.queued') : t('kiosk.payout.receipt.sent')}
      </p>
      <p className="print-only">{t('kiosk.receipt.printedFor', { initials: receipt.initials, date: format.dateTime(receipt.submittedAt) })}</p>
      <PrintReceipt reference={receipt.reference} />
      <div className="toolbar no-print">
        <Button onClick={onBack}>{t('kiosk.payout.receipt.back')}</Button>
      </div>
    </section>
  );
}
