import { useId, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { canStep, startDate, stepDate, type DatePart } from './date-steps';
import './touch.css';

const noFocusSteal = (e: PointerEvent<HTMLButtonElement>) => e.preventDefault();

/**
 * A date on the touch screen, written the way the language writes it (TT.MM.JJJJ): big steppers
 * for day, month and year within [min, max], and "today". No native date picker: it follows the
 * browser's locale, not the station's language, and is a poor touch control. The value is
 * YYYY-MM-DD ('' until the member sets one) and is on the group as data-value.
 */
export function DateEntry({ label, value, onChange, min, max, today, disabled = false }: { label: string; value: string; onChange: (ymd: string) => void; min: string; max: string; today: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [y, m, d] = value ? value.split('-').map(Number) : [];
  const step = (part: DatePart, direction: 1 | -1) => {
    if (!value) return onChange(startDate(min, max, today));
    const next = stepDate(value, part, direction, min, max);
    if (next) onChange(next);
  };
  const order: DatePart[] = ['day', 'month', 'year'];
  const shown: Record<DatePart, string> = {
    day: d ? String(d).padStart(2, '0') : t('touch.date.dd'),
    month: m ? format.monthName(m) : t('touch.date.mm'),
    year: y ? String(y) : t('touch.date.yyyy'),
  };
  const todayAllowed = today >= min && today <= max;
  return (
    <div className="date-entry" role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-value`} data-value={value} data-min={min} data-max={max} data-testid="date-entry">
      <span id={`${id}-label`} className="date-entry-label">
        {label}
      </span>
      <div className="date-entry-parts">
        {order.map((part) => (
          <div key={part} className={`date-part date-part--${part}`}>
            <button type="button" className="date-step" aria-label={t(`touch.date.later.${part}`)} disabled={disabled || (value !== '' && !canStep(value, part, 1, min, max))} onPointerDown={noFocusSteal} onClick={() => step(part, 1)}>
              +
            </button>
            <span className="date-part-value" aria-hidden="true">
              {shown[part]}
            </span>
            <button type="button" className="date-step" aria-label={t(`touch.date.earlier.${part}`)} disabled={disabled || (value !== '' && !canStep(value, part, -1, min, max))} onPointerDown={noFocusSteal} onClick={() => step(part, -1)}>
              −
            </button>
          </div>
        ))}
      </div>
      <div className="date-entry-foot">
        <output id={`${id}-value`} className="date-entry-value" aria-live="polite">
          {value ? format.date(value) : t('touch.date.none')}
        </output>
        {todayAllowed ? (
          <button type="button" className="ui-button ui-button--secondary" disabled={disabled || value === today} onClick={() => onChange(today)}>
            {t('touch.date.today')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
