import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletField } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { useErrorText } from '../ui/use-error-text';
import { CameraCapture } from './CameraCapture';
import { ErrorAlert } from '../ui/ErrorAlert';

type Method = 'certificate_photo' | 'dated_self_declaration';

/** Capture a proof for one field: the date of the measure, then a photo or a digital entry, as the catalog allows. */
export function EvidenceCapture({ field, year, onDone, onCancel }: { field: BookletField; year: number; onDone: () => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const dateId = useId();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const methods = (['certificate_photo', 'dated_self_declaration'] as const).filter((m) => field.evidence.includes(m));
  const [method, setMethod] = useState<Method | undefined>(methods.length === 1 ? methods[0] : undefined);
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const today = new Date().toISOString().slice(0, 10);

  const add = async (photo?: string) => {
    if (!method || !date) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const result = await client.call.kioskAddEvidence({ measure: field.measure, performedOn: date, kind: method, ...(photo ? { photo: { dataBase64: photo } } : {}) });
      if (result.accepted) onDone();
      else setMessage(t(`kiosk.capture.problem.${result.problem}`));
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
      <input id={dateId} type="date" min={`${year}-01-01`} max={today < `${year}-12-31` ? today : `${year}-12-31`} value={date} onChange={(e) => setDate(e.target.value)} required />
      {methods.length > 1 ? (
        <div className="toolbar" role="group" aria-label={t('kiosk.capture.methodLabel')}>
          {methods.map((m) => (
            <Button key={m} variant={method === m ? 'primary' : 'secondary'} aria-pressed={method === m} onClick={() => setMethod(m)}>
              {t(`kiosk.capture.method.${m}`)}
            </Button>
          ))}
        </div>
      ) : null}
      {methods.length === 0 ? <p className="hint">{t('kiosk.capture.notHere')}</p> : null}
      <ErrorAlert message={message} />
      {method === 'certificate_photo' && date ? <CameraCapture busy={busy} onUse={(jpeg) => void add(jpeg)} /> : null}
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
