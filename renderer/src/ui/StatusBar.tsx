import { useTranslation } from 'react-i18next';
import { useStationEvent } from '../app/station-context';

type Tone = 'ok' | 'warn' | 'off';

function StatusItem({ label, value, tone, testId }: { label: string; value: string; tone: Tone; testId: string }) {
  return (
    <li className={`status-item status-item--${tone}`} data-testid={testId}>
      <span className="status-dot" aria-hidden="true" />
      <span className="status-label">{label}:</span> <span className="status-value">{value}</span>
    </li>
  );
}

type Item = 'card' | 'scanner' | 'sync';

/**
 * Card reader, scanner and sync state, from the contract's event streams. A member's screen
 * shows the devices only: the transfer to the insurer is the staff's concern.
 */
export function StatusBar({ items = ['card', 'scanner', 'sync'] }: { items?: readonly Item[] }) {
  const { t } = useTranslation();
  const card = useStationEvent('cardStatus');
  const scanner = useStationEvent('scannerStatus');
  const sync = useStationEvent('syncStatus');

  const cardTone: Tone = !card || card.state === 'unavailable' ? 'off' : card.state === 'ready' || card.state === 'card-present' || card.state === 'reading' ? 'ok' : 'warn';
  const scannerTone: Tone = !scanner || scanner.state === 'unavailable' || scanner.state === 'none' ? 'off' : scanner.state === 'error' ? 'warn' : 'ok';
  const syncTone: Tone = !sync || sync.state === 'disabled' ? 'off' : sync.state === 'idle' || sync.state === 'syncing' ? 'ok' : 'warn';
  const syncText = sync ? `${t(`status.syncState.${sync.state}`)}${sync.queueLength > 0 ? ` · ${t('status.queue', { count: sync.queueLength })}` : ''}` : '…';

  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      <div role="status" aria-live="polite">
        <ul>
          {items.includes('card') ? <StatusItem testId="status-card" label={t('status.card')} tone={cardTone} value={card ? t(`status.cardState.${card.state}`) : '…'} /> : null}
          {items.includes('scanner') ? <StatusItem testId="status-scanner" label={t('status.scanner')} tone={scannerTone} value={scanner ? t(`status.scannerState.${scanner.state}`) : '…'} /> : null}
          {items.includes('sync') ? <StatusItem testId="status-sync" label={t('status.sync')} tone={syncTone} value={syncText} /> : null}
        </ul>
      </div>
    </footer>
  );
}
