import type { StationClient } from '../../../main/contract';
import { electronClient } from './electron';
import { loopbackClient } from './loopback';
import './preload-api';

/**
 * Picks the transport: the preload's API inside Electron, otherwise the loopback host that
 * served this page. The token arrives in the URL fragment and is removed from the address bar
 * at once (kept for reconnects in this tab's sessionStorage only).
 */
export function connectStation(onConnectionChange?: (connected: boolean) => void): StationClient {
  if (window.bonusStation) return electronClient(window.bonusStation);
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('bonus-station.token', fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = fromHash ?? sessionStorage.getItem('bonus-station.token');
  if (!token) throw new Error('missing-token');
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api`;
  return loopbackClient(onConnectionChange ? { url, token, onConnectionChange } : { url, token });
}
