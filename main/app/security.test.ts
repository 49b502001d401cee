import { describe, expect, it } from 'vitest';
import { appEntryUrl, isAllowedNavigation, isBlockedKioskShortcut, isPermissionAllowed, isTrustedSenderUrl, windowOptions } from './security';

const key = (k: string, mods: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }> = {}) => ({
  type: 'keyDown' as const,
  key: k,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});

describe('Electron window security', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, no webviews, no devtools', () => {
    const prefs = windowOptions('clerk', '/app/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
      preload: '/app/preload.cjs',
    });
  });

  it('runs a kiosk fullscreen without frame, closing or minimizing; other modes in a normal window', () => {
    expect(windowOptions('kiosk', 'p')).toMatchObject({ kiosk: true, fullscreen: true, frame: false, closable: false, minimizable: false });
    expect(windowOptions('field', 'p')).toMatchObject({ kiosk: false, fullscreen: false, frame: true, closable: true });
  });

  it('answers IPC only for the app origin', () => {
    expect(isTrustedSenderUrl(appEntryUrl)).toBe(true);
    expect(isTrustedSenderUrl('app://bonus/#/diagnostics')).toBe(true);
    expect(isTrustedSenderUrl('app://other/index.html')).toBe(false);
    expect(isTrustedSenderUrl('https://bonus/index.html')).toBe(false);
    expect(isTrustedSenderUrl('file:///etc/passwd')).toBe(false);
    expect(isTrustedSenderUrl(undefined)).toBe(false);
    expect(isTrustedSenderUrl('not a url')).toBe(false);
    expect(isAllowedNavigation('https://evil.example/')).toBe(false);
  });

  it('grants the camera on a kiosk and a field station (QR codes at the desk) and nothing else, to the app origin only', () => {
    const fromApp = { requestingUrl: appEntryUrl };
    expect(isPermissionAllowed('field', 'media', { ...fromApp, mediaTypes: ['video'] })).toBe(true);
    expect(isPermissionAllowed('field', 'media', { ...fromApp, mediaTypes: ['audio'] })).toBe(false);
    expect(isPermissionAllowed('kiosk', 'media', { ...fromApp, mediaTypes: ['video'] })).toBe(true);
    expect(isPermissionAllowed('kiosk', 'media', { ...fromApp, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(isPermissionAllowed('kiosk', 'media', { ...fromApp, mediaTypes: [] })).toBe(false);
    expect(isPermissionAllowed('clerk', 'media', { ...fromApp, mediaTypes: ['video'] })).toBe(false);
    expect(isPermissionAllowed('kiosk', 'media', { requestingUrl: 'https://evil.example', mediaTypes: ['video'] })).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb', 'openExternal', 'fullscreen']) {
      expect(isPermissionAllowed('kiosk', permission, fromApp), permission).toBe(false);
    }
  });

  it('blocks the shortcuts that would leave or alter the kiosk, and lets typing through', () => {
    for (const input of [key('F5'), key('F11'), key('F12'), key('F4', { alt: true }), key('r', { control: true }), key('w', { control: true }), key('i', { control: true, shift: true }), key('+', { control: true }), key('p', { control: true }), key('ArrowLeft', { alt: true })]) {
      expect(isBlockedKioskShortcut(input), JSON.stringify(input)).toBe(true);
    }
    for (const input of [key('a'), key('A', { shift: true }), key('Enter'), key('Tab'), key('Tab', { shift: true }), key('Backspace'), key('5')]) {
      expect(isBlockedKioskShortcut(input), JSON.stringify(input)).toBe(false);
    }
    expect(isBlockedKioskShortcut({ ...key('F5'), type: 'keyUp' })).toBe(false);
  });
});
