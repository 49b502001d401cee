import { ContractError } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { BookletDesk } from './booklets-desk';

type BookletHandlers = Pick<
  Handlers,
  | 'clerkPickMemberByKvnr'
  | 'clerkPickMemberFromCard'
  | 'clerkSearchMembers'
  | 'clerkIssueBooklet'
  | 'clerkBookletPdf'
  | 'clerkOpenLegacyPage'
  | 'clerkGetLegacyPage'
  | 'clerkMeasureLegacyRegions'
  | 'clerkSaveLegacyAssignment'
  | 'clerkBookLegacyPage'
>;

/** Member pick, booklet printing and legacy pages; on a kiosk or field station (desk null) they are refused. */
export function createBookletHandlers(desk: BookletDesk | null): BookletHandlers {
  const need = (): BookletDesk => {
    if (!desk) throw new ContractError('forbidden', 'Booklets are issued on clerk stations only');
    return desk;
  };
  return {
    clerkPickMemberByKvnr: ({ kvnr, birthDate }) => need().pickByKvnr(kvnr, birthDate),
    clerkPickMemberFromCard: () => need().pickFromCard(),
    clerkSearchMembers: ({ lastName, firstName, birthDate }) => need().search(lastName, firstName, birthDate),
    clerkIssueBooklet: ({ pickId, year }) => need().issue(pickId, year),
    clerkBookletPdf: ({ bookletId }) => need().reprint(bookletId),
    clerkOpenLegacyPage: ({ imageBase64 }) => need().openLegacyPage(imageBase64),
    clerkGetLegacyPage: ({ pageRef }) => need().legacyPage(pageRef),
    clerkMeasureLegacyRegions: ({ pageRef, regions }) => need().measureLegacy(pageRef, regions),
    clerkSaveLegacyAssignment: (input) => need().saveLegacy(input),
    clerkBookLegacyPage: ({ pageRef }) => need().bookLegacy(pageRef),
  };
}
