import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncOverview, SyncStatus } from '../../../main/contract';
import { useStation } from '../app/station-context';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useErrorText } from '../ui/use-error-text';
import { SetAsideList } from './SetAsideList';
import { localeOf } from '../i18n/format';

type Request = 'none' | 'requested' | 'running';

/**
 * Queue length, bytes still to send, last success and the last error in plain German, live from
 * the `syncStatus` event; "sync now"; and the submissions the service refused for good.
 */
export function SyncView() {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const [overview, setOverview] = useState<SyncOverview>();
  const [status, setStatus] = useState<SyncStatus>();
  const [error, setError] = useState<string>();
  const [request, setRequest] = useState<Request>('none');
  const [outcome, setOutcome] = useState<'ok' | 'failed'>();
  // Events arrive faster than React renders: the round's start and end are followed here, per event.
  const requestRef = useRef<Request>('none');

  // Also called on every finished round, not only at the start.
  const load = useCallback(() => {
    client.call.getSyncOverview({}).then(
      (result) => {
        setOverview(result);
        setError(undefined);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [client, errorText]);
  useEffect(load, [load]);

  useEffect(
    () =>
      client.on('syncStatus', (next) => {
        setStatus(next);
        // A finished round (staff's or the worker's own) may have set submissions aside.
        if (next.state !== 'syncing') load();
        if (requestRef.current === 'none') return;
        if (next.state === 'syncing') requestRef.current = 'running';
        else {
          requestRef.current = 'none';
          setOutcome(next.state === 'idle' ? 'ok' : 'failed');
        }
        setRequest(requestRef.current);
      }),
    [client, load],
  );

  const syncNow = () => {
    requestRef.current = 'requested';
    setRequest('requested');
    setOutcome(undefined);
    client.call.syncNow({}).catch((e: unknown) => {
      requestRef.current = 'none';
      setRequest('none');
      setError(errorText(e));
    });
  };

  const shown = status ?? overview?.status;
  const enabled = overview?.enabled ?? false;
  const lang = i18n.language;
  const dateTime = (iso: string) => new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Berlin' }).format(new Date(iso));
  const size = (bytes: number) =>
    bytes >= 1_000_000
      ? new Intl.NumberFormat(localeOf(lang), { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / 1_000_000)
      : new Intl.NumberFormat(localeOf(lang), { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 }).format(bytes / 1_000);

  return (
    <div className="sync-view" data-testid="sync-view">
      <ErrorAlert message={error} />
      {!overview && !error ? <p role="status">{t('sync.loading')}</p> : null}
      {shown ? (
        <section aria-labelledby="sync-status-title">
          <h2 id="sync-status-title">{t('sync.statusTitle')}</h2>
          <dl className="sync-figures">
            <div className="dl-row">
              <dt>{t('sync.state')}</dt>
              <dd data-testid="sync-state">{t(`status.syncState.${shown.state}`)}</dd>
            </div>
            <div className="dl-row">
              <dt>{t('sync.waiting')}</dt>
              <dd data-testid="sync-queue">{t('sync.waitingCount', { count: shown.queueLength })}</dd>
            </div>
            <div className="dl-row">
              <dt>{t('sync.bytesPending')}</dt>
              <dd data-testid="sync-bytes">{size(shown.bytesPending)}</dd>
            </div>
            <div className="dl-row">
              <dt>{t('sync.lastSuccess')}</dt>
              <dd data-testid="sync-last-success">{shown.lastSuccessAt ? dateTime(shown.lastSuccessAt) : t('sync.never')}</dd>
            </div>
            <div className="dl-row">
              <dt>{t('sync.lastError')}</dt>
              <dd data-testid="sync-last-error">{shown.lastError ?? t('sync.noError')}</dd>
            </div>
          </dl>
          {overview && !enabled ? <p className="hint">{t('sync.disabled')}</p> : null}
          <div className="toolbar">
            <Button variant="primary" onClick={syncNow} disabled={!enabled || request !== 'none'}>
              {t('sync.now')}
            </Button>
          </div>
          <div role="status" aria-live="polite" data-testid="sync-request">
            {request !== 'none' ? (
              <p className="sync-running">
                <span className="spinner spinner--small" aria-hidden="true" />
                {t('sync.running')}
              </p>
            ) : outcome ? (
              <p>{t(outcome === 'ok' ? 'sync.finishedOk' : 'sync.finishedFailed')}</p>
            ) : null}
          </div>
        </section>
      ) : null}
      {overview ? <SetAsideList items={overview.setAside} total={overview.setAsideTotal} format={dateTime} /> : null}
    </div>
  );
}
