import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PayoutReceipt, PayoutView } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useErrorText } from '../../ui/use-error-text';
import { formatDate } from '../format-date';
import { euros } from './money';

/** The year's amount, why it can or cannot be applied for, and the one action that applies. */
export function PayoutApplication({ view, onApplied }: { view: PayoutView; onApplied: (receipt: PayoutReceipt) => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const earlyId = useId();
  const [early, setEarly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const lang = i18n.language;
  const running = view.yearState === 'running';
  // An application already made is said above, with its reference.
  const blockers = view.blockers.filter((b) => !(b === 'already-applied' && view.applied));

  const apply = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onApplied(await client.call.kioskApplyPayout({ year: view.year, earlyRequest: running && early }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="payout-panel" aria-labelledby="payout-amount-title" data-testid="payout-application">
      <h2 id="payout-amount-title">{t('kiosk.payout.title', { year: view.year })}</h2>
      <p className="payout-amount" data-testid="payout-amount">
        {euros(view.amountCents, lang)}
      </p>
      <p>
        {t('kiosk.payout.fields', { count: view.fulfilledFields })} {t('kiosk.payout.lastDay', { date: formatDate(view.lastDay, lang) })}
      </p>
      {view.applied ? (
        <p role="status" data-testid="payout-applied">
          {t('kiosk.payout.applied', { date: new Date(view.applied.submittedAt).toLocaleDateString(lang), amount: euros(view.applied.amountCents, lang), reference: view.applied.reference })}
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
            <li key={b}>{t(`kiosk.payout.blocker.${b}`, { year: view.year, count: view.awaitingReview, date: formatDate(view.lastDay, lang) })}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
