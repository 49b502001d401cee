import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LegacyAssignmentView, LegacyBookingResult } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useStationCall } from '../../ui/use-station-call';
import { Busy } from '../member/Busy';

/**
 * "Buchen" for a legacy page opened at the desk and assigned: its stamped regions become one
 * submission for the member (each on its date, crop and page as evidence), queued for the
 * service. Pages of the batch queue are booked with their batch instead.
 */
export function LegacyBookAction({ assignment }: { assignment: LegacyAssignmentView }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, error, run } = useStationCall();
  const [result, setResult] = useState<LegacyBookingResult | null>(null);

  const book = () => run(() => client.call.clerkBookLegacyPage({ pageRef: assignment.pageRef }), setResult);

  const done = result !== null || assignment.booked !== null;
  return (
    <div className="clerk-panel clerk-form-row" data-testid="legacy-book">
      <p className="hint">{t('clerkBooklets.legacy.bookHint')}</p>
      <Button variant="primary" onClick={() => void book()} disabled={busy || done}>
        {t('clerkBooklets.legacy.book')}
      </Button>
      <Busy label={busy ? t('clerkBooklets.legacy.booking') : null} />
      <ErrorAlert message={error} />
      <div aria-live="polite" data-testid="legacy-book-result">
        {result ? (
          <p className="notice-ok">{result.measuresBooked > 0 ? t('clerkBooklets.legacy.bookedSome', { count: result.measuresBooked }) : t('clerkBooklets.legacy.bookedNone')}</p>
        ) : null}
      </div>
    </div>
  );
}
