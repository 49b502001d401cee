import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookletView } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { Screen } from '../ui/Screen';
import { useErrorText } from '../ui/use-error-text';
import { BookletOverview } from './BookletOverview';
import { InactivityWarning } from './InactivityWarning';
import { ParticipationPanel } from './ParticipationPanel';

/** Everything a confirmed member sees. Its state lives only as long as the session (KioskApp keys it). */
export function MemberArea({ displayName, expiresAt }: { displayName: string; expiresAt: string }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const [booklet, setBooklet] = useState<BookletView>();
  const [error, setError] = useState<string>();

  const load = useCallback(() => {
    client.call.getKioskBooklet({}).then(setBooklet, (e: unknown) => setError(errorText(e)));
  }, [client, errorText]);
  useEffect(load, [load]);

  return (
    <Screen title={t('kiosk.member.greeting', { name: displayName })} showDiagnosticsLink={false}>
      <InactivityWarning expiresAt={expiresAt} />
      <div className="toolbar">
        <Button onClick={() => void client.call.kioskEndSession({})}>{t('kiosk.member.end')}</Button>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {!booklet && !error ? (
        <p role="status" aria-busy="true">
          {t('kiosk.member.loading')}
        </p>
      ) : null}
      {booklet ? (
        <>
          {booklet.participation.canDeclare ? <ParticipationPanel booklet={booklet} onDeclared={setBooklet} /> : null}
          <BookletOverview booklet={booklet} />
        </>
      ) : null}
    </Screen>
  );
}
