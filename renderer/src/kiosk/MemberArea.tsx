import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletField, BookletView, EvidenceDraftView, KioskMemberState, KioskNotification, KioskReceipt } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { Screen } from '../ui/Screen';
import { useErrorText } from '../ui/use-error-text';
import { BookletOverview } from './BookletOverview';
import { DraftsPanel } from './DraftsPanel';
import { EvidenceCapture } from './EvidenceCapture';
import { InactivityWarning } from './InactivityWarning';
import { ParticipationPanel } from './ParticipationPanel';
import { ReceiptView } from './ReceiptView';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FamilyChildren } from './FamilyChildren';
import { InsurerNotice } from './InsurerNotice';
import { Notifications } from './Notifications';
import { PayoutScreen } from './payout/PayoutScreen';

/** Everything a confirmed member sees. Its state lives only as long as the session (KioskApp keys it). */
export function MemberArea({
  displayName,
  expiresAt,
  mayOpenChild,
  notifications,
  memberState,
  representativeName,
}: {
  displayName: string;
  expiresAt: string;
  mayOpenChild: boolean;
  notifications: KioskNotification[];
  memberState: KioskMemberState;
  representativeName?: string;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const [booklet, setBooklet] = useState<BookletView>();
  const [drafts, setDrafts] = useState<EvidenceDraftView[]>([]);
  const [capturing, setCapturing] = useState<BookletField>();
  const [receipt, setReceipt] = useState<KioskReceipt>();
  const [error, setError] = useState<string>();
  // The booklet shown: this year's, or an earlier one still open for submission (§2.1).
  const [year, setYear] = useState<number>();
  // The payout screen (issue 6, item 8) instead of the booklet.
  const [payout, setPayout] = useState(false);
  // While the member approves a change in the app, the payout screen keeps the session open.
  const [keptAliveUntil, setKeptAliveUntil] = useState<string>();

  const load = useCallback(() => {
    client.call.getKioskBooklet(year ? { year } : {}).then(setBooklet, (e: unknown) => setError(errorText(e)));
    client.call.getKioskDrafts({}).then((r) => setDrafts(r.drafts), () => {});
    // The insurer's answer (credited fields, participation) changes the booklet: computed again.
  }, [client, errorText, year, memberState.status]);
  useEffect(load, [load]);

  const body = () => {
    if (!booklet) return null;
    if (payout) {
      return (
        <PayoutScreen
          memberStatus={memberState.status}
          onKeepAlive={setKeptAliveUntil}
          onBack={() => {
            setPayout(false);
            load();
          }}
        />
      );
    }
    if (receipt) {
      return (
        <ReceiptView
          receipt={receipt}
          onBack={() => {
            setReceipt(undefined);
            load();
          }}
        />
      );
    }
    if (capturing) {
      return (
        <EvidenceCapture
          field={capturing}
          year={booklet.year}
          today={booklet.today}
          onCancel={() => setCapturing(undefined)}
          onDone={() => {
            setCapturing(undefined);
            load();
          }}
        />
      );
    }
    const otherYears = [...booklet.openEarlierYears, booklet.currentYear].filter((y) => y !== booklet.year);
    return (
      <>
        {otherYears.length > 0 ? (
          <nav className="toolbar" aria-label={t('kiosk.booklet.years')} data-testid="booklet-years">
            {otherYears.map((y) => (
              <Button key={y} onClick={() => setYear(y)}>
                {y === booklet.currentYear ? t('kiosk.booklet.backToCurrent', { year: y }) : t('kiosk.booklet.earlierYear', { year: y })}
              </Button>
            ))}
          </nav>
        ) : null}
        {/* Not while the insurer is asked: it may have the participation on record already. */}
        {booklet.participation.canDeclare && memberState.status !== 'loading' ? <ParticipationPanel booklet={booklet} onDeclared={setBooklet} /> : null}
        <DraftsPanel drafts={drafts} booklet={booklet} onChanged={load} onSubmitted={setReceipt} />
        <BookletOverview booklet={booklet} onCapture={booklet.participation.status === 'active' ? setCapturing : undefined} />
      </>
    );
  };

  return (
    <Screen
      title={representativeName ? t('kiosk.child.title', { child: displayName, parent: representativeName }) : t('kiosk.member.greeting', { name: displayName })}
      showDiagnosticsLink={false}
    >
      <InactivityWarning expiresAt={keptAliveUntil && keptAliveUntil > expiresAt ? keptAliveUntil : expiresAt} />
      <div className="toolbar">
        <Button onClick={() => void client.call.kioskEndSession({})}>{t('kiosk.member.end')}</Button>
        {mayOpenChild ? (
          <Button disabled={drafts.length > 0} onClick={() => void client.call.kioskOpenChild({})}>
            {t('kiosk.child.open')}
          </Button>
        ) : null}
        {!payout ? <Button onClick={() => setPayout(true)}>{t('kiosk.payout.open')}</Button> : null}
      </div>
      {mayOpenChild && drafts.length > 0 ? <p className="hint">{t('kiosk.child.draftsFirst')}</p> : null}
      {mayOpenChild ? <FamilyChildren memberState={memberState} disabled={drafts.length > 0} onError={setError} /> : null}
      <Notifications notifications={notifications} />
      <InsurerNotice status={memberState.status} />
      <ErrorAlert message={error} />
      {!booklet && !error ? (
        <p role="status" aria-busy="true">
          {t('kiosk.member.loading')}
        </p>
      ) : null}
      {body()}
    </Screen>
  );
}
