import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletView } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { useFormat } from '../i18n/format';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useStationCall } from '../ui/use-station-call';

/**
 * §1, §4: the invitation to declare participation for this year: what it makes possible (the
 * whole year counts), the §284 SGB V consent, and how the terms' open points are read.
 */
export function ParticipationPanel({ booklet, onDeclared }: { booklet: BookletView; onDeclared: (b: BookletView) => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const format = useFormat();
  const { busy, error, run } = useStationCall();
  const consentId = useId();
  const [consent, setConsent] = useState(false);
  const [notes, setNotes] = useState(false);
  const lang = i18n.language === 'en' ? 'en' : 'de';

  const declare = () => run(() => client.call.kioskDeclareParticipation({ year: booklet.year, consentSgbV284: true, termsVersion: booklet.ruleSetVersion }), onDeclared);

  return (
    <section className="participation" aria-labelledby="participation-title" data-testid="participation">
      <h2 id="participation-title">{t('kiosk.participation.title', { year: booklet.year })}</h2>
      <p>{t('kiosk.participation.intro', { year: booklet.year, amount: format.euros(booklet.ifDeclared?.stillEarnableCents ?? booklet.amount.maximumCents) })}</p>
      <div className="consent">
        <input id={consentId} type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
        <label htmlFor={consentId}>{t('kiosk.participation.consent')}</label>
      </div>
      <ErrorAlert message={error} />
      <div className="participation-actions">
        <Button variant="primary" disabled={!consent || busy} onClick={() => void declare()}>
          {t('kiosk.participation.declare')}
        </Button>
        <Button onClick={() => setNotes(true)}>{t('kiosk.participation.termsNotes')}</Button>
      </div>
      {notes ? (
        <Dialog title={t('kiosk.participation.termsNotesTitle')} onClose={() => setNotes(false)} actions={<Button onClick={() => setNotes(false)}>{t('kiosk.panel.close')}</Button>} testId="terms-notes">
          <ul className="terms-notes">
            {booklet.termsNotes.map((note) => (
              <li key={note.section + note.question.de}>
                <strong>{note.question[lang]}</strong> {note.applied[lang]}
              </li>
            ))}
          </ul>
        </Dialog>
      ) : null}
    </section>
  );
}
