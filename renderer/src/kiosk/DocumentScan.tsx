import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskScanResult } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useErrorText } from '../ui/use-error-text';

type Phase = { step: 'ready' } | { step: 'scanning'; percent: number } | { step: 'preview'; jpegBase64: string };

/**
 * One page at a time from the kiosk's document scanner: scan with progress, look at it, keep it
 * or scan again; after a kept page, a further page or done. Main scans, normalizes and checks
 * the page; `onKeep` adds it to the field's proof.
 */
export function DocumentScan({ pagesKept, busy, onKeep, onDone }: { pagesKept: number; busy: boolean; onKeep: (jpegBase64: string) => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const [phase, setPhase] = useState<Phase>({ step: 'ready' });
  const [problem, setProblem] = useState<string>();
  const scanning = phase.step === 'scanning';

  // The station runs one scan at a time, so the progress seen while this page is scanned is its own.
  useEffect(() => {
    if (!scanning) return;
    return client.on('scanProgress', (progress) => {
      if (progress.type === 'page-progress') setPhase((p) => (p.step === 'scanning' ? { step: 'scanning', percent: Math.round(progress.percent) } : p));
    });
  }, [client, scanning]);

  // A kept page goes back to the start for the next one.
  useEffect(() => setPhase({ step: 'ready' }), [pagesKept]);

  const scan = async () => {
    setProblem(undefined);
    setPhase({ step: 'scanning', percent: 0 });
    let result: KioskScanResult;
    try {
      result = await client.call.kioskScanPage({});
    } catch (e) {
      setPhase({ step: 'ready' });
      setProblem(errorText(e));
      return;
    }
    if (result.ok) setPhase({ step: 'preview', jpegBase64: result.page.jpegBase64 });
    else {
      setPhase({ step: 'ready' });
      setProblem(t(`kiosk.scan.problem.${result.problem}`));
    }
  };

  return (
    <div className="document-scan" data-testid="document-scan">
      {pagesKept > 0 ? (
        <p role="status" data-testid="scan-pages">
          {t('kiosk.scan.pagesKept', { count: pagesKept })}
        </p>
      ) : null}
      <ErrorAlert message={problem} />
      {phase.step === 'ready' ? (
        <>
          <p className="hint">{t('kiosk.scan.instructions')}</p>
          <div className="toolbar">
            <Button variant="primary" onClick={() => void scan()} disabled={busy}>
              {pagesKept > 0 ? t('kiosk.scan.nextPage') : t('kiosk.scan.scan')}
            </Button>
            {pagesKept > 0 ? (
              <Button onClick={onDone} disabled={busy}>
                {t('kiosk.scan.done')}
              </Button>
            ) : null}
          </div>
        </>
      ) : null}
      {phase.step === 'scanning' ? (
        <div className="scan-progress">
          <progress max={100} value={phase.percent} aria-label={t('kiosk.scan.progressLabel')} />
          <p role="status">{t('kiosk.scan.scanning', { percent: phase.percent })}</p>
        </div>
      ) : null}
      {phase.step === 'preview' ? (
        <>
          <img className="scan-view" src={`data:image/jpeg;base64,${phase.jpegBase64}`} alt={t('kiosk.scan.preview', { page: pagesKept + 1 })} />
          <div className="toolbar">
            <Button onClick={() => void scan()} disabled={busy}>
              {t('kiosk.scan.retake')}
            </Button>
            <Button variant="primary" onClick={() => onKeep(phase.jpegBase64)} disabled={busy}>
              {busy ? t('kiosk.capture.checking') : t('kiosk.scan.keep')}
            </Button>
          </div>
        </>
      ) : null}
    </div>
  );
}
