import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceInventoryView, ScannerDeviceInfo, ScanProgress } from '../../../main/contract';
import { useStation, useStationEvent } from '../app/station-context';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useErrorText } from '../ui/use-error-text';

interface RunningScan {
  batchId: string;
  page: number;
  percent: number;
  scanned: number;
}

/** 300 dpi grayscale where the device offers it (what recognition is made for); only settings the device lists. */
function saneSettings(device: ScannerDeviceInfo, source: 'flatbed' | 'adf', duplex: boolean) {
  const r = device.resolutions;
  const offers300 = r === null ? false : r.kind === 'list' ? r.values.includes(300) : r.min <= 300 && r.max >= 300;
  const listsSource = device.sources.some((s) => (source === 'adf' ? s.kind === 'adf' || s.kind === 'adf-duplex' : s.kind === 'flatbed'));
  return {
    ...(listsSource ? { source } : {}),
    // Both sides of each sheet: the empty backs are recognized as blank and need no one's attention.
    ...(source === 'adf' && duplex && device.duplex ? { duplex: true } : {}),
    ...(offers300 ? { resolution: 300 } : {}),
    ...(device.modes.includes('Gray') ? { mode: 'Gray' } : {}),
  };
}

/**
 * The scanners of this workstation (SANE devices, the hot folder, and the USB inventory) and
 * the batch scan: per-page progress, cancel. Scanned pages land in the open batch by themselves.
 */
