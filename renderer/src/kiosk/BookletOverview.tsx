import { useTranslation } from 'react-i18next';
import { CaptureKind, type BookletField, type BookletView } from '../../../main/contract';
import { Button } from '../ui/Button';

const categories = ['aktiv', 'bonus', 'check'] as const;

function euros(cents: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** The kinds of proof a member can give at the kiosk (photo, scan, digital entry, signed declaration, measured value). */
const capturable: readonly string[] = CaptureKind.options;

function FieldRow({ field, onCapture }: { field: BookletField; onCapture?: ((field: BookletField) => void) | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  return (
    <li className={`booklet-field booklet-field--${field.status}`} data-testid={`field-${field.measure}`}>
      <span className="field-number" aria-hidden="true">
        {field.measure}
      </span>
      <div>
        <div className="field-title">{field.title[lang]}</div>
        <div className="field-text">{field.text[lang]}</div>
        {field.reviewReason ? <div className="field-text field-review-reason">{t('kiosk.booklet.reviewReason', { reason: field.reviewReason })}</div> : null}
      </div>
      <div className="field-side">
        <span className="field-status">{t(`kiosk.booklet.status.${field.status}`)}</span>
        {field.credited ? <span className="field-credited">{t('kiosk.booklet.credited')}</span> : null}
        {onCapture && field.status !== 'fulfilled' && field.status !== 'not_possible' && field.evidence.some((e) => capturable.includes(e)) ? (
          <Button onClick={() => onCapture(field)} aria-label={t('kiosk.booklet.addProofFor', { title: field.title[lang] })}>
            {t('kiosk.booklet.addProof')}
          </Button>
        ) : null}
      </div>
    </li>
  );
}

/** The year's booklet: progress graphic, money, and every field grouped by category. */
export function BookletOverview({ booklet, onCapture }: { booklet: BookletView; onCapture?: ((field: BookletField) => void) | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const count = (status: BookletField['status']) => booklet.fields.filter((f) => f.status === status).length;
  const total = booklet.fields.length;
  const fulfilled = count('fulfilled');
  const awaiting = count('awaiting_review');
  return (
    <section className="booklet" aria-labelledby="booklet-title" data-testid="booklet">
      <h2 id="booklet-title">{t('kiosk.booklet.title', { year: booklet.year, program: t(`kiosk.booklet.program.${booklet.program}`) })}</h2>
      <div className="progress" role="img" aria-label={t('kiosk.booklet.progressLabel', { fulfilled, awaiting, total })}>
        <div className="progress-bar">
          <span className="progress-fulfilled" style={{ width: `${(fulfilled / total) * 100}%` }} />
          <span className="progress-awaiting" style={{ width: `${(awaiting / total) * 100}%` }} />
        </div>
        <p className="progress-text" aria-hidden="true">
          {t('kiosk.booklet.progressLabel', { fulfilled, awaiting, total })}
        </p>
      </div>
      <dl className="money">
        <div>
          <dt>{t('kiosk.booklet.earned')}</dt>
          <dd data-testid="earned">{euros(booklet.amount.earnedCents, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('kiosk.booklet.stillEarnable')}</dt>
          <dd>{euros(booklet.amount.stillEarnableCents, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('kiosk.booklet.maximum')}</dt>
          <dd>{euros(booklet.amount.maximumCents, i18n.language)}</dd>
        </div>
      </dl>
      <p className="hint">{booklet.claim.text[lang]}</p>
      {categories.map((category) => {
        const fields = booklet.fields.filter((f) => f.category === category);
        if (fields.length === 0) return null;
        return (
          <section key={category} aria-labelledby={`cat-${category}`} className="category">
            <h3 id={`cat-${category}`}>{t(`kiosk.booklet.category.${category}`)}</h3>
            <ul>
              {fields.map((field) => (
                <FieldRow key={field.measure} field={field} onCapture={onCapture} />
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}
