import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldEventView, StaffSessionView } from '../../../main/contract';
import { useStation, useStationEvent } from '../app/station-context';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useErrorText } from '../ui/use-error-text';
import { CheckInPanel } from './CheckInPanel';
import { EventPicker } from './EventPicker';
import { FieldSummaryView } from './FieldSummaryView';
import { ManualCheckIn } from './ManualCheckIn';
import { QrCheckIn } from './QrCheckIn';
import { useFormat } from '../i18n/format';
import { CheckInFlash, useSounds } from './CheckInFlash';

/** The check-in desk: pick the event, then every card tap is decided at once and shown big. */
export function FieldDesk({ session }: { session: StaffSessionView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { client } = useStation();
  const errorText = useErrorText();
  const [events, setEvents] = useState<FieldEventView[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [summaryVersion, setSummaryVersion] = useState(0);
  const last = useStationEvent('fieldCheckIn');

  const load = useCallback(() => {
    client.call.listFieldEvents({}).then(
      (r) => {
        setEvents(r.events);
        setSelected(r.selectedId);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [client, errorText]);
  useEffect(load, [load]);
  // The counts change with every check-in and whenever the sync delivers (also without staff doing anything).
  const sync = useStationEvent('syncStatus');
  useEffect(() => setSummaryVersion((v) => v + 1), [last, sync?.queueLength, sync?.lastSuccessAt]);

  const [sounds, setSounds] = useSounds();
  const event = events.find((e) => e.id === selected);
  if (!event) return <EventPicker events={events} isAdmin={session.role === 'admin'} onChanged={load} />;
  const date = format.instantDate(event.startsAt);
  return (
    <div className="field-desk">
      <div className="toolbar">
        <p className="lead">{t('field.desk.event', { title: event.title, company: event.company, date })}</p>
        <Button onClick={() => setSelected(null)}>{t('field.desk.changeEvent')}</Button>
        <Button aria-pressed={sounds} onClick={() => setSounds(!sounds)}>
          {t('field.desk.sounds')}
        </Button>
      </div>
      <CheckInFlash result={last} sounds={sounds} />
      <ErrorAlert message={error} />
      <CheckInPanel result={last} />
      <QrCheckIn />
      <ManualCheckIn />
      <FieldSummaryView version={summaryVersion} />
    </div>
  );
}
