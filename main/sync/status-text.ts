import { NetworkError, ServiceError } from './service-client';

/**
 * The last sync error in plain German for the status bar and the staff's sync view. Never
 * contains personal data: only what went wrong and what happens next.
 */
export function syncErrorText(error: unknown): string {
  if (error instanceof NetworkError) {
    switch (error.code) {
      case 'connect':
        return 'Der Bonus-Service ist nicht erreichbar. Die Daten bleiben sicher auf dieser Station und werden später gesendet.';
      case 'timeout':
        return 'Der Bonus-Service antwortet nicht rechtzeitig. Die Station versucht es gleich erneut.';
      case 'cut':
        return 'Die Verbindung zum Bonus-Service wurde unterbrochen. Die Station versucht es gleich erneut.';
      case 'tls':
      case 'pin':
        return 'Das Zertifikat des Bonus-Service ist nicht das erwartete. Die Station sendet deshalb keine Daten. Bitte die IT informieren.';
      case 'protocol':
        return 'Der Bonus-Service hat unerwartet geantwortet. Die Station versucht es später erneut.';
    }
  }
  if (error instanceof ServiceError) {
    if (error.code === 'station_revoked') return 'Diese Station ist beim Bonus-Service gesperrt. Bitte die IT informieren.';
    if (error.code === 'unknown_station' || error.code === 'unsigned' || error.code === 'bad_signature') return 'Diese Station ist beim Bonus-Service nicht angemeldet. Bitte die IT informieren.';
    if (error.code === 'mode_mismatch') return 'Der Anmelde-Code wurde für eine andere Stationsart ausgestellt. Bitte einen Code für die Betriebsart dieser Station anfordern.';
    if (error.code === 'mode_forbidden' || error.code === 'station_role_unknown') return 'Der Bonus-Service lässt diese Station dafür nicht zu (Betriebsart). Bitte die Station neu anmelden lassen.';
    if (error.code === 'blob_missing') return 'Ein Nachweisbild fehlt beim Bonus-Service. Die Station sendet es erneut.';
    if (error.code === 'stale') return 'Die Uhrzeit dieser Station weicht zu stark ab. Bitte die Uhrzeit prüfen lassen.';
    if (error.code === 'storage_full') return 'Der Speicher des Bonus-Service ist voll. Die Nachweise bleiben sicher auf dieser Station; die Station sendet sie, sobald dort wieder Platz ist. Bitte die IT informieren.';
    if (error.code === 'storage_unavailable') return 'Der Bonus-Service kann gerade keine Nachweisbilder speichern. Die Station versucht es später erneut.';
    if (error.retryable) return `Der Bonus-Service meldet eine Störung (HTTP ${error.status}). Die Station versucht es später erneut.`;
    return `Der Bonus-Service hat eine Einreichung abgelehnt (Code ${error.code}). Sie bleibt auf dieser Station; bitte die IT informieren.`;
  }
  return 'Beim Senden ist ein unerwarteter Fehler aufgetreten. Die Station versucht es später erneut.';
}

export const notEnrolledText = 'Diese Station ist noch nicht beim Bonus-Service angemeldet. Bitte die IT informieren.';
