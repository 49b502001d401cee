import { describe, expect, it } from 'vitest';
import { parseRoute } from './router';

describe('the station routes', () => {
  it('clerk and field staff reach the sync view; a kiosk never shows it', () => {
    expect(parseRoute('#/sync', 'clerk')).toEqual({ screen: 'sync' });
    expect(parseRoute('#/sync', 'field')).toEqual({ screen: 'sync' });
    expect(parseRoute('#/sync', 'kiosk')).toEqual({ screen: 'kiosk' });
  });

  it('the mode decides the start screen, not the address', () => {
    expect(parseRoute('#/kiosk', 'clerk')).toEqual({ screen: 'clerk' });
    expect(parseRoute('', 'field')).toEqual({ screen: 'field' });
    expect(parseRoute('#/diagnostics', 'kiosk')).toEqual({ screen: 'diagnostics' });
  });
});
