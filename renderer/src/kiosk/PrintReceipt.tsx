import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintReceiptResult, ReceiptPrinterView } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useStationCall } from '../ui/use-station-call';

/**
 * "Print the receipt" on the kiosk's receipt printer (CUPS, through main), with a plain
 * sentence when it cannot: no paper, printer missing, none at this kiosk. Main prints what it
 * recorded for this reference in this session, in the language on screen.
 */
export function PrintReceipt({ reference }: { reference: string }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useStationCall();
  const [printer, setPrinter] = useState<ReceiptPrinterView>();
  const [result, setResult] = useState<PrintReceiptResult>();

  useEffect(() => {
    client.call.getReceiptPrinter({}).then(setPrinter, () => setPrinter({ state: 'unreachable', paper: null }));
  }, [client]);

  if (!printer) return null;
  if (printer.state === 'not-configured') return <p className="hint">{t('kiosk.print.none')}</p>;
  const problem = result && !result.printed ? result.problem : printer.state !== 'ready' ? printer.state : undefined;
  return (
    <div className="print-receipt" data-testid="print-receipt">
      <Button
        variant="primary"
        disabled={busy || (result?.printed ?? false)}
        onClick={() =>
          void run(
            () => client.call.kioskPrintReceipt({ reference, language: i18n.language === 'en' ? 'en' : 'de' }),
            (r) => {
              setResult(r);
              if (!r.printed) setPrinter((p) => (p && r.problem !== 'failed' ? { ...p, state: r.problem } : p));
            },
          )
        }
      >
        {busy ? t('kiosk.print.printing') : t('kiosk.receipt.print')}
      </Button>
      <p role="status" className={problem ? 'error' : 'hint'} data-testid="print-state">
        {result?.printed ? t('kiosk.print.done') : problem ? t(`kiosk.print.problem.${problem}`) : ''}
      </p>
      <ErrorAlert message={error} />
    </div>
  );
}
