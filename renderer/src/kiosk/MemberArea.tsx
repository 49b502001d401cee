import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletField, BookletView, EvidenceDraftView, KioskReceipt } from '../../../main/contract';
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

/** Everything a confirmed member sees. Its state lives only as long as the session (KioskApp keys it). */
export function MemberArea({
  displayName,
  expiresAt,
  mayOpenChild,
  notifications,
  representativeName,
}: {
  displayName: string;
  expiresAt: string;
  mayOpenChild: boolean;
  notifications: string[];
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

  const load = useCallback(() => {
    client.call.getKioskBooklet({}).then(setBooklet, (e: unknown) => setError(errorText(e)));
    client.call.getKioskDrafts({}).then((r) => setDrafts(r.drafts), () => {});
  }, [client, errorText]);
  useEffect(load, [load]);

  const body = () => {
    if (!booklet) return null;
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
          onCancel={() => setCapturing(undefined)}
          onDone={() => {
            setCapturing(undefined);
            load();
          }}
        />
      );
    }
    return (
      <>
        {booklet.participation.canDeclare ? <ParticipationPanel booklet={booklet} onDeclared={setBooklet} /> : null}
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
      <InactivityWarning expiresAt={expiresAt} />
      <div className="toolbar">
        <Button onClick={() => void client.call.kioskEndSession({})}>{t('kiosk.member.end')}</Button>
        {mayOpenChild ? <Button onClick={() => void client.call.kioskOpenChild({})}>{t('kiosk.child.open')}</Button> : null}
      </div>
      {notifications.length > 0 ? (
        <section className="notifications" role="status" aria-labelledby="notifications-title" data-testid="notifications">
          <h2 id="notifications-title">{t('kiosk.member.news')}</h2>
          <ul>
            {notifications.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </section>
      ) : null}
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
