import { useTranslation } from 'react-i18next';
import type { KioskReceipt } from '../../../main/contract';
import { useStationEvent } from '../app/station-context';
import { Button } from '../ui/Button';
import { QrCode } from '../ui/QrCode';
import { useFormat } from '../i18n/format';
import { PrintReceipt } from './PrintReceipt';

/** The receipt: reference and QR code; it says plainly whether the submission still waits for the network. */
export function ReceiptView({ receipt, onBack }: { receipt: KioskReceipt; onBack: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const sync = useStationEvent('syncStatus');
  const waiting = !sync || sync.state !== 'idle';
  return (
    <section className="receipt" aria-labelledby="receipt-title" data-testid="receipt">
      <h2 id="receipt-title">{t('kiosk.receipt.title')}</h2>
      <p className="lead">
        {t('kiosk.receipt.reference')} <strong data-testid="receipt-reference">{receipt.reference}</strong>
      </p>
      <QrCode className="receipt-qr" rows={receipt.qr} label={t('kiosk.receipt.qr', { reference: receipt.reference })} />
      <p>{t('kiosk.receipt.measures', { count: receipt.measures.length, year: receipt.year })}</p>
      <p className="hint" role="status">
        {waiting ? t('kiosk.receipt.queued') : t('kiosk.receipt.sent')}
      </p>
      <p className="print-only">{t('kiosk.receipt.printedFor', { initials: receipt.initials, date: format.dateTime(receipt.submittedAt) })}</p>
      <PrintReceipt reference={receipt.reference} />
      <div className="toolbar no-print">
        <Button onClick={onBack}>{t('kiosk.receipt.back')}</Button>
      </div>
    </section>
  );
}
