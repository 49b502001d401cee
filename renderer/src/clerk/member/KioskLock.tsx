import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkMemberView, IdentityLockLiftResult, IdentityLockView } from '../../../../main/contract';
import { useStation } from '../../app/station-context';
import { useFormat } from '../../i18n/format';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useStationCall } from '../../ui/use-station-call';
import { Busy } from './Busy';

/**
 * The picked member's kiosk sign-in, in the member's panel: three wrong answers to the second
 * factor at any kiosk lock the person for 24 h everywhere. The clerk sees the lock (asked at the
 * service through main) beside the member's facts, and lifts it only after confirming the
 * official photo ID; all by keys: the button, then the checkbox (focused, Space), Tab, Enter;
 * Escape cancels. `children`: the panel's other actions, in the same row as "Sperre aufheben".
 */
export function KioskLock({ member, children }: { member: ClerkMemberView; children?: ReactNode }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const format = useFormat();
  const statusCall = useStationCall();
  const liftCall = useStationCall();
  const idCheckedId = useId();
  const [view, setView] = useState<IdentityLockView | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [idChecked, setIdChecked] = useState(false);
  const [lifted, setLifted] = useState<IdentityLockLiftResult | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  const outcome = useRef<HTMLParagraphElement>(null);
  const { run: runStatus } = statusCall;

  // Asked once per pick (each question is audited at the service), not again on a language switch.
  const label = useRef(t);
  label.current = t;
  const ask = useCallback(
    () => void runStatus(() => client.call.clerkIdentityLockStatus({ pickId: member.pickId }), setView, { label: label.current('clerkBooklets.kioskLock.checking') }),
    [client, member.pickId, runStatus],
  );
  useEffect(() => {
    setView(null);
    setLifted(null);
    setConfirming(false);
    ask();
  }, [ask]);
  useEffect(() => {
    if (lifted) outcome.current?.focus();
  }, [lifted]);

  const cancel = () => {
    setConfirming(false);
    setIdChecked(false);
    setLifted(null);
    // The button comes back on the next render; the focus goes back to it.
    requestAnimationFrame(() => panel.current?.querySelector<HTMLButtonElement>('[data-testid="kiosk-lock-lift"]')?.focus());
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    }
  };
  const lift = () =>
    void liftCall.run(
      () => client.call.clerkLiftIdentityLock({ pickId: member.pickId, idChecked: true }),
      (result) => {
        setLifted(result);
        if (result.ok) {
          setConfirming(false);
          setIdChecked(false);
          setView({ ok: true, lockedUntil: null, failedAttempts: 0 });
        }
      },
      { label: t('clerkBooklets.kioskLock.lifting') },
    );

  const locked = view?.ok === true && view.lockedUntil !== null;
  const liftProblem = lifted && !lifted.ok ? t(`clerkBooklets.kioskLock.liftProblem.${lifted.problem}`) : undefined;

  return (
    <div ref={panel} className="kiosk-lock" data-testid="kiosk-lock">
      <Busy label={statusCall.busyLabel ?? liftCall.busyLabel} />
      <ErrorAlert message={statusCall.error} />
      {view ? (
        <p className={`kiosk-lock-state${locked ? ' kiosk-lock-state--locked' : ''}`} data-testid="kiosk-lock-state">
          {view.ok
            ? view.lockedUntil
              ? t('clerkBooklets.kioskLock.locked', { until: format.dateTime(view.lockedUntil) })
              : view.failedAttempts > 0
                ? t('clerkBooklets.kioskLock.notLockedAttempts', { count: view.failedAttempts })
                : t('clerkBooklets.kioskLock.notLocked')
            : t(`clerkBooklets.kioskLock.statusProblem.${view.problem}`)}
        </p>
      ) : null}
      {lifted?.ok ? (
        <p className="kiosk-lock-done" role="status" tabIndex={-1} ref={outcome} data-testid="kiosk-lock-lifted">
          {t(lifted.wasLocked ? 'clerkBooklets.kioskLock.lifted' : 'clerkBooklets.kioskLock.liftedNone')}
        </p>
      ) : null}
      <div className="clerk-form-row">
        {children}
        {view && !view.ok && view.problem !== 'no-service' ? (
          <Button onClick={ask} disabled={statusCall.busy}>
            {t('clerkBooklets.kioskLock.retry')}
          </Button>
        ) : null}
        {locked && !confirming ? (
          <Button onClick={() => setConfirming(true)} data-testid="kiosk-lock-lift">
            {t('clerkBooklets.kioskLock.lift')}
          </Button>
        ) : null}
      </div>
      {locked && confirming ? (
        <fieldset className="kiosk-lock-confirm" onKeyDown={onKeyDown} data-testid="kiosk-lock-confirm">
          <legend>{t('clerkBooklets.kioskLock.confirmTitle')}</legend>
          <p className="hint">{t('clerkBooklets.kioskLock.lockedHint')}</p>
          <div className="consent">
            <input id={idCheckedId} type="checkbox" checked={idChecked} onChange={(e) => setIdChecked(e.target.checked)} autoFocus />
            <label htmlFor={idCheckedId}>{t('clerkBooklets.kioskLock.idChecked')}</label>
          </div>
          <div className="clerk-form-row">
            <Button variant="primary" onClick={lift} disabled={!idChecked || liftCall.busy}>
              {t('clerkBooklets.kioskLock.confirm')}
            </Button>
            <Button onClick={cancel}>{t('clerkBooklets.kioskLock.cancel')}</Button>
          </div>
        </fieldset>
      ) : null}
      <ErrorAlert message={liftProblem ?? liftCall.error} />
    </div>
  );
}
