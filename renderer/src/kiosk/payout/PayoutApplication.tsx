import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PayoutReceipt, PayoutView } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useStationCall } from '../../ui/use-station-call';
import { useFormat } from '../../i18n/format';

/** The year's amount, why it can or cannot be applied for, and the one action that applies. */
export function PayoutApplication({ view, onApplied }: { view: PayoutView; onApplied: (receipt: PayoutReceipt) => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useStationCall();
  const earlyId = useId();
  const [early, setEarly] = useState(false);
  const format = useFormat();
  const running = view.yearState === 'running';
  // An application already made is said above, with its reference.
  const blockers = view.blockers.filter((b) => !(b === 'already-applied' && view.applied));

  const apply = () => run(() => client.call.kioskApplyPayout({ year: view.year, earlyRequest: running && early }), onApplied);

  return (
    <section className="payout-panel" aria-labelledby="payout-amount-title" data-testid="payout-application">
      <h2 id="payout-amount-title">{t('kiosk.payout.title', { year: view.year })}</h2>
      <p className="payout-amount" data-testid="payout-amount">
        {format.euros(view.amountCents)}
      </p>
      <p>
        {t('kiosk.payout.fields', { count: view.fulfilledFields })} {t('kiosk.payout.lastDay', { date: format.date(view.lastDay) })}
      </p>
      {view.applied ? (
        <p role="status" data-testid="payout-applied">
          {t('kiosk.payout.applied', { date: format.instantDate(view.applied.submittedAt), amount: format.euros(view.applied.amountCents), reference: view.applied.reference })}
        </p>
      ) : null}
      {view.eligible ? (
        <>
          <p>{running ? t('kiosk.payout.running', { year: view.year }) : t('kiosk.payout.closed', { year: view.year })}</p>
          {running ? (
            <div className="consent">
              <input id={earlyId} type="checkbox" checked={early} onChange={(e) => setEarly(e.target.checked)} />
              <label htmlFor={earlyId}>{t('kiosk.payout.earlyConfirm', { year: view.year })}</label>
            </div>
          ) : null}
          <p className="hint">{t('kiosk.payout.paidTo')}</p>
          <ErrorAlert message={error} />
          <Button variant="primary" disabled={busy || (running && !early)} onClick={() => void apply()}>
            {busy ? t('kiosk.payout.applying') : t('kiosk.payout.apply')}
          </Button>
        </>
      ) : blockers.length > 0 ? (
        <ul className="payout-blockers" data-testid="payout-blockers">
          {blockers.map((b) => (
            <li key={b}>{t(`kiosk.payout.blocker.${b}`, { year: view.year, count: view.awaitingReview, date: format.date(view.lastDay) })}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
