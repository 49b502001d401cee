import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckInResult } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';

/** The last check-in, big and unmistakable: green when it counts, amber when not again, red when not at all. */
export function CheckInPanel({ result }: { result: CheckInResult | undefined }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const consentId = useId();
  const [consent, setConsent] = useState(false);
  if (!result) {
    return (
      <div className="checkin checkin--waiting" role="status" data-testid="checkin">
        {t('field.desk.tapCard')}
      </div>
    );
  }
  const tone = result.outcome === 'recorded' ? 'ok' : result.outcome === 'duplicate' || result.outcome === 'limit-reached' ? 'warn' : 'no';
  const text = result.outcome === 'rejected' ? t(`field.rejection.${result.rejection ?? 'unreadable'}`) : t(`field.outcome.${result.outcome}`);
  return (
    <div className={`checkin checkin--${tone}`} role="status" aria-live="assertive" data-testid="checkin">
      <span className="checkin-initials">{result.initials}</span>
      <span className="checkin-text">{text}</span>
      {result.outcome === 'recorded' && !result.participationDeclared ? (
        <div className="checkin-declare">
          <p>{t('field.desk.notDeclared')}</p>
          <div className="consent">
            <input id={consentId} type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
            <label htmlFor={consentId}>{t('kiosk.participation.consent')}</label>
          </div>
          <Button disabled={!consent} onClick={() => void client.call.fieldDeclareParticipation({ checkInId: result.id, consentSgbV284: true }).then(() => setConsent(false))}>
            {t('kiosk.participation.declare')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
