import { useCallback, useEffect, useState } from 'react';
import type { DeviceInventoryView, ScannerDeviceInfo, ScanProgress } from '../../../../main/contract';
import { useStation, useStationEvent } from '../../app/station-context';
import { errorTextOf } from '../../ui/use-error-text';
import { useStationCall } from '../../ui/use-station-call';

export interface RunningScan {
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
 * The workstation's scanners and the batch scan, shared by the scanner view (which device,
 * feeder or glass, both sides) and the scan strip beside the queue (scan, cancel, progress).
 */
export function useScanner() {
  const { client } = useStation();
  const call = useStationCall();
  const status = useStationEvent('scannerStatus');
  const progress = useStationEvent('scanProgress');
  const [devices, setDevices] = useState<ScannerDeviceInfo[]>([]);
  const [inventory, setInventory] = useState<DeviceInventoryView | null>(null);
  const [deviceId, setDeviceId] = useState('');
  const [source, setSource] = useState<'flatbed' | 'adf'>('flatbed');
  const [duplex, setDuplex] = useState(false);
  const [running, setRunning] = useState<RunningScan | null>(null);
  const [ended, setEnded] = useState<Extract<ScanProgress, { type: 'batch-ended' }> | null>(null);
  const [loading, setLoading] = useState(false);
  const { setError } = call;

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
          setError((tr) => errorTextOf(tr, e));
          setLoading(false);
        },
      );
    },
    [client, setError],
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

  const start = () =>
    void call.run(
      () => client.call.startScanBatch({ deviceId, ...(device?.adapter === 'sane' ? saneSettings(device, hasFeeder ? source : 'flatbed', duplex) : {}) }),
      ({ batchId }) => setRunning((current) => current ?? { batchId, page: 0, percent: 0, scanned: 0 }),
    );
  const cancel = () => {
    if (running) void client.call.cancelScanBatch({ batchId: running.batchId });
  };

  return { devices, inventory, deviceId, setDeviceId, device, hasFeeder, source, setSource, duplex, setDuplex, running, ended, loading, error: call.error, start, cancel, refresh: () => load(true) };
}

export type Scanner = ReturnType<typeof useScanner>;
