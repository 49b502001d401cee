import type { StationClient } from '../../../main/contract';
import { electronClient } from './electron';
import { loopbackClient } from './loopback';
import './preload-api';

/**
 * Picks the transport: the preload's API inside Electron, otherwise the loopback host that
 * served this page (which it did only to the UI session's browser, holding its cookie).
 */
export function connectStation(onConnectionChange?: (connected: boolean) => void, onReplaced?: () => void): StationClient {
  if (window.bonusStation) return electronClient(window.bonusStation);
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api`;
  return loopbackClient({ url, ...(onConnectionChange ? { onConnectionChange } : {}), ...(onReplaced ? { onReplaced } : {}) });
}
