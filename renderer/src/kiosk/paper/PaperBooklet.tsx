import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletPageReading, BookletPageSource, BookletView, KioskReceipt } from '../../../../main/contract';
import { useStation, useStationEvent } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useStationCall } from '../../ui/use-station-call';
import { CameraCapture } from '../CameraCapture';
import { PaperPageConfirm } from './PaperPageConfirm';
import './paper-booklet.css';

type Phase = { step: 'choose' } | { step: 'camera' } | { step: 'reading'; source: 'scanner' | 'camera'; percent: number } | { step: 'confirm'; reading: BookletPageReading };

/**
 * "Papierheft einlesen": a page of the member's printed booklet, scanned on the kiosk's
 * document scanner or photographed with the station camera. Main recognizes it and checks that
 * the booklet is the member's; the member then confirms the stamps found (PaperPageConfirm).
 */
export function PaperBooklet({ booklet, onSubmitted, onBack }: { booklet: BookletView; onSubmitted: (receipt: KioskReceipt) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, setError, run } = useStationCall();
  const scanner = useStationEvent('scannerStatus');
  const hasScanner = (scanner?.state === 'ready' || scanner?.state === 'scanning') && scanner.devices.some((d) => d.startsWith('sane:'));
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const scanning = phase.step === 'reading' && phase.source === 'scanner';

  useEffect(() => {
    if (!scanning) return;
    return client.on('scanProgress', (progress) => {
      if (progress.type === 'page-progress') setPhase((p) => (p.step === 'reading' ? { ...p, percent: Math.round(progress.percent) } : p));
    });
  }, [client, scanning]);

  const read = (source: BookletPageSource) => {
    setPhase({ step: 'reading', source: source.source, percent: 0 });
    void run(
      () => client.call.kioskReadBookletPage(source),
      (result) => {
        if (result.ok) return setPhase({ step: 'confirm', reading: result.reading });
        setPhase({ step: 'choose' });
        setError((tr) => tr(result.problem in problemKeys ? `kiosk.paper.problem.${result.problem}` : `kiosk.scan.problem.${result.problem}`));
      },
    ).then((ok) => (ok ? undefined : setPhase({ step: 'choose' })));
  };

  return (
    <section className="paper" aria-labelledby="paper-title" data-testid="paper-booklet">
      <h2 id="paper-title">{t('kiosk.paper.title')}</h2>
      {phase.step === 'confirm' ? (
        <PaperPageConfirm reading={phase.reading} booklet={booklet} onSubmitted={onSubmitted} onAnother={() => setPhase({ step: 'choose' })} onBack={onBack} />
      ) : (
        <div className="paper-start">
          <ErrorAlert message={error} />
          {phase.step === 'reading' ? (
            <div className="scan-progress">
              {phase.source === 'scanner' ? <progress max={100} value={phase.percent} aria-label={t('kiosk.scan.progressLabel')} /> : null}
              <p role="status" aria-busy="true">
                {t('kiosk.paper.reading')}
              </p>
            </div>
          ) : null}
          {phase.step === 'choose' ? (
            <>
              <p className="lead">{t('kiosk.paper.intro')}</p>
              <p className="hint">{hasScanner ? t('kiosk.paper.howScanner') : t('kiosk.paper.howCamera')}</p>
              <div className="toolbar">
                {hasScanner ? (
                  <Button variant="primary" disabled={busy} onClick={() => read({ source: 'scanner' })}>
                    {t('kiosk.paper.scan')}
                  </Button>
                ) : null}
                <Button variant={hasScanner ? undefined : 'primary'} disabled={busy} onClick={() => setPhase({ step: 'camera' })}>
                  {t('kiosk.paper.photo')}
                </Button>
                <Button onClick={onBack}>{t('kiosk.paper.back')}</Button>
              </div>
            </>
          ) : null}
          {phase.step === 'camera' ? (
            <>
              <p className="hint">{t('kiosk.paper.howCamera')}</p>
              <CameraCapture busy={busy} onUse={(jpeg) => read({ source: 'camera', photo: { dataBase64: jpeg } })} />
              <Button onClick={() => setPhase({ step: 'choose' })}>{t('kiosk.paper.back')}</Button>
            </>
          ) : null}
        </div>
      )}
    </section>
  );
}

/** The problems with a sentence of this screen's own; the scanner's and the picture's are the document scan's. */
const problemKeys = { unregistered: 1, 'foreign-booklet': 1, 'child-booklet': 1, 'owner-unknown': 1, 'closed-year': 1, 'not-participating': 1 } as const;
