import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { scanMessage } from './scan-message';
import type { Scanner } from './use-scanner';

/** Beside the queue, whatever the clerk is doing: the chosen scanner, scan, cancel, and the page being scanned. */
export function ScanStrip({ scanner, onSettings }: { scanner: Scanner; onSettings: () => void }) {
  const { t } = useTranslation();
  const { device, running, ended } = scanner;
  return (
    <section className="scan-strip" aria-labelledby="scan-strip-heading" data-testid="scan-strip">
      <h2 id="scan-strip-heading" className="visually-hidden">
        {t('clerk.scanner.stripTitle')}
      </h2>
      <p className="scan-strip-device">
        {device ? (device.adapter === 'hot-folder' ? t('clerk.scanner.hotFolder') : `${device.vendor} ${device.model}`) : scanner.loading ? t('clerk.scanner.searching') : t('clerk.scanner.none')}{' '}
        <Button className="ui-button--small" onClick={onSettings}>
          {t('clerk.scanner.settings')}
        </Button>
      </p>
      <div className="toolbar">
        <Button variant="primary" onClick={scanner.start} disabled={running !== null || !scanner.deviceId}>
          {t('clerk.scanner.start')}
        </Button>
        <Button onClick={scanner.cancel} disabled={running === null}>
          {t('clerk.scanner.cancel')}
        </Button>
      </div>
      <ErrorAlert message={scanner.error} />
      <div aria-live="polite" data-testid="scan-progress">
        {running ? (
          <RunningScanText running={running} adapter={device?.adapter} />
        ) : ended ? (
          <p className={ended.end === 'failed' ? 'error' : undefined}>
            {t(`clerk.scanner.ended.${ended.end}`, { pages: ended.pages })}
            {ended.failure ? ` ${t(`clerk.scanner.failure.${ended.failure}`)}` : ''}
          </p>
        ) : null}
      </div>
    </section>
  );
}

function RunningScanText({ running, adapter }: { running: NonNullable<Scanner['running']>; adapter: string | undefined }) {
  const { t } = useTranslation();
  const message = scanMessage(running, adapter);
  return (
    <>
      <p>{t(message.key, message.params)}</p>
      {message.showsProgress ? <progress max={100} value={running.percent} aria-label={t('clerk.scanner.pageProgress', { page: running.page })} /> : null}
    </>
  );
}
