import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletPageReading, BookletView, KioskReceipt } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateEntry } from '../../ui/touch/DateEntry';
import { useStationCall } from '../../ui/use-station-call';

/**
 * The page as read, with a frame on every field: the stamps found are preselected, a field the
 * recognizer is unsure about is offered but not preselected, a field credited already is shown
 * and cannot be chosen. The member confirms by touch, gives the date of the stamps and submits.
 */
export function PaperPageConfirm({ reading, booklet, onSubmitted, onAnother, onBack }: { reading: BookletPageReading; booklet: BookletView; onSubmitted: (receipt: KioskReceipt) => void; onAnother: () => void; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useStationCall();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const [chosen, setChosen] = useState(() => new Set(reading.fields.filter((f) => f.state === 'stamped').map((f) => f.measure)));
  const [date, setDate] = useState('');
  const lastDay = booklet.today < `${reading.year}-12-31` ? booklet.today : `${reading.year}-12-31`;
  const titleOf = (measure: number) => booklet.fields.find((f) => f.measure === measure)?.title[lang] ?? String(measure);
  const toggle = (measure: number) =>
    setChosen((current) => {
      const next = new Set(current);
      if (!next.delete(measure)) next.add(measure);
      return next;
    });
  const submit = () => void run(() => client.call.kioskSubmitBookletStamps({ readingId: reading.readingId, measures: [...chosen].sort((a, b) => a - b), performedOn: date }), onSubmitted);
  const offered = reading.fields.some((f) => f.state === 'stamped' || f.state === 'unsure');

  return (
    <div className="paper-confirm">
      <figure className="paper-page" style={{ aspectRatio: `${reading.image.width} / ${reading.image.height}` }}>
        <img src={`data:image/jpeg;base64,${reading.image.jpegBase64}`} alt={t('kiosk.paper.pageAlt', { page: reading.page, year: reading.year })} />
        {reading.fields.map((f) => (
          <span
            key={f.measure}
            aria-hidden="true"
            className={`paper-box paper-box--${f.state}${chosen.has(f.measure) ? ' paper-box--chosen' : ''}`}
            style={{ left: `${f.box.x * 100}%`, top: `${f.box.y * 100}%`, width: `${f.box.width * 100}%`, height: `${f.box.height * 100}%` }}
          >
            <span className="paper-box-number">{f.measure}</span>
          </span>
        ))}
      </figure>
      <div className="paper-side">
        <p className="hint paper-lead">{offered ? t('kiosk.paper.confirmLead') : t('kiosk.paper.nothingFound')}</p>
        <ul className="paper-fields" aria-label={t('kiosk.paper.fieldsLabel')}>
          {reading.fields.map((f) => (
            <li key={f.measure}>
              {f.state === 'stamped' || f.state === 'unsure' ? (
                <Button className="paper-field" aria-pressed={chosen.has(f.measure)} disabled={busy} onClick={() => toggle(f.measure)}>
                  <span className="paper-field-check" aria-hidden="true">
                    {chosen.has(f.measure) ? '✓' : ''}
                  </span>
                  <span className="paper-field-title">
                    {f.measure} · {titleOf(f.measure)}
                  </span>
                  {f.state === 'unsure' ? <span className="paper-field-note">{t('kiosk.paper.unsure')}</span> : null}
                </Button>
              ) : (
                <p className={`paper-field paper-field--${f.state}`}>
                  <span className="paper-field-title">
                    {f.measure} · {titleOf(f.measure)}
                  </span>
                  <span className="paper-field-note">{t(`kiosk.paper.state.${f.state}`)}</span>
                </p>
              )}
            </li>
          ))}
        </ul>
        <ErrorAlert message={error} />
        {/* The date beside the buttons: the side must fit the window with the page at 1280x1024. */}
        <div className="paper-actions">
          {offered ? <DateEntry label={t('kiosk.paper.date')} value={date} onChange={setDate} min={`${reading.year}-01-01`} max={lastDay} today={booklet.today} disabled={busy} /> : null}
          <div className="paper-buttons">
            {offered ? (
              <Button variant="primary" disabled={busy || chosen.size === 0 || !date} onClick={submit}>
                {t('kiosk.paper.submit', { count: chosen.size })}
              </Button>
            ) : null}
            <Button disabled={busy} onClick={onAnother}>
              {t('kiosk.paper.another')}
            </Button>
            <Button disabled={busy} onClick={onBack}>
              {t('kiosk.paper.back')}
            </Button>
          </div>
        </div>
      </div>
    </div>
  );
}
