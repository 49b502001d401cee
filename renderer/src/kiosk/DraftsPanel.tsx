import { useTranslation } from 'react-i18next';
import type { BookletView, EvidenceDraftView, KioskReceipt } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { useFormat } from '../i18n/format';
import { Button } from '../ui/Button';
import { CappedList } from '../ui/CappedList';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useStationCall } from '../ui/use-station-call';

/** The proofs captured in this session, not yet submitted, and the one action that submits them. */
export function DraftsPanel({ drafts, booklet, onChanged, onSubmitted }: { drafts: EvidenceDraftView[]; booklet: BookletView; onChanged: () => void; onSubmitted: (r: KioskReceipt) => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const format = useFormat();
  const { busy, error, run } = useStationCall();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  if (drafts.length === 0) return null;
  const titleOf = (measure: number) => booklet.fields.find((f) => f.measure === measure)?.title[lang] ?? String(measure);

  const submit = () => run(() => client.call.kioskSubmit({ year: booklet.year }), onSubmitted);

  return (
    <section className="drafts" aria-labelledby="drafts-title" data-testid="drafts">
      <h2 id="drafts-title">{t('kiosk.drafts.title')}</h2>
      <CappedList
        className="draft-list"
        items={drafts}
        max={3}
        keyOf={(d) => d.draftId}
        title={t('kiosk.drafts.title')}
        render={(d) => (
          <>
            <span>{t('kiosk.drafts.item', { title: titleOf(d.measure), date: format.date(d.performedOn), kind: t(`kiosk.capture.method.${d.kind}`) })}</span>
            <Button onClick={() => void client.call.kioskDiscardEvidence({ draftId: d.draftId }).then(onChanged)} aria-label={t('kiosk.drafts.removeItem', { title: titleOf(d.measure) })}>
              {t('kiosk.drafts.remove')}
            </Button>
          </>
        )}
      />
      <ErrorAlert message={error} />
      <Button variant="primary" className="drafts-submit" disabled={busy} onClick={() => void submit()}>
        {busy ? t('kiosk.drafts.submitting') : t('kiosk.drafts.submit', { count: drafts.length })}
      </Button>
    </section>
  );
}
