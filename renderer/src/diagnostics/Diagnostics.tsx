import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Diagnostics as DiagnosticsData } from '../../../main/contract';
import { useStation, useStationEvent } from '../app/station-context';
import { Button } from '../ui/Button';
import { LinkButton } from '../ui/LinkButton';
import { Screen } from '../ui/Screen';
import { useErrorText } from '../ui/use-error-text';
import { ErrorAlert } from '../ui/ErrorAlert';
import { StaffGate } from '../staff/StaffGate';
import { localeOf } from '../i18n/format';
import { KioskScreen } from '../kiosk/frame/KioskScreen';

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="dl-row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

/**
 * Read-only view of the station's configuration, database and versions, for signed-in staff
 * (main refuses it without a session); at a kiosk for the station admin only.
 */
export function Diagnostics() {
  const { t } = useTranslation();
  const { info } = useStation();
  if (info.mode !== 'kiosk') {
    return (
      <Screen title={t('diagnostics.title')} showDiagnosticsLink={false}>
        <StaffGate>{() => <DiagnosticsView back={null} />}</StaffGate>
        <div className="toolbar">
          <LinkButton href="#/">{t('diagnostics.back')}</LinkButton>
        </div>
      </Screen>
    );
  }
  return <KioskDiagnostics />;
}

/** The kiosk's way: staff sign-in (admin) with the on-screen keyboard; a member's card ends it. */
function KioskDiagnostics() {
  const { t } = useTranslation();
  const { client } = useStation();
  const kiosk = useStationEvent('kioskState');
  const leave = useCallback(() => {
    void client.call.staffSignOut({}).finally(() => {
      window.location.hash = '#/';
    });
  }, [client]);
  useEffect(() => {
    if (kiosk && kiosk.stage !== 'idle') window.location.hash = '#/';
  }, [kiosk]);
  // The kiosk's own frame: sized to the touch screen like every member screen (no page scroll, kiosk text sizes).
  return (
    <KioskScreen title={t('diagnostics.title')} className="kiosk-admin" staff actions={<Button onClick={leave}>{t('diagnostics.back')}</Button>}>
      <StaffGate showSyncLink={false} touch>
        {() => <DiagnosticsView back={null} />}
      </StaffGate>
    </KioskScreen>
  );
}

function DiagnosticsView({ back }: { back: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const [data, setData] = useState<DiagnosticsData>();
  const [error, setError] = useState<string>();
  const card = useStationEvent('cardStatus');
  const scanner = useStationEvent('scannerStatus');
  const sync = useStationEvent('syncStatus');

  const load = useCallback(() => {
    client.call.getDiagnostics({}).then(
      (result) => {
        setData(result);
        setError(undefined);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [client, errorText]);
  useEffect(load, [load]);

  const number = new Intl.NumberFormat(localeOf(i18n.language));
  const yesNo = (value: boolean) => (value ? t('diagnostics.yes') : t('diagnostics.no'));

  return (
    <>
      <p>{t('diagnostics.intro')}</p>
      <div className="toolbar">
        {back}
        <Button onClick={load}>{t('diagnostics.refresh')}</Button>
      </div>
      <ErrorAlert message={error} />
      {!data && !error ? <p role="status">{t('diagnostics.loading')}</p> : null}
      {data ? (
        <div className="diagnostics" data-testid="diagnostics">
          <section aria-labelledby="diag-config">
            <h2 id="diag-config">{t('diagnostics.configuration')}</h2>
            <dl>
              <Row label={t('diagnostics.source')} value={data.config.source} testId="diag-source" />
              <Row label={t('diagnostics.mode')} value={t(`mode.${data.config.values.mode}`)} testId="diag-mode" />
              <Row label={t('diagnostics.stationId')} value={data.config.values.stationId} testId="diag-station-id" />
              <Row label={t('diagnostics.branch')} value={data.config.values.branch} />
              <Row label={t('diagnostics.language')} value={data.config.values.language.toUpperCase()} />
              <Row label={t('diagnostics.serviceUrl')} value={data.config.values.serviceUrl ?? t('diagnostics.serviceNone')} />
              <Row label={t('diagnostics.pinned')} value={yesNo(data.config.values.servicePinned)} />
              <Row label={t('diagnostics.retentionDays')} value={t('diagnostics.days', { count: data.config.values.retentionDays })} />
              <Row label={t('diagnostics.inactivity')} value={t('diagnostics.seconds', { count: data.config.values.inactivityTimeoutSeconds })} />
            </dl>
          </section>
          <section aria-labelledby="diag-db">
            <h2 id="diag-db">{t('diagnostics.database')}</h2>
            <dl>
              <Row label={t('diagnostics.encrypted')} value={yesNo(data.database.encrypted)} testId="diag-encrypted" />
              <Row label={t('diagnostics.schema')} value={`${data.database.schemaVersion} / ${data.database.latestSchemaVersion}`} testId="diag-schema" />
              <Row label={t('diagnostics.journal')} value={data.database.journalMode.toUpperCase()} />
              <Row label={t('diagnostics.size')} value={`${number.format(Math.round(data.database.sizeBytes / 1024))} KiB`} />
              <Row
                label={t('diagnostics.auditLog')}
                value={data.auditLog.brokenAt === null ? t('diagnostics.auditIntact', { count: data.auditLog.entries }) : t('diagnostics.auditBroken', { seq: data.auditLog.brokenAt })}
                testId="diag-audit"
              />
            </dl>
          </section>
          <section aria-labelledby="diag-devices">
            <h2 id="diag-devices">{t('diagnostics.devices')}</h2>
            <dl>
              <Row label={t('status.card')} value={card ? t(`status.cardState.${card.state}`) : '…'} />
              <Row label={t('status.scanner')} value={scanner ? t(`status.scannerState.${scanner.state}`) : '…'} />
              <Row label={t('status.sync')} value={sync ? t(`status.syncState.${sync.state}`) : '…'} />
            </dl>
          </section>
          <section aria-labelledby="diag-versions">
            <h2 id="diag-versions">{t('diagnostics.versions')}</h2>
            <dl>
              {Object.entries(data.versions).map(([name, version]) => (
                <Row key={name} label={name} value={version} />
              ))}
            </dl>
          </section>
        </div>
      ) : null}
    </>
  );
}