export function ScannerPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const errorText = useErrorText();
  const status = useStationEvent('scannerStatus');
  const progress = useStationEvent('scanProgress');
  const [devices, setDevices] = useState<ScannerDeviceInfo[]>([]);
  const [inventory, setInventory] = useState<DeviceInventoryView | null>(null);
  const [deviceId, setDeviceId] = useState('');
  const [source, setSource] = useState<'flatbed' | 'adf'>('flatbed');
  const [duplex, setDuplex] = useState(false);
  const [running, setRunning] = useState<RunningScan | null>(null);
  const [ended, setEnded] = useState<Extract<ScanProgress, { type: 'batch-ended' }> | null>(null);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    (refresh: boolean) => {
      setLoading(true);
      Promise.all([client.call.listScanners({ refresh }), client.call.getDeviceInventory({})]).then(
        ([list, usb]) => {
          setDevices(list.devices);
          setInventory(usb);
          setDeviceId((current) => (list.devices.some((d) => d.id === current) ? current : (list.devices[0]?.id ?? '')));
          setLoading(false);
        },
        (e: unknown) => {
          setError(errorText(e));
          setLoading(false);
        },
      );
    },
    [client, errorText],
  );
  useEffect(() => load(false), [load]);
  // The scanner service lists devices in the background at start; show them when it has.
  useEffect(() => {
    if (status && status.devices.length !== devices.length) load(false);
  }, [status, devices.length, load]);

  useEffect(() => {
    if (!progress) return;
    setRunning((current) => {
      if (progress.type === 'batch-started') return { batchId: progress.batchId, page: 0, percent: 0, scanned: 0 };
      if (!current || current.batchId !== progress.batchId) return current;
      switch (progress.type) {
        case 'page-started':
          return { ...current, page: progress.page, percent: 0 };
        case 'page-progress':
          return { ...current, page: progress.page, percent: progress.percent };
        case 'page-scanned':
          return { ...current, scanned: current.scanned + 1, percent: 100 };
        case 'batch-ended':
          return null;
        default:
          return current;
      }
    });
    if (progress.type === 'batch-ended') setEnded(progress);
    if (progress.type === 'batch-started') setEnded(null);
  }, [progress]);

  const device = devices.find((d) => d.id === deviceId);
  const hasFeeder = device?.sources.some((s) => s.kind === 'adf' || s.kind === 'adf-duplex') ?? false;

  const start = () => {
    setError(undefined);
    client.call.startScanBatch({ deviceId, ...(device?.adapter === 'sane' ? saneSettings(device, hasFeeder ? source : 'flatbed', duplex) : {}) }).then(
      ({ batchId }) => setRunning((current) => current ?? { batchId, page: 0, percent: 0, scanned: 0 }),
      (e: unknown) => setError(errorText(e)),
    );
  };
  const cancel = () => {
    if (running) void client.call.cancelScanBatch({ batchId: running.batchId });
  };

  return (
    <section className="clerk-panel scanner-panel" aria-labelledby="scanner-heading" data-testid="scanner-panel">
      <h2 id="scanner-heading">{t('clerk.scanner.title')}</h2>
      <ErrorAlert message={error} />
      {devices.length === 0 ? <p className="hint">{loading ? t('clerk.scanner.searching') : t('clerk.scanner.none')}</p> : null}
      <div className="clerk-form-row">
        <label htmlFor="scanner-device">{t('clerk.scanner.device')}</label>
        <select id="scanner-device" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} disabled={running !== null || devices.length === 0}>
          {devices.map((d) => (
            <option key={d.id} value={d.id}>
              {d.adapter === 'hot-folder' ? t('clerk.scanner.hotFolder') : `${d.vendor} ${d.model}`} · {d.id}
            </option>
          ))}
        </select>
        {hasFeeder ? (
          <>
            <label htmlFor="scanner-source">{t('clerk.scanner.source')}</label>
            <select id="scanner-source" value={source} onChange={(e) => setSource(e.target.value as 'flatbed' | 'adf')} disabled={running !== null}>
              <option value="flatbed">{t('clerk.scanner.flatbed')}</option>
              <option value="adf">{t('clerk.scanner.feeder')}</option>
            </select>
            {device?.duplex && source === 'adf' ? (
              <label className="clerk-check">
                <input type="checkbox" checked={duplex} onChange={(e) => setDuplex(e.target.checked)} disabled={running !== null} />
                {t('clerk.scanner.duplex')}
              </label>
            ) : null}
          </>
        ) : null}
      </div>
      <div className="toolbar">
        <Button variant="primary" onClick={start} disabled={running !== null || !deviceId}>
          {t('clerk.scanner.start')}
        </Button>
        <Button onClick={cancel} disabled={running === null}>
          {t('clerk.scanner.cancel')}
        </Button>
        <Button onClick={() => load(true)} disabled={loading || running !== null}>
          {t('clerk.scanner.refresh')}
        </Button>
      </div>
      <div aria-live="polite" data-testid="scan-progress">
        {running ? (
          <>
            <p>{running.page > 0 ? t('clerk.scanner.scanningPage', { page: running.page, scanned: running.scanned }) : t('clerk.scanner.starting')}</p>
            <progress max={100} value={running.percent} aria-label={t('clerk.scanner.pageProgress', { page: running.page })} />
          </>
        ) : ended ? (
          <p className={ended.end === 'failed' ? 'error' : undefined}>
            {t(`clerk.scanner.ended.${ended.end}`, { pages: ended.pages })}
            {ended.failure ? ` ${t(`clerk.scanner.failure.${ended.failure}`)}` : ''}
          </p>
        ) : null}
      </div>
      <details className="usb-inventory">
        <summary>{t('clerk.scanner.usbTitle')}</summary>
        {inventory === null ? null : !inventory.available ? (
          <p className="hint">{t('clerk.scanner.usbUnavailable')}</p>
        ) : inventory.devices.length === 0 ? (
          <p className="hint">{t('clerk.scanner.usbNone')}</p>
        ) : (
          <ul>
            {inventory.devices.map((d) => (
              <li key={`${d.usbId}-${d.location ?? ''}`}>
                {t(`clerk.scanner.usbKind.${d.kind}`)}: {[d.manufacturer, d.product].filter(Boolean).join(' ') || d.usbId}
              </li>
            ))}
          </ul>
        )}
      </details>
    </section>
  );
}
