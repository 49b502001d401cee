import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../ui/ErrorAlert';
import { BatchPanel } from './BatchPanel';
import { MemberDesk } from './member/MemberDesk';
import { PageVerifier } from './PageVerifier';
import { ScannerSettings } from './scanner/ScannerSettings';
import { ScanStrip } from './scanner/ScanStrip';
import { useScanner } from './scanner/use-scanner';
import { useClerkBatch } from './use-clerk-batch';

const views = ['verify', 'scanner', 'members'] as const;
type View = (typeof views)[number];

/**
 * The clerk's application: the batch queue always at the side (with the scan strip above it),
 * and one view at a time beside it: verifying pages, choosing the scanner, or the member desk
 * (pick a member, print a booklet, capture an old page). Alt+1, Alt+2, Alt+3 switch views.
 */
export function ClerkWorkspace() {
  const { t } = useTranslation();
  const scanner = useScanner();
  const desk = useClerkBatch();
  const [view, setView] = useState<View>('verify');
  const { batch, page } = desk;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const target = views[Number(e.key) - 1];
      if (!target) return;
      e.preventDefault();
      setView(target);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="clerk-workspace">
      <aside className="clerk-side" aria-label={t('clerk.queueLabel')}>
        <ScanStrip scanner={scanner} onSettings={() => setView('scanner')} />
        {batch ? (
          <BatchPanel
            batch={batch}
            recognizing={desk.progress?.batchId === batch.id ? desk.progress.recognizing : false}
            selectedId={page?.id ?? null}
            onSelect={(id) => {
              setView('verify');
              desk.open(id);
            }}
            onBook={desk.book}
            onClose={desk.close}
            booking={desk.booking}
            booked={desk.booked}
            batches={desk.batches}
            onView={desk.view}
          />
        ) : (
          <p className="hint">{t('clerk.batch.loading')}</p>
        )}
      </aside>
      <div className="clerk-main">
        <div className="clerk-tabs" role="tablist" aria-label={t('clerk.views')}>
          {views.map((v, i) => (
            <button key={v} type="button" role="tab" id={`clerk-tab-${v}`} aria-selected={view === v} aria-controls={`clerk-view-${v}`} aria-keyshortcuts={`Alt+${i + 1}`} className="clerk-tab" onClick={() => setView(v)}>
              {t(`clerk.view.${v}`)} <kbd>{`Alt+${i + 1}`}</kbd>
            </button>
          ))}
        </div>
        <ErrorAlert message={desk.error} />
        {views.map((v) => (
          // All three stay mounted: a member picked at the desk is still there after a look at the queue.
          <div key={v} role="tabpanel" id={`clerk-view-${v}`} aria-labelledby={`clerk-tab-${v}`} className={`clerk-view clerk-view--${v}`} hidden={view !== v}>
            {v === 'verify' ? (
              page ? (
                <PageVerifier page={page} focusRequest={desk.focusRequest} onChanged={desk.changed} onNext={() => desk.step(1)} onPrevious={() => desk.step(-1)} />
              ) : (
                <p className="hint clerk-empty">{batch && batch.pages.length > 0 ? t('clerk.verify.nothingOpen') : t('clerk.verify.scanFirst')}</p>
              )
            ) : null}
            {v === 'scanner' ? <ScannerSettings scanner={scanner} /> : null}
            {v === 'members' ? <MemberDesk /> : null}
          </div>
        ))}
      </div>
    </div>
  );
}
