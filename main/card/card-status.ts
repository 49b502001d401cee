import type { CardReaderStatus, CardSession } from '../contract';
import type { SupervisorState } from '../../native/card/card-supervisor';

/** The status bar's view of the card reader, from the supervisor's state and the open sessions. */
export function cardReaderStatus(state: SupervisorState, sessions: readonly CardSession[]): CardReaderStatus {
  switch (state.kind) {
    case 'binding-unavailable':
      return { state: 'unavailable', readers: [], detail: state.reason };
    case 'stopped':
      return { state: 'unavailable', readers: [] };
    case 'no-service':
      return { state: 'no-service', readers: [], detail: 'PC/SC service (pcscd) not reachable; retrying' };
    case 'running': {
      const readers = state.readers.map((r) => r.name);
      if (readers.length === 0) {
        return state.lastRemovedReader ? { state: 'reader-removed', readers, detail: `reader removed: ${state.lastRemovedReader}` } : { state: 'no-reader', readers };
      }
      if (sessions.some((s) => s.state === 'reading')) return { state: 'reading', readers };
      if (state.readers.some((r) => r.present)) return { state: 'card-present', readers };
      return { state: 'ready', readers };
    }
  }
}
