import { describe, expect, it } from 'vitest';
import { notificationText } from './notifications';
import { NetworkError, ServiceError } from './service-client';
import { syncErrorText } from './status-text';

describe('sync texts for people', () => {
  it('says in plain German what went wrong and what happens next', () => {
    expect(syncErrorText(new NetworkError('connect', 'x'))).toBe('Der Bonus-Service ist nicht erreichbar. Die Daten bleiben sicher auf dieser Station und werden später gesendet.');
    expect(syncErrorText(new NetworkError('pin', 'x'))).toMatch(/Zertifikat .* nicht das erwartete/);
    expect(syncErrorText(new ServiceError(503, 'x', 'x'))).toMatch(/Störung \(HTTP 503\)/);
    expect(syncErrorText(new ServiceError(507, 'storage_full', 'x'))).toMatch(/Speicher des Bonus-Service ist voll.*bleiben sicher auf dieser Station/);
    expect(syncErrorText(new ServiceError(503, 'storage_unavailable', 'x'))).toMatch(/keine Nachweisbilder speichern/);
    expect(syncErrorText(new ServiceError(403, 'station_revoked', 'x'))).toMatch(/gesperrt/);
    expect(syncErrorText(new ServiceError(401, 'stale', 'x'))).toMatch(/Uhrzeit/);
    expect(syncErrorText(new ServiceError(409, 'submission_conflict', 'x'))).toMatch(/abgelehnt \(Code submission_conflict\)/);
    expect(syncErrorText(new Error('A123457895 leaked?'))).not.toContain('A123457895');
  });

  it("tells the member at the kiosk what the back office decided, by the measure's name", () => {
    expect(notificationText({ decision: 'accepted', reason: null, fields: [] }, [12])).toBe('Ihr Nachweis für Zahnvorsorge wurde anerkannt.');
    expect(notificationText({ decision: 'rejected', reason: 'Datum fehlt', fields: [] }, [12])).toBe('Ihr Nachweis für Zahnvorsorge wurde nicht anerkannt. Grund: Datum fehlt');
    const partial = notificationText(
      { decision: 'partially-accepted', reason: null, fields: [{ measure: 12, decision: 'accepted', reason: null }, { measure: 99 as never, decision: 'rejected', reason: null }] },
      [12, 99],
    );
    expect(partial).toBe('Ihr Nachweis für Zahnvorsorge wurde anerkannt, für Maßnahme 99 nicht.');
  });
});
