import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskArchiveEntry } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { useFormat } from '../i18n/format';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { remPx, useRoomBelow } from '../ui/use-element-size';
import { errorTextOf } from '../ui/use-error-text';
import { useStationCall } from '../ui/use-station-call';

const categories = ['aktiv', 'bonus', 'check'] as const;
const rowRem = 4.2;

/**
 * "Meine Nachweise": what the member submitted at this station, in the insurer's app's three
 * categories (Aktiv, Bonus, Check), each with its date, where it stands and the insurer's
 * decision. As many as fit on the screen, page by page: nothing to scroll.
 */
export function ArchiveView({ onBack }: { onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const format = useFormat();
  const { error, setError } = useStationCall();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const [entries, setEntries] = useState<KioskArchiveEntry[]>();
  const [category, setCategory] = useState<(typeof categories)[number]>('aktiv');
  const [page, setPage] = useState(0);
  const list = useRef<HTMLOListElement>(null);
  const room = useRoomBelow(list);

  useEffect(() => {
    client.call.getKioskArchive({}).then(
      (r) => {
        setEntries(r.entries);
        // Start where the member has something.
        const first = categories.find((c) => r.entries.some((e) => e.category === c));
        if (first) setCategory(first);
      },
      (e: unknown) => setError((tr) => errorTextOf(tr, e)),
    );
  }, [client, setError]);

  const shown = (entries ?? []).filter((e) => e.category === category);
  const perPage = Math.max(1, Math.floor(room / (rowRem * remPx())) || 5);
  const pages = Math.max(1, Math.ceil(shown.length / perPage));
  const current = Math.min(page, pages - 1);
  return (
    <section className="archive" aria-labelledby="archive-title" data-testid="archive">
      <div className="archive-head">
        <h2 id="archive-title">{t('kiosk.archive.title')}</h2>
        <Button onClick={onBack}>{t('kiosk.member.backToBooklet')}</Button>
      </div>
      <div className="archive-tabs" role="tablist" aria-label={t('kiosk.archive.categories')}>
        {categories.map((c) => (
          <button
            key={c}
            type="button"
            role="tab"
            id={`archive-tab-${c}`}
            aria-selected={c === category}
            aria-controls="archive-list"
            className="archive-tab"
            onClick={() => {
              setCategory(c);
              setPage(0);
            }}
          >
            {t(`kiosk.booklet.category.${c}`)} ({(entries ?? []).filter((e) => e.category === c).length})
          </button>
        ))}
      </div>
      <ErrorAlert message={error} />
      <div role="tabpanel" aria-labelledby={`archive-tab-${category}`} className="archive-panel">
        {entries && shown.length === 0 ? <p className="hint">{t('kiosk.archive.none')}</p> : null}
        <ol id="archive-list" ref={list} className="archive-list">
          {shown.slice(current * perPage, (current + 1) * perPage).map((e) => (
            <li key={`${e.reference}-${e.measure}`} className={`archive-entry archive-entry--${e.state}`} data-testid={`archive-${e.measure}`}>
              <span className="archive-date">{format.date(e.performedOn)}</span>
              <span className="archive-what">
                <strong>{e.title[lang]}</strong> · {t(`kiosk.capture.method.${e.kind}`, { defaultValue: e.kind })}
                <span className="archive-ref">
                  {' '}
                  · {t('kiosk.archive.submitted', { date: format.instantDate(e.submittedAt), reference: e.reference })}
                </span>
              </span>
              <span className="archive-state">
                {t(`kiosk.archive.state.${e.state}`)}
                {e.reason ? ` – ${t('kiosk.decision.reason', { reason: e.reason })}` : ''}
              </span>
            </li>
          ))}
        </ol>
        {pages > 1 ? (
          <nav className="archive-pages" aria-label={t('kiosk.archive.pages')}>
            <Button disabled={current === 0} onClick={() => setPage(current - 1)}>
              {t('kiosk.archive.previous')}
            </Button>
            <span>{t('kiosk.archive.page', { page: current + 1, pages })}</span>
            <Button disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
              {t('kiosk.archive.next')}
            </Button>
          </nav>
        ) : null}
      </div>
    </section>
  );
}
