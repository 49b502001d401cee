import { useTranslation } from 'react-i18next';
import type { BookletField, BookletView } from '../../../../main/contract';
import { useFormat } from '../../i18n/format';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { canCaptureHere, tileStateOf, withoutTitle } from './field-words';

/**
 * One field in full: where it stands and why (the rules engine's sentence, said once), what
 * the catalog counts for it, the reviewer's reason, and the one action there is: add a proof.
 */
export function FieldPanel({ field, booklet, onCapture, onClose }: { field: BookletField; booklet: BookletView; onCapture?: ((field: BookletField) => void) | undefined; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const title = field.title[lang];
  const { state } = tileStateOf(field, booklet);
  const status = state === 'after_declaration' ? t('kiosk.tile.after_declaration') : t(`kiosk.booklet.status.${state}`);
  const mayAdd = field.status !== 'fulfilled' && field.status !== 'not_possible' && canCaptureHere(field);
  const action = onCapture && mayAdd ? (
    <Button variant="primary" onClick={() => onCapture(field)} aria-label={t('kiosk.booklet.addProofFor', { title })}>
      {t('kiosk.booklet.addProof')}
    </Button>
  ) : null;
  return (
    <Dialog
      title={`${field.measure} · ${title}`}
      onClose={onClose}
      testId="field-panel"
      className={`field-panel field-panel--${state}`}
      actions={
        <>
          <Button onClick={onClose}>{t('kiosk.panel.close')}</Button>
          {action}
        </>
      }
    >
      <p className="field-panel-state">
        <strong>{t('kiosk.panel.state')}:</strong> {status}
        {field.credited ? ` · ${t('kiosk.booklet.credited')}` : ''}
        {field.amountCents > 0 ? ` · ${t('kiosk.panel.amount', { amount: format.euros(field.amountCents) })}` : ''}
      </p>
      {state === 'after_declaration' ? null : <p>{withoutTitle(field.text[lang], title)}</p>}
      {field.reviewReason ? <p className="field-review-reason">{t('kiosk.booklet.reviewReason', { reason: field.reviewReason })}</p> : null}
      {field.description ? (
        <>
          <h3 className="field-panel-sub">{t('kiosk.panel.whatCounts')}</h3>
          <p>{field.description[lang]}</p>
        </>
      ) : null}
      {!canCaptureHere(field) ? <p className="hint">{t('kiosk.capture.notHere')}</p> : state === 'after_declaration' ? <p className="hint">{t('kiosk.panel.declareFirst')}</p> : null}
    </Dialog>
  );
}
