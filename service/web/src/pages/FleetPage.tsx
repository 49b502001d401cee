import { useEffect } from 'react';
import { ArchiveResult, FleetView, Ok } from '../../../backoffice/api';
import { call } from '../api';
import { texts, useI18n, type TextKey } from '../i18n';
import { MessageLine, usePage } from '../usePage';

const fetchFleet = () => call('GET', '/fleet', FleetView);

const bytes = (n: number | null) => (n === null ? '–' : n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

const alertKey: Record<string, { de: string; en: string }> = {
  'holding-data': { de: 'hält Daten zu lange', en: 'holds data too long' },
  silent: { de: 'meldet sich nicht', en: 'not reporting' },
  'audit-mismatch': { de: 'Prüfkette gebrochen', en: 'audit chain broken' },
  'clock-skew': { de: 'Uhr weicht ab', en: 'clock off' },
};

/** Every enrolled station: what it holds, since when, its devices, clock and audit chain; alerts on top; revoke and archive export. */
export function FleetPage({ onSignedOut }: { onSignedOut: () => void }) {
  const { t, lang, dateTime } = useI18n();
  // A configured time in hours, as a person reads it: hours, or minutes or seconds when shorter.
  const duration = (hours: number) => {
    const n = (value: number) => new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
    if (hours >= 1) return t('hoursUnit', { n: n(hours) });
    if (hours * 60 >= 1) return t('minutesUnit', { n: n(hours * 60) });
    return t('secondsUnit', { n: n(Math.round(hours * 3600)) });
  };
  // Modes and device states in the page's language; a value this UI does not know yet is shown as sent.
  const named = (prefix: 'mode' | 'device', value: string) => (`${prefix}_${value}` in texts ? t(`${prefix}_${value}` as TextKey) : value);
  const { data: view, message, load, act } = usePage(fetchFleet, onSignedOut);
  useEffect(() => {
    const timer = setInterval(() => void load(), 30_000);
    return () => clearInterval(timer);
  }, [load]);

  const revoke = (stationId: string) => {
    if (window.confirm(t('confirmRevoke', { id: stationId }))) void act(() => call('POST', `/fleet/${encodeURIComponent(stationId)}/revoke`, Ok));
  };
  const archive = () => void act(() => call('POST', '/archive/export', ArchiveResult, {}), (r) => {
    const done = r as ArchiveResult;
    return t('archived', { n: done.documents, folder: done.folder, s: done.skipped });
  });

  if (!view) return <p className="busy">{message?.text ?? t('busy')}</p>;
  const alerts = view.stations.flatMap((s) => s.alerts.map((a) => ({ station: s.stationId, code: a })));
  return (
    <>
      <section aria-labelledby="fleet-title">
        <div className="title-row">
          <h1 id="fleet-title">{t('fleetTitle')}</h1>
          <p className="count">{t('holdNote', { h: duration(view.holdAlertHours), s: duration(view.silentAlertHours) })}</p>
        </div>
        <MessageLine message={message} />
        <h2>{t('alertsTitle')}</h2>
        {alerts.length === 0 ? (
          <p>{t('noAlerts')}</p>
        ) : (
          <ul data-testid="fleet-alerts">
            {alerts.map((a) => (
              <li key={`${a.station}-${a.code}`}>
                <span className="badge alert">{alertKey[a.code]?.[lang] ?? a.code}</span> {a.station}
              </li>
            ))}
          </ul>
        )}
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('colStation')}</th>
                <th scope="col">{t('colMode')}</th>
                <th scope="col">{t('colBranch')}</th>
                <th scope="col">{t('colVersion')}</th>
                <th scope="col">{t('colContact')}</th>
                <th scope="col" className="num">{t('colQueue')}</th>
                <th scope="col">{t('colOldest')}</th>
                <th scope="col">{t('colError')}</th>
                <th scope="col">{t('colDevices')}</th>
                <th scope="col" className="num">{t('colSkew')}</th>
                <th scope="col">{t('colAudit')}</th>
                <th scope="col">{t('colAction')}</th>
              </tr>
            </thead>
            <tbody>
              {view.stations.map((s) => (
                <tr key={s.stationId} data-testid={`station-${s.stationId}`}>
                  <th scope="row">
                    {s.stationId}
                    {s.alerts.map((a) => (
                      <span key={a} className="badge alert">
                        {' '}
                        {alertKey[a]?.[lang] ?? a}
                      </span>
                    ))}
                  </th>
                  <td>{s.mode ? named('mode', s.mode) : '–'}</td>
                  <td>{s.branch ?? '–'}</td>
                  <td>{s.softwareVersion ?? '–'}</td>
                  <td>{s.lastContactAt ? dateTime(s.lastContactAt) : t('never')}</td>
                  <td className="num">
                    {s.queueLength ?? '–'} ({bytes(s.bytesPending)})
                  </td>
                  <td>{s.oldestPendingAt ? dateTime(s.oldestPendingAt) : '–'}</td>
                  <td>{s.lastSyncError ?? '–'}</td>
                  <td>{s.devices ? [s.devices.reader, s.devices.scanner, s.devices.printer].map((d) => named('device', d)).join(' / ') : '–'}</td>
                  <td className="num">{s.clockSkewSeconds === null ? '–' : `${s.clockSkewSeconds} s`}</td>
                  <td>
                    <span className={`badge ${s.auditHead === 'ok' ? 'ok' : s.auditHead === 'mismatch' ? 'alert' : 'warn'}`}>{t(`audit_${s.auditHead}` as TextKey)}</span>
                  </td>
                  <td>
                    {s.revokedAt ? (
                      t('revoked', { d: dateTime(s.revokedAt) })
                    ) : (
                      <button type="button" onClick={() => revoke(s.stationId)}>
                        {t('revoke')}
                        <span className="visually-hidden"> {s.stationId}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="archive-title">
        <h2 id="archive-title">{t('archiveTitle')}</h2>
        <p>{t('archiveLead')}</p>
        <button type="button" onClick={archive}>
          {t('archiveRun')}
        </button>
      </section>
    </>
  );
}
