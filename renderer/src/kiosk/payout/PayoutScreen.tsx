import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskMemberState, PayoutReceipt, PayoutView, ProtectedChangeView } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useErrorText } from '../../ui/use-error-text';
import { AddressChangeForm } from './AddressChangeForm';
import { BankChangeForm } from './BankChangeForm';
import { BankDetails } from './BankDetails';
import { ChangeWaiting } from './ChangeWaiting';
import { PayoutApplication } from './PayoutApplication';
import { PayoutReceiptView } from './PayoutReceiptView';
import './payout.css';

type Step = { kind: 'overview' } | { kind: 'form'; change: 'bank' | 'address' } | { kind: 'waiting'; change: ProtectedChangeView } | { kind: 'receipt'; receipt: PayoutReceipt };

/**
 * The payout of a year and the bank details it goes to. Lives inside the
 * member's session (MemberArea), so card-out takes it and everything typed into it away.
 */
export function PayoutScreen({
  memberStatus,
  onBack,
  onKeepAlive,
}: {
  memberStatus: KioskMemberState['status'];
  onBack: () => void;
  /** The session was kept open while the member approves in the app; its new end. */
  onKeepAlive: (expiresAt: string) => void;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const [year, setYear] = useState<number>();
  const [view, setView] = useState<PayoutView>();
  const [step, setStep] = useState<Step>({ kind: 'overview' });
  const [error, setError] = useState<string>();

  const load = useCallback(() => {
    client.call.getKioskPayout(year ? { year } : {}).then(
      (v) => {
        setView(v);
        setError(undefined);
        // A change sent earlier in this session is still being answered: show its wait.
        if (v.change?.state === 'awaiting-member') setStep((s) => (s.kind === 'overview' ? { kind: 'waiting', change: v.change! } : s));
      },
      (e: unknown) => setError(errorText(e)),
    );
    // The insurer's answer arriving (bank on record, credited fields) changes the view.
  }, [client, errorText, year, memberStatus]);
  useEffect(load, [load]);

  const toOverview = useCallback(() => {
    setStep({ kind: 'overview' });
    load();
  }, [load]);

  const body = () => {
    if (!view) return null;
    switch (step.kind) {
      case 'receipt':
        return <PayoutReceiptView receipt={step.receipt} onBack={toOverview} />;
      case 'waiting':
        return <ChangeWaiting change={step.change} onDone={toOverview} onKeepAlive={onKeepAlive} />;
      case 'form':
        return step.change === 'bank' ? (
          <BankChangeForm onSent={(change) => setStep({ kind: 'waiting', change })} onCancel={toOverview} />
        ) : (
          <AddressChangeForm onSent={(change) => setStep({ kind: 'waiting', change })} onCancel={toOverview} />
        );
      case 'overview':
        return (
          <>
            {view.years.length > 1 ? (
              <nav className="toolbar payout-years" aria-label={t('kiosk.payout.years')}>
                {view.years.map((y) => (
                  <Button key={y} aria-pressed={y === view.year} onClick={() => setYear(y)}>
                    {t('kiosk.payout.yearButton', { year: y })}
                  </Button>
                ))}
              </nav>
            ) : null}
            <div className="payout-columns">
              <PayoutApplication view={view} onApplied={(receipt) => setStep({ kind: 'receipt', receipt })} />
              <BankDetails view={view} onChange={(change) => setStep({ kind: 'form', change })} />
            </div>
          </>
        );
    }
  };

  return (
    <div className="payout" data-testid="payout">
      <div className="toolbar">
        <Button onClick={onBack}>{t('kiosk.payout.back')}</Button>
      </div>
      <ErrorAlert message={error} />
      {!view && !error ? (
        <p role="status" aria-busy="true">
          {t('kiosk.payout.loading')}
        </p>
      ) : null}
      {body()}
    </div>
  );
}
