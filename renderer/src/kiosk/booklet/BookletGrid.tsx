import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletField, BookletView } from '../../../../main/contract';
import { useFormat } from '../../i18n/format';
import { remPx, useElementSize, useRoomBelow, useTightWindow } from '../../ui/use-element-size';
import { tileLine, tileStateOf } from './field-words';

const categories = ['aktiv', 'bonus', 'check'] as const;
/** A tile needs about this much room to show number, title (two lines), state and its line. */
const tileWidthRem = 13;
const tileHeightRem = 4.8;
const headingRem = 1.8;
/** Tiles sit on a 12-column grid: a row of 1, 2, 3 or 4 tiles fills it evenly. */
const gridColumns = 12;

/** The row lengths of n tiles in rows of at most `columns`, as even as they go (6 in 4 columns: 3 and 3). */
export function evenRows(n: number, columns: number): number[] {
  const rows = Math.ceil(n / columns);
  return Array.from({ length: rows }, (_, i) => Math.floor(n / rows) + (i < n % rows ? 1 : 0));
}

/** Titles like "Sportverein/Fitnessstudio" may break after the slash. */
const breakable = (title: string) => title.replace(/\//g, '/\u200b');

const stateIcon: Record<string, string> = { fulfilled: '✓', awaiting_review: '◔', rejected: '!', open: '○', after_declaration: '○', not_possible: '✕' };

function FieldTile({ field, booklet, span, onOpen }: { field: BookletField; booklet: BookletView; span: number; onOpen: (field: BookletField) => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const { state, reason } = tileStateOf(field, booklet);
  const line = tileLine(field, state, reason);
  const status = state === 'after_declaration' ? t('kiosk.tile.state.after_declaration') : t(`kiosk.booklet.status.${state}`);
  return (
    <li className={`tile tile--${state}`} style={{ gridColumn: `span ${span}` }} data-testid={`field-${field.measure}`} data-state={state}>
      <button type="button" className="tile-button" onClick={() => onOpen(field)}>
        <span className="tile-number" aria-label={t('kiosk.booklet.fieldNumber', { number: field.measure })}>
          {field.measure}
        </span>
        <span className="tile-title">{breakable(field.title[lang])}</span>
        {field.amountCents > 0 ? <span className="tile-amount">{format.euros(field.amountCents)}</span> : null}
        <span className="tile-status">
          <span className="tile-icon" aria-hidden="true">
            {stateIcon[state]}
          </span>{' '}
          {status}
          <span className="tile-line"> · {t(line.key, line.values ?? {})}</span>
        </span>
      </button>
    </li>
  );
}

/**
 * The year's fields as tiles, grouped by category (Aktiv, Bonus, Check; a child's booklet its
 * own groups), sized to the room there is: as many columns as fit, the rows sharing the height.
 * A tile opens the field's details.
 */
export function BookletGrid({ booklet, onOpen }: { booklet: BookletView; onOpen: (field: BookletField) => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(box);
  const height = useRoomBelow(box);
  const rem = remPx();
  const groups = categories.map((category) => ({ category, fields: booklet.fields.filter((f) => f.category === category) })).filter((g) => g.fields.length > 0);
  const columns = Math.max(2, Math.min(4, Math.floor((width + 10) / (tileWidthRem * rem + 10)) || 2));
  const rows = groups.reduce((sum, g) => sum + Math.ceil(g.fields.length / columns), 0);
  const spans = (n: number) => evenRows(n, columns).flatMap((length) => Array.from({ length }, () => gridColumns / length));
  // Too little room for the full tile: the short line goes (the details panel has it).
  const tight = useTightWindow();
  const compact = tight || (height > 0 && (height - groups.length * headingRem * rem) / rows < tileHeightRem * rem);
  return (
    <div ref={box} className={`booklet-grid${compact ? ' booklet-grid--compact' : ''}`}>
      {groups.map(({ category, fields }) => {
        const span = spans(fields.length);
        return (
        <section key={category} aria-labelledby={`cat-${category}`} className="category" style={{ flexGrow: Math.ceil(fields.length / columns) }}>
          <h3 id={`cat-${category}`} className="category-title">
            {t(`kiosk.booklet.category.${category}`)}
          </h3>
          <ul className="tiles">
            {fields.map((field, i) => (
              <FieldTile key={field.measure} field={field} booklet={booklet} span={span[i]!} onOpen={onOpen} />
            ))}
          </ul>
        </section>
        );
      })}
    </div>
  );
}
