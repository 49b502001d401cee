import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { QueuePage as QueuePageSchema, type QueueItem } from '../../../backoffice/api';
import { call, CallError } from '../api';
import { useI18n, type TextKey } from '../i18n';

interface Filters {
  measure: string;
  station: string;
  branch: string;
  minAgeDays: string;
}
const noFilters: Filters = { measure: '', station: '', branch: '', minAgeDays: '' };

function queryOf(filters: Filters, after?: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value.trim() !== '') params.set(key, value.trim());
  if (after) params.set('after', after);
  const q = params.toString();
  return q ? `?${q}` : '';
}

/** Waiting submissions, oldest first; Enter on a row or P for the oldest opens the review. */
export function QueuePage({ go, onSignedOut }: { go: (to: string) => void; onSignedOut: () => void }) {
  const { t, lang, dateTime } = useI18n();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [applied, setApplied] = useState<Filters>(noFilters);
  const [items, setItems] = useState<QueueItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [waiting, setWaiting] = useState<{ n: number; more: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (after?: string) => {
      try {
        const page = await call('GET', `/review/queue${queryOf(applied, after)}`, QueuePageSchema);
        setItems((old) => (after ? [...old, ...page.items] : page.items));
        setNext(page.next);
        setWaiting({ n: page.waiting, more: page.waitingMore });
        setError(null);
      } catch (e) {
        if (e instanceof CallError && e.status === 401) onSignedOut();
        else setError(e instanceof Error ? e.message : String(e));
      }
    },
    [applied, onSignedOut],
  );
  useEffect(() => void load(), [load]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
      const first = items.find((i) => i.claimedBy === null) ?? items[0];
      if ((event.key === 'p' || event.key === 'P') && first) {
        event.preventDefault();
        go(`/review/${first.id}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, go]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied(filters);
  };
  const now = Date.now();
  const field = (key: keyof Filters) => ({ value: filters[key], onChange: (e: { target: { value: string } }) => setFilters({ ...filters, [key]: e.target.value }) });

  return (
    <section aria-labelledby="queue-title">
      <div className="title-row">
        <h1 id="queue-title">{t('queueTitle')}</h1>
        {waiting !== null && <p className="count" aria-live="polite">{t(waiting.more ? 'waitingMore' : 'waiting', { n: waiting.n.toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB') })}</p>}
        <button type="button" className="primary" disabled={items.length === 0} onClick={() => items[0] && go(`/review/${(items.find((i) => i.claimedBy === null) ?? items[0]).id}`)}>
          {t('startReview')}
        </button>
      </div>
      <form className="filters" onSubmit={apply} aria-label={t('filters')}>
        <label>
          {t('filterMeasure')}
          <select {...field('measure')}>
            <option value="">{t('filterAll')}</option>
            {Array.from({ length: 18 }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterStation')}
          <input {...field('station')} maxLength={64} />
        </label>
        <label>
          {t('filterBranch')}
          <input {...field('branch')} maxLength={100} />
        </label>
        <label>
          {t('filterAge')}
          <input {...field('minAgeDays')} type="number" min={0} max={3650} inputMode="numeric" />
        </label>
        <button type="submit">{t('apply')}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items.length === 0 && !error ? (
        <p>{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="queue">
            <thead>
              <tr>
                <th scope="col">{t('colReceived')}</th>
                <th scope="col">{t('colAge')}</th>
                <th scope="col">{t('colKind')}</th>
                <th scope="col">{t('colStation')}</th>
                <th scope="col">{t('colBranch')}</th>
                <th scope="col">{t('colYear')}</th>
                <th scope="col">{t('colMeasures')}</th>
                <th scope="col">{t('colRules')}</th>
                <th scope="col">{t('colClaim')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} data-testid="queue-row">
                  <td>{dateTime(item.receivedAt)}</td>
                  <td>{t('days', { n: Math.floor((now - Date.parse(item.receivedAt)) / 86_400_000) })}</td>
                  <td>{t(`kind_${item.kind}` as TextKey)}</td>
                  <td>{item.stationId}</td>
                  <td>{item.branch ?? '–'}</td>
                  <td>{item.participationYear}</td>
                  <td>{item.measures.join(', ') || '–'}</td>
                  <td>{item.findings.length === 0 ? t('ruleOk') : t('ruleFindings', { n: item.findings.length })}</td>
                  <td>{item.claimedBy ?? '–'}</td>
                  <td>
                    <a href={`#/review/${item.id}`}>{t('open')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" onClick={() => void load(next)}>
          {t('nextPage')}
        </button>
      )}
    </section>
  );
}
