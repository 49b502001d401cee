import type { Input, PermissionRequest, WebPreferences, BrowserWindowConstructorOptions } from 'electron';
import type { StationMode } from '../contract';

/** The renderer is served from this origin by a custom protocol, never from a dev server or file://. */
export const appScheme = 'app';
export const appHost = 'bonus';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/** IPC is answered only for frames showing the app's own origin (not a navigated-away or injected frame). */
export function isTrustedSenderUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === appHost;
  } catch {
    return false;
  }
}

/**
 * Every permission request is denied, except the camera on a kiosk (evidence photos) and on a
 * field station (members' QR codes at the check-in desk).
 * Microphone, geolocation, notifications, USB/HID/serial from the page: never.
 */
export function isPermissionAllowed(mode: StationMode, permission: string, details: Partial<Pick<PermissionRequest, 'requestingUrl'>> & { mediaTypes?: string[] }): boolean {
  if (!isTrustedSenderUrl(details.requestingUrl)) return false;
  if (permission !== 'media' || (mode !== 'kiosk' && mode !== 'field')) return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'video');
}

export function webPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: false,
    safeDialogs: true,
  };
}

export function windowOptions(mode: StationMode, preloadPath: string): BrowserWindowConstructorOptions {
  const kiosk = mode === 'kiosk';
  return {
    width: 1280,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Bonus Station',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    kiosk,
    fullscreen: kiosk,
    frame: !kiosk,
    closable: !kiosk,
    minimizable: !kiosk,
    webPreferences: webPreferences(preloadPath),
  };
}

/**
 * Keys that would leave the kiosk or change what it shows: reload, devtools, zoom, close,
 * print dialog, new window, fullscreen toggle, address-like navigation.
 */
export function isBlockedKioskShortcut(input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt' | 'shift'>): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (['f5', 'f11', 'f12', 'browserback', 'browserforward', 'browserrefresh', 'browserhome'].includes(key)) return true;
  if (input.alt && (key === 'f4' || key === 'arrowleft' || key === 'arrowright' || key === 'home')) return true;
  if (mod && ['r', 'w', 'q', 'n', 't', 'p', 'o', 's', 'l', 'u', 'j', 'h', '+', '-', '=', '0'].includes(key)) return true;
  if (mod && input.shift && ['i', 'j', 'c', 'delete'].includes(key)) return true;
  return false;
}

/** A navigation is allowed only within the app's own origin. */
export function isAllowedNavigation(url: string): boolean {
  return isTrustedSenderUrl(url);
}
