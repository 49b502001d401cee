import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletView } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { useStationCall } from '../ui/use-station-call';
import { ErrorAlert } from '../ui/ErrorAlert';

/** §1, §4: declaring participation for this year, with the terms' open points and the §284 SGB V consent. */
export function ParticipationPanel({ booklet, onDeclared }: { booklet: BookletView; onDeclared: (b: BookletView) => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useStationCall();
  const consentId = useId();
  const [consent, setConsent] = useState(false);
  const lang = i18n.language === 'en' ? 'en' : 'de';

  const declare = () => run(() => client.call.kioskDeclareParticipation({ year: booklet.year, consentSgbV284: true, termsVersion: booklet.ruleSetVersion }), onDeclared);

  return (
    <section className="participation" aria-labelledby="participation-title" data-testid="participation">
      <h2 id="participation-title">{t('kiosk.participation.title', { year: booklet.year })}</h2>
      <p>{t('kiosk.participation.intro')}</p>
      <details>
        <summary>{t('kiosk.participation.termsNotes')}</summary>
        <ul>
          {booklet.termsNotes.map((note) => (
            <li key={note.section + note.question.de}>
              <strong>{note.question[lang]}</strong> {note.applied[lang]}
            </li>
          ))}
        </ul>
      </details>
      <div className="consent">
        <input id={consentId} type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
        <label htmlFor={consentId}>{t('kiosk.participation.consent')}</label>
      </div>
      <ErrorAlert message={error} />
      <Button variant="primary" disabled={!consent || busy} onClick={() => void declare()}>
        {t('kiosk.participation.declare')}
      </Button>
    </section>
  );
}
