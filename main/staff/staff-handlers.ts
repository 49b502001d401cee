import type { Handlers } from '../runtime/dispatcher';
import type { StaffService } from './staff-service';

export function createStaffHandlers(staff: StaffService): Pick<Handlers, 'staffSignIn' | 'staffSignOut' | 'getStaffSession' | 'touchStaffSession'> {
  return {
    staffSignIn: ({ staffId, password }) => staff.signIn(staffId, password),
    staffSignOut: () => ({ signedOut: staff.signOut() }),
    getStaffSession: () => staff.current(),
    touchStaffSession: () => staff.touch(),
  };
}
