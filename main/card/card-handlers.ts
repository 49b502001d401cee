import type { cardMethods } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { CardSessionService } from './card-session-service';

/** The contract's card methods. Without a card service (no PC/SC binding) there are simply no sessions. */
export function createCardHandlers(service: Pick<CardSessionService, 'sessions'> | null): Pick<Handlers, keyof typeof cardMethods> {
  return {
    getCardSessions: () => ({ sessions: service?.sessions() ?? [] }),
  };
}
