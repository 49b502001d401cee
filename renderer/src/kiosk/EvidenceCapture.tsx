import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletField } from '../../../main/contract';
import { useStation, useStationEvent } from '../app/station-context';
import { Button } from '../ui/Button';
import { useErrorText } from '../ui/use-error-text';
import { CameraCapture } from './CameraCapture';
import { DocumentScan } from './DocumentScan';
import { ErrorAlert } from '../ui/ErrorAlert';

/** How the member gives the proof; a scanned page is a certificate like a photo of it. */
type Method = 'certificate_photo' | 'document_scan' | 'dated_self_declaration';

/**
 * Capture a proof for one field: the date of the measure, then a photo, a scan on the kiosk's
 * document scanner (offered only where one is attached) or a digital entry, as the catalog allows.
 */
export function EvidenceCapture({ field, year, onDone, onCancel }: { field: BookletField; year: number; onDone: () => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const dateId = useId();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const scanner = useStationEvent('scannerStatus');
  const hasScanner = (scanner?.state === 'ready' || scanner?.state === 'scanning') && scanner.devices.some((d) => d.startsWith('sane:'));
  const methods = (['certificate_photo', 'document_scan', 'dated_self_declaration'] as const).filter((m) =>
    m === 'document_scan' ? hasScanner && field.evidence.includes('certificate_photo') : field.evidence.includes(m),
  );
  const [method, setMethod] = useState<Method | undefined>(methods.length === 1 ? methods[0] : undefined);
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  // Scanned pages go into one draft: the first page creates it, further pages join it.
  const [scanDraft, setScanDraft] = useState<{ draftId: string; pages: number }>();
  const today = new Date().toISOString().slice(0, 10);

  const add = async (photo?: string) => {
    if (!method || !date) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const scanned = method === 'document_scan';
      const kind = scanned ? 'certificate_photo' : method;
      const result = await client.call.kioskAddEvidence({
        measure: field.measure,
        performedOn: date,
        kind,
        ...(photo ? { photo: { dataBase64: photo } } : {}),
        ...(scanned && scanDraft ? { draftId: scanDraft.draftId } : {}),
      });
      if (!result.accepted) setMessage(t(`kiosk.capture.problem.${result.problem}`));
      else if (scanned) setScanDraft({ draftId: result.draft.draftId, pages: result.draft.pages });
      else onDone();
    } catch (e) {
      setMessage(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="capture" aria-labelledby="capture-title" data-testid="evidence-capture">
      <h2 id="capture-title">{t('kiosk.capture.title', { title: field.title[lang] })}</h2>
      <label htmlFor={dateId}>{t('kiosk.capture.date')}</label>
      <input id={dateId} type="date" min={`${year}-01-01`} max={today < `${year}-12-31` ? today : `${year}-12-31`} value={date} onChange={(e) => setDate(e.target.value)} disabled={scanDraft !== undefined} required />
      {methods.length > 1 ? (
        <div className="toolbar" role="group" aria-label={t('kiosk.capture.methodLabel')}>
          {methods.map((m) => (
            <Button key={m} variant={method === m ? 'primary' : 'secondary'} aria-pressed={method === m} onClick={() => setMethod(m)} disabled={scanDraft !== undefined && m !== method}>
              {t(`kiosk.capture.method.${m}`)}
            </Button>
          ))}
        </div>
      ) : null}
      {methods.length === 0 ? <p className="hint">{t('kiosk.capture.notHere')}</p> : null}
      <ErrorAlert message={message} />
      {method === 'certificate_photo' && date ? <CameraCapture busy={busy} onUse={(jpeg) => void add(jpeg)} /> : null}
      {method === 'document_scan' && date ? <DocumentScan busy={busy} pagesKept={scanDraft?.pages ?? 0} onKeep={(jpeg) => void add(jpeg)} onDone={onDone} /> : null}
      {method === 'dated_self_declaration' ? (
        <>
          <p className="hint">{t('kiosk.capture.selfDeclaration')}</p>
          <Button variant="primary" disabled={!date || busy} onClick={() => void add()}>
            {t('kiosk.capture.confirmEntry')}
          </Button>
        </>
      ) : null}
      <div className="toolbar">
        <Button onClick={onCancel}>{t('kiosk.capture.cancel')}</Button>
      </div>
    </section>
  );
}
