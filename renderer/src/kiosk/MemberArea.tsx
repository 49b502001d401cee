import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletField, BookletView, EvidenceDraftView, KioskMemberState, KioskNotification, KioskReceipt } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorTextOf } from '../ui/use-error-text';
import { useStationCall } from '../ui/use-station-call';
import { ArchiveView } from './ArchiveView';
import { BookletBoard } from './booklet/BookletBoard';
import { DraftsPanel } from './DraftsPanel';
import { EvidenceCapture } from './EvidenceCapture';
import { FamilyChildren } from './FamilyChildren';
import { KioskScreen } from './frame/KioskScreen';
import { InactivityWarning } from './InactivityWarning';
import { InsurerNotice } from './InsurerNotice';
import { Notifications } from './Notifications';
import { ParticipationPanel } from './ParticipationPanel';
import { PaperBooklet } from './paper/PaperBooklet';
import { PayoutScreen } from './payout/PayoutScreen';
import { ReceiptView } from './ReceiptView';

/** One task per screen: the booklet, a proof being captured, its receipt, or the payout. */
type View = { kind: 'booklet' } | { kind: 'capture'; field: BookletField } | { kind: 'receipt'; receipt: KioskReceipt } | { kind: 'payout' } | { kind: 'archive' } | { kind: 'paper' };

/** Everything a confirmed member sees. Its state lives only as long as the session (KioskApp keys it). */
export function MemberArea({
  displayName,
  expiresAt,
  mayOpenChild,
  notifications,
  memberState,
  reduced,
  representativeName,
}: {
  displayName: string;
  expiresAt: string;
  mayOpenChild: boolean;
  notifications: KioskNotification[];
  memberState: KioskMemberState;
  /** Only the card vouched for the member (offline): no payout, bank details or family list. */
  reduced: boolean;
  representativeName?: string;
}) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const { error, setError } = useStationCall();
  const [booklet, setBooklet] = useState<BookletView>();
  const [drafts, setDrafts] = useState<EvidenceDraftView[]>([]);
  const [view, setView] = useState<View>({ kind: 'booklet' });
  // The booklet shown: this year's, or an earlier one still open for submission (§2.1).
  const [year, setYear] = useState<number>();
  // While the member approves a change in the app, the payout screen keeps the session open.
  const [keptAliveUntil, setKeptAliveUntil] = useState<string>();

  const load = useCallback(() => {
    // Not `run`: a reload while one is under way (the insurer's answer arriving) must not be dropped.
    client.call.getKioskBooklet(year ? { year } : {}).then(setBooklet, (e: unknown) => setError((tr) => errorTextOf(tr, e)));
    client.call.getKioskDrafts({}).then((r) => setDrafts(r.drafts), () => {});
    // The insurer's answer (credited fields, participation) changes the booklet: computed again.
  }, [client, setError, year, memberState.status]);
  useEffect(load, [load]);
  const toBooklet = () => {
    setView({ kind: 'booklet' });
    load();
  };

  // The ways on: beside the booklet on its screen, in the bar at the foot of the others.
  const ways = (
    <>
      {view.kind !== 'paper' && booklet?.participation.status === 'active' ? <Button onClick={() => setView({ kind: 'paper' })}>{t('kiosk.paper.open')}</Button> : null}
      {view.kind !== 'archive' ? <Button onClick={() => setView({ kind: 'archive' })}>{t('kiosk.archive.title')}</Button> : null}
      {view.kind !== 'payout' && !reduced ? <Button onClick={() => setView({ kind: 'payout' })}>{t('kiosk.payout.open')}</Button> : null}
      {mayOpenChild ? (
        <Button disabled={drafts.length > 0} onClick={() => void client.call.kioskOpenChild({})}>
          {t('kiosk.child.open')}
        </Button>
      ) : null}
    </>
  );

  const body = () => {
    if (!booklet) return null;
    switch (view.kind) {
      case 'archive':
        return <ArchiveView onBack={toBooklet} />;
      case 'payout':
        return <PayoutScreen memberStatus={memberState.status} onKeepAlive={setKeptAliveUntil} onBack={toBooklet} />;
      case 'paper':
        return <PaperBooklet booklet={booklet} onBack={toBooklet} onSubmitted={(receipt) => setView({ kind: 'receipt', receipt })} />;
      case 'receipt':
        return <ReceiptView receipt={view.receipt} onBack={toBooklet} />;
      case 'capture':
        return <EvidenceCapture field={view.field} year={booklet.year} today={booklet.today} onCancel={() => setView({ kind: 'booklet' })} onDone={toBooklet} />;
      case 'booklet':
        break;
    }
    // Not while the insurer is asked: it may have the participation on record already.
    const declaring = booklet.participation.canDeclare && memberState.status !== 'loading';
    const side = (
      <>
        <Notifications notifications={notifications} />
        <InsurerNotice status={memberState.status} reduced={reduced} />
        {declaring ? <ParticipationPanel booklet={booklet} onDeclared={setBooklet} /> : null}
        <DraftsPanel drafts={drafts} booklet={booklet} onChanged={load} onSubmitted={(receipt) => setView({ kind: 'receipt', receipt })} />
        {mayOpenChild ? <FamilyChildren memberState={memberState} disabled={drafts.length > 0} onError={(e) => setError((tr) => errorTextOf(tr, e))} /> : null}
        {mayOpenChild && drafts.length > 0 ? <p className="hint">{t('kiosk.child.draftsFirst')}</p> : null}
        {/* The how-to and the deadline give way to a declaration or to drafts waiting to be submitted: the side must fit the window. */}
        {declaring || drafts.length > 0 ? null : (
          <>
            <p className="hint side-how-to">{t('kiosk.booklet.howTo')}</p>
            <p className="hint">{booklet.claim.text[lang]}</p>
          </>
        )}
      </>
    );
    return <BookletBoard booklet={booklet} side={side} nav={ways} onYear={setYear} onCapture={booklet.participation.status === 'active' ? (field) => setView({ kind: 'capture', field }) : undefined} />;
  };

  return (
    <KioskScreen
      className="kiosk--member"
      title={representativeName ? t('kiosk.child.title', { child: displayName, parent: representativeName }) : t('kiosk.member.greeting', { name: displayName })}
      bar={view.kind === 'booklet' ? undefined : ways}
      actions={<Button onClick={() => void client.call.kioskEndSession({})}>{t('kiosk.member.end')}</Button>}
    >
      <InactivityWarning expiresAt={keptAliveUntil && keptAliveUntil > expiresAt ? keptAliveUntil : expiresAt} />
      <ErrorAlert message={error} />
      {!booklet && !error ? (
        <p role="status" aria-busy="true">
          {t('kiosk.member.loading')}
        </p>
      ) : null}
      {body()}
    </KioskScreen>
  );
}
