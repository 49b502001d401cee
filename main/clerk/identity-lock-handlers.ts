import { ContractError } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { IdentityLockDesk } from './identity-lock-desk';

/** The second-factor lock at the clerk desk; on a kiosk or field station (desk null) refused before anything is asked. */
export function createIdentityLockHandlers(desk: IdentityLockDesk | null): Pick<Handlers, 'clerkIdentityLockStatus' | 'clerkLiftIdentityLock'> {
  const need = (): IdentityLockDesk => {
    if (!desk) throw new ContractError('forbidden', 'A kiosk lock is lifted at a clerk station only');
    return desk;
  };
  return {
    clerkIdentityLockStatus: ({ pickId }) => need().status(pickId),
    clerkLiftIdentityLock: ({ pickId, idChecked }) => need().lift(pickId, idChecked),
  };
}
