import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletField, BookletView } from '../../../../main/contract';
import { Button } from '../../ui/Button';
import { BookletGrid } from './BookletGrid';
import { FieldPanel } from './FieldPanel';
import { ProgressGraphic } from './ProgressGraphic';
import './booklet.css';

/**
 * The member's booklet at a glance: beside the tiles the progress graphic and what to do next
 * (declare participation, submit the proofs captured), news from the insurer and the ways on
 * (archive, payout, a child's booklet). A tile opens the field's details.
 */
export function BookletBoard({
  booklet,
  side,
  nav,
  onYear,
  onCapture,
}: {
  booklet: BookletView;
  /** What goes beside the progress graphic, in order of importance. */
  side: ReactNode;
  /** The ways on (archive, payout, a child's booklet), at the foot of the side column. */
  nav: ReactNode;
  onYear: (year: number) => void;
  onCapture?: ((field: BookletField) => void) | undefined;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<BookletField>();
  const otherYears = [...booklet.openEarlierYears, booklet.currentYear].filter((y) => y !== booklet.year);
  return (
    <div className="member-board">
      <div className="member-side">
        <div className="booklet-head">
          <h2 id="booklet-title">{t('kiosk.booklet.title', { year: booklet.year, program: t(`kiosk.booklet.program.${booklet.program}`) })}</h2>
          {otherYears.length > 0 ? (
            <nav className="booklet-years" aria-label={t('kiosk.booklet.years')} data-testid="booklet-years">
              {otherYears.map((y) => (
                <Button key={y} onClick={() => onYear(y)}>
                  {y === booklet.currentYear ? t('kiosk.booklet.backToCurrent', { year: y }) : t('kiosk.booklet.earlierYear', { year: y })}
                </Button>
              ))}
            </nav>
          ) : null}
        </div>
        <ProgressGraphic booklet={booklet} />
        {side}
        <nav className="side-actions member-nav" aria-label={t('kiosk.member.more')}>
          {nav}
        </nav>
      </div>
      <section className="booklet" aria-labelledby="booklet-title" data-testid="booklet">
        <BookletGrid booklet={booklet} onOpen={setOpen} />
      </section>
      {open ? (
        <FieldPanel
          field={open}
          booklet={booklet}
          onClose={() => setOpen(undefined)}
          onCapture={
            onCapture
              ? (field) => {
                  setOpen(undefined);
                  onCapture(field);
                }
              : undefined
          }
        />
      ) : null}
    </div>
  );
}
