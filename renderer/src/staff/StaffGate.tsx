import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffSessionView } from '../../../main/contract';
import { useStation, useStationEvent } from '../app/station-context';
import { Button } from '../ui/Button';
import { LinkButton } from '../ui/LinkButton';
import { SignInForm } from './SignInForm';
import { useActivityPing } from './use-activity-ping';

/**
 * Staff functions only behind a sign-in. The session lives in main and ends there after
 * inactivity; this component follows the staffSession event and reports activity. The bar
 * leads to the sync view, which every signed-in staff member may open.
 */
export function StaffGate({
  children,
  showSyncLink = true,
  touch = false,
  intro,
}: {
  children: (session: StaffSessionView) => ReactNode;
  showSyncLink?: boolean;
  /** Sign in with the on-screen keyboard (a kiosk). */
  touch?: boolean;
  /** What the station is for, said above the sign-in. */
  intro?: string;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const event = useStationEvent('staffSession');
  const [session, setSession] = useState<StaffSessionView | null>(null);

  useEffect(() => {
    if (event) setSession(event.session);
  }, [event]);
  useActivityPing(session !== null);

  if (!session) {
    return (
      <>
        {intro ? <p className="lead">{intro}</p> : null}
        <SignInForm touch={touch} {...(event?.reason === 'expired' ? { notice: t('staff.expired') } : {})} />
      </>
    );
  }
  return (
    <div className="staff-area">
      <div className="staff-bar" data-testid="staff-bar">
        <span>{t('staff.signedInAs', { name: session.displayName, role: t(`staff.role.${session.role}`) })}</span>
        {showSyncLink ? <LinkButton href="#/sync">{t('sync.open')}</LinkButton> : null}
        <Button onClick={() => void client.call.staffSignOut({})}>{t('staff.signOut')}</Button>
      </div>
      {children(session)}
    </div>
  );
}
