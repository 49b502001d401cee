import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletField } from '../../../main/contract';
import { useStation, useStationEvent } from '../app/station-context';
import { Button } from '../ui/Button';
import { DateEntry } from '../ui/touch/DateEntry';
import { useStationCall } from '../ui/use-station-call';
import { CameraCapture } from './CameraCapture';
import { DocumentScan } from './DocumentScan';
import { ErrorAlert } from '../ui/ErrorAlert';
import { MeasuredValueEntry, type Measurement } from './MeasuredValueEntry';
import { SignatureDeclaration, type Signature } from './SignatureDeclaration';

/** How the member gives the proof; a scanned page is a certificate like a photo of it. */
type Method = 'certificate_photo' | 'document_scan' | 'dated_self_declaration' | 'signed_declaration' | 'measured_value';
const allMethods = ['certificate_photo', 'document_scan', 'dated_self_declaration', 'signed_declaration', 'measured_value'] as const;
/** A declaration is signed, and a value measured, today unless the member says otherwise. */
const datedToday = (m: Method | undefined) => m === 'signed_declaration' || m === 'measured_value';

/**
 * Capture a proof for one field: the date of the measure, then a photo, a scan on the kiosk's
 * document scanner (offered only where one is attached), a digital entry, a signed declaration
 * or a measured value, as the catalog allows. `today` is the kiosk's day (from main), never the screen's clock.
 */
export function EvidenceCapture({ field, year, today, onDone, onCancel }: { field: BookletField; year: number; today: string; onDone: () => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const { busy, error, setError, run } = useStationCall();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const scanner = useStationEvent('scannerStatus');
  const hasScanner = (scanner?.state === 'ready' || scanner?.state === 'scanning') && scanner.devices.some((d) => d.startsWith('sane:'));
  const methods = allMethods.filter((m) =>
    m === 'document_scan' ? hasScanner && field.evidence.includes('certificate_photo') : field.evidence.includes(m),
  );
  const [method, setMethod] = useState<Method | undefined>(methods.length === 1 ? methods[0] : undefined);
  const lastDay = today < `${year}-12-31` ? today : `${year}-12-31`;
  const [date, setDate] = useState(datedToday(method) ? lastDay : '');
  // Scanned pages go into one draft: the first page creates it, further pages join it.
  const [scanDraft, setScanDraft] = useState<{ draftId: string; pages: number }>();

  const add = async (photo?: string, entry: { declaration?: { statement: string; typedName?: string }; measurement?: Measurement } = {}) => {
    if (!method || !date) return;
    const scanned = method === 'document_scan';
    const kind = scanned ? 'certificate_photo' : method;
    await run(
      () =>
        client.call.kioskAddEvidence({
          measure: field.measure,
          performedOn: date,
          kind,
          ...(photo ? { photo: { dataBase64: photo } } : {}),
          ...(scanned && scanDraft ? { draftId: scanDraft.draftId } : {}),
          ...entry,
        }),
      (result) => {
        if (!result.accepted) setError((tr) => tr(`kiosk.capture.problem.${result.problem}`));
        else if (scanned) setScanDraft({ draftId: result.draft.draftId, pages: result.draft.pages });
        else onDone();
      },
    );
  };

  return (
    <section className="capture" aria-labelledby="capture-title" data-testid="evidence-capture">
      <h2 id="capture-title">{t('kiosk.capture.title', { title: field.title[lang] })}</h2>
      <div className="capture-layout">
        <div className="capture-steps">
          <DateEntry label={t('kiosk.capture.date')} value={date} onChange={setDate} min={`${year}-01-01`} max={lastDay} today={today} disabled={scanDraft !== undefined} />
          {methods.length > 1 ? (
            <div className="capture-methods" role="group" aria-label={t('kiosk.capture.methodLabel')}>
              {methods.map((m) => (
                <Button
                  key={m}
                  aria-pressed={method === m}
                  onClick={() => {
                    setMethod(m);
                    if (datedToday(m) && !date) setDate(lastDay);
                  }}
                  disabled={scanDraft !== undefined && m !== method}
                >
                  {t(`kiosk.capture.method.${m}`)}
                </Button>
              ))}
            </div>
          ) : null}
          <Button onClick={onCancel}>{t('kiosk.capture.cancel')}</Button>
        </div>
        <div className="capture-work">
          {methods.length === 0 ? <p className="hint">{t('kiosk.capture.notHere')}</p> : null}
          <ErrorAlert message={error} />
          {method && !date ? <p className="lead capture-next">{t('kiosk.capture.dateFirst')}</p> : null}
          {!method && methods.length > 1 ? <p className="lead capture-next">{t('kiosk.capture.methodFirst')}</p> : null}
          {method === 'certificate_photo' && date ? <CameraCapture busy={busy} onUse={(jpeg) => void add(jpeg)} /> : null}
          {method === 'document_scan' && date ? <DocumentScan busy={busy} pagesKept={scanDraft?.pages ?? 0} onKeep={(jpeg) => void add(jpeg)} onDone={onDone} /> : null}
          {method === 'dated_self_declaration' && date ? (
            <>
              <p className="lead">{t('kiosk.capture.selfDeclaration')}</p>
              <Button variant="primary" disabled={busy} onClick={() => void add()}>
                {t('kiosk.capture.confirmEntry')}
              </Button>
            </>
          ) : null}
          {method === 'signed_declaration' && date && field.statement ? (
            <SignatureDeclaration
              statement={field.statement}
              fallbackTitle={field.title[lang]}
              busy={busy}
              onSign={(signature: Signature) => {
                const declaration = { statement: field.statement!, ...('typedName' in signature ? { typedName: signature.typedName } : {}) };
                void add('pngBase64' in signature ? signature.pngBase64 : undefined, { declaration });
              }}
            />
          ) : null}
          {method === 'measured_value' && date && field.measuredValue ? <MeasuredValueEntry wanted={field.measuredValue} busy={busy} onEnter={(measurement) => void add(undefined, { measurement })} /> : null}
        </div>
      </div>
    </section>
  );
}
