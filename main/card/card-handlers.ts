import type { cardMethods } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { CardSessionService } from './card-session-service';

/**
 * The contract's card methods. Without a card service (no PC/SC binding) there are simply no
 * sessions. `guard` runs before any card data is handed out and throws when the caller may not
 * see it (no signed-in clerk, or a mode that keeps card data inside main).
 */
export function createCardHandlers(service: Pick<CardSessionService, 'sessions'> | null, guard: () => void): Pick<Handlers, keyof typeof cardMethods> {
  return {
    getCardSessions: () => {
      guard();
      return { sessions: service?.sessions() ?? [] };
    },
  };
}
