import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import type { Scanner } from './use-scanner';

/**
 * The scanners of this workstation (SANE devices, the hot folder, and the USB inventory): which
 * one scans, from the glass or the feeder, one side or both. Scanning itself is beside the queue.
 */
export function ScannerSettings({ scanner }: { scanner: Scanner }) {
  const { t } = useTranslation();
  const { devices, inventory, deviceId, device, hasFeeder, running } = scanner;
  return (
    <section className="clerk-panel scanner-panel" aria-labelledby="scanner-heading" data-testid="scanner-panel">
      <h2 id="scanner-heading">{t('clerk.scanner.title')}</h2>
      {devices.length === 0 ? <p className="hint">{scanner.loading ? t('clerk.scanner.searching') : t('clerk.scanner.none')}</p> : null}
      <div className="clerk-form-row">
        <label htmlFor="scanner-device">{t('clerk.scanner.device')}</label>
        <select id="scanner-device" value={deviceId} onChange={(e) => scanner.setDeviceId(e.target.value)} disabled={running !== null || devices.length === 0}>
          {devices.map((d) => (
            <option key={d.id} value={d.id}>
              {d.adapter === 'hot-folder' ? t('clerk.scanner.hotFolder') : `${d.vendor} ${d.model}`} · {d.id}
            </option>
          ))}
        </select>
        <Button onClick={scanner.refresh} disabled={scanner.loading || running !== null}>
          {t('clerk.scanner.refresh')}
        </Button>
      </div>
      {hasFeeder ? (
        <div className="clerk-form-row">
          <label htmlFor="scanner-source">{t('clerk.scanner.source')}</label>
          <select id="scanner-source" value={scanner.source} onChange={(e) => scanner.setSource(e.target.value as 'flatbed' | 'adf')} disabled={running !== null}>
            <option value="flatbed">{t('clerk.scanner.flatbed')}</option>
            <option value="adf">{t('clerk.scanner.feeder')}</option>
          </select>
          {device?.duplex && scanner.source === 'adf' ? (
            <label className="clerk-check">
              <input type="checkbox" checked={scanner.duplex} onChange={(e) => scanner.setDuplex(e.target.checked)} disabled={running !== null} />
              {t('clerk.scanner.duplex')}
            </label>
          ) : null}
        </div>
      ) : null}
      <p className="hint">{t('clerk.scanner.stripHint')}</p>
      <div className="usb-inventory">
        <h3>{t('clerk.scanner.usbTitle')}</h3>
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
      </div>
    </section>
  );
}
