import { useTranslation } from 'react-i18next';
import type { ClerkBatchListEntry, ClerkBatchView, ClerkBookingResult, ClerkPageSummary } from '../../../main/contract';
import { Button } from '../ui/Button';
import { useFormat } from '../i18n/format';

/** What the page list says about a page's state, in one word per state. */
export function pageStateKey(page: ClerkPageSummary): string {
  if (page.state === 'recognized' && page.kind !== 'booklet_page' && page.kind !== null) return `clerk.batch.kind.${page.kind}`;
  return `clerk.batch.state.${page.state}`;
}

/**
 * The open batch: progress of recognition, counts per state, and its pages; a page opens for
 * verification. Booking books every verified page of the batch.
 */
export function BatchPanel({
  batch,
  recognizing,
  selectedId,
  onSelect,
  onBook,
  onClose,
  booking,
  booked,
  batches,
  onView,
}: {
  batch: ClerkBatchView;
  recognizing: boolean;
  selectedId: string | null;
  onSelect: (pageId: string) => void;
  onBook: () => void;
  onClose: () => void;
  booking: boolean;
  booked: ClerkBookingResult | null;
  /** Batches with pages not booked yet (and the last few), to finish an earlier one. */
  batches: ClerkBatchListEntry[];
  /** null: back to the open batch. */
  onView: (batchId: string | null) => void;
}) {
  const { t } = useTranslation();
  const when = useFormat().dateTime;
  const others = batches.filter((b) => b.id !== batch.id && b.counts.total > b.counts.booked);
  const { counts } = batch;
  const waiting = booked?.skipped.filter((s) => s.reason === 'member-offline') ?? [];
  const skippedOther = booked?.skipped.filter((s) => s.reason !== 'member-offline') ?? [];
  const done = counts.total - counts.scanned;
  return (
    <section className="clerk-panel batch-panel" aria-labelledby="batch-heading" data-testid="batch-panel">
      <h2 id="batch-heading">{batch.state === 'open' ? t('clerk.batch.title') : t('clerk.batch.earlierTitle', { when: when(batch.createdAt) })}</h2>
      {batch.state === 'closed' ? <p className="hint">{t('clerk.batch.closedHint')}</p> : null}
      {others.length > 0 || batch.state === 'closed' ? (
        <div className="clerk-form-row">
          <label htmlFor="batch-choice">{t('clerk.batch.choose')}</label>
          <select id="batch-choice" value={batch.state === 'open' ? '' : batch.id} onChange={(e) => onView(e.target.value || null)}>
            <option value="">{t('clerk.batch.openBatch')}</option>
            {[...others.filter((b) => b.state === 'closed'), ...(batch.state === 'closed' ? [batch] : [])].map((b) => (
              <option key={b.id} value={b.id}>
                {t('clerk.batch.earlierOption', { when: when(b.createdAt), left: b.counts.total - b.counts.booked })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div aria-live="polite" data-testid="batch-counts">
        <p>
          {t('clerk.batch.counts', {
            total: counts.total,
            recognized: counts.recognized,
            verified: counts.verified,
            booked: counts.booked,
            error: counts.error,
          })}
        </p>
        {counts.total > 0 ? (
          <>
            <progress max={counts.total} value={done} aria-label={t('clerk.batch.recognitionProgress', { done, total: counts.total })} />
            <p className="hint">{recognizing || counts.scanned > 0 ? t('clerk.batch.recognizing', { left: counts.scanned }) : t('clerk.batch.recognitionDone')}</p>
          </>
        ) : (
          <p className="hint">{t('clerk.batch.empty')}</p>
        )}
      </div>
      {batch.pages.length > 0 ? (
        // A scrolling list must be reachable by keyboard even while no row has a button yet (pages still scanning).
        <div className="page-list" role="region" tabIndex={0} aria-label={t('clerk.batch.pagesCaption')}>
        <table className="page-table">
          <caption className="visually-hidden">{t('clerk.batch.pagesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('clerk.batch.col.page')}</th>
              <th scope="col">{t('clerk.batch.col.booklet')}</th>
              <th scope="col">{t('clerk.batch.col.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('clerk.batch.col.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {batch.pages.map((p) => (
              <tr key={p.id} aria-current={p.id === selectedId ? 'true' : undefined} data-testid={`page-row-${p.seq}`}>
                <td>{p.seq}</td>
                {/* Booklet and page, state and fields: two lines each, so the queue fits the side column at 1366×768 with its open button. */}
                <td>
                  {p.bookletId ? (
                    <>
                      <span className="page-booklet">{p.bookletId}</span> {t('clerk.batch.pageNo', { page: p.pageNo ?? '–' })}
                    </>
                  ) : (
                    '–'
                  )}
                </td>
                <td>
                  {t(pageStateKey(p))}
                  {p.flagged ? ` · ${t('clerk.batch.flagged')}` : ''}
                  {p.state === 'error' && p.errorCode ? ` · ${t(`clerk.batch.error.${p.errorCode}`, { defaultValue: t('clerk.batch.error.other') })}` : ''}
                  {p.kind === 'booklet_page' || (p.kind === 'unregistered' && p.bookletId) ? <span className="page-fields">{t('clerk.batch.fieldsSummary', { stamped: p.stamped, undecided: p.undecided })}</span> : null}
                </td>
                <td>
                  <Button onClick={() => onSelect(p.id)} aria-label={t('clerk.batch.openPage', { seq: p.seq })} disabled={p.state === 'scanned'}>
                    {t('clerk.batch.open')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      ) : null}
      <div className="toolbar">
        <Button variant="primary" onClick={onBook} disabled={booking || counts.verified === 0} data-testid="book-batch">
          {t('clerk.batch.book', { count: counts.verified })}
        </Button>
        <Button onClick={onClose} disabled={counts.total === 0 || counts.scanned > 0}>
          {t('clerk.batch.close')}
        </Button>
      </div>
      <div aria-live="polite" data-testid="booking-result">
        {booking ? <p>{t('clerk.batch.booking')}</p> : null}
        {booked ? (
          <p className="notice-ok">
            {t('clerk.batch.booked', { submissions: booked.submissions, pages: booked.pagesBooked, measures: booked.measuresBooked })}
            {skippedOther.length > 0 ? ` ${t('clerk.batch.skipped', { count: skippedOther.length, pages: skippedOther.map((s) => s.seq).join(', ') })}` : ''}
            {waiting.length > 0 ? ` ${t('clerk.batch.skippedOffline', { count: waiting.length, pages: waiting.map((s) => s.seq).join(', ') })}` : ''}
          </p>
        ) : null}
      </div>
    </section>
  );
}
