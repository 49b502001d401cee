import { ContractError } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { Kiosk } from './kiosk';

type KioskHandlers = Pick<
  Handlers,
  | 'kioskConfirmIdentity'
  | 'kioskOpenChild'
  | 'kioskOpenFamilyChild'
  | 'getKioskBooklet'
  | 'kioskDeclareParticipation'
  | 'kioskAddEvidence'
  | 'kioskDiscardEvidence'
  | 'getKioskDrafts'
  | 'kioskSubmit'
  | 'getKioskArchive'
  | 'touchKioskSession'
  | 'kioskEndSession'
  | 'kioskScanPage'
  | 'kioskReadBookletPage'
  | 'kioskSubmitBookletStamps'
  | 'getKioskPayout'
  | 'kioskApplyPayout'
  | 'kioskRequestBankChange'
  | 'kioskRequestAddressChange'
  | 'getKioskChangeStatus'
  | 'kioskDismissChange'
>;

/** The member's self-service methods; on a clerk or field station (kiosk null) they are refused. */
export function createKioskHandlers(kiosk: Kiosk | null): KioskHandlers {
  const need = (): Kiosk => {
    if (!kiosk) throw new ContractError('forbidden', 'Self-service is available on kiosk stations only');
    return kiosk;
  };
  return {
    kioskConfirmIdentity: ({ answer }) => need().identification.confirmIdentity(answer),
    kioskOpenChild: () => need().family.openChild(),
    kioskOpenFamilyChild: ({ childId }) => need().family.openFamilyChild(childId),
    getKioskBooklet: ({ year }) => need().booklets.show(year),
    kioskDeclareParticipation: ({ year, termsVersion }) => need().participation.declare(year, termsVersion),
    kioskAddEvidence: ({ measure, performedOn, kind, photo, draftId, declaration, measurement }) =>
      need().evidence.add({
        measure,
        performedOn,
        kind,
        ...(photo ? { photoBase64: photo.dataBase64 } : {}),
        ...(draftId ? { draftId } : {}),
        ...(declaration ? { declaration: { statement: declaration.statement, ...(declaration.typedName !== undefined ? { typedName: declaration.typedName } : {}) } } : {}),
        ...(measurement ? { measurement } : {}),
      }),
    kioskDiscardEvidence: ({ draftId }) => ({ discarded: need().evidence.discard(draftId) }),
    getKioskDrafts: () => ({ drafts: need().evidence.list() }),
    kioskSubmit: ({ year }) => need().evidence.submit(year),
    getKioskArchive: () => ({ entries: need().booklets.archive() }),
    touchKioskSession: () => ({ expiresAt: need().session.touch() }),
    kioskEndSession: () => ({ ended: need().session.end('member') }),
    kioskScanPage: () => {
      const scan = need().scan;
      if (!scan) throw new ContractError('not_available', 'No document scanner at this kiosk');
      return scan.scanPage();
    },
    kioskReadBookletPage: (source) => need().paperBooklet.read(source),
    kioskSubmitBookletStamps: (input) => need().paperBooklet.submit(input),
    getKioskPayout: ({ year }) => need().payout.view(year),
    kioskApplyPayout: ({ year, earlyRequest }) => need().payout.apply(year, earlyRequest),
    kioskRequestBankChange: (input) => need().changes.requestBankChange(input),
    kioskRequestAddressChange: (input) => need().changes.requestAddressChange(input),
    getKioskChangeStatus: () => need().changes.status(),
    kioskDismissChange: () => ({ dismissed: need().changes.dismiss() }),
  };
}
