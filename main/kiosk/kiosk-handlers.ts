import { ContractError } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { KioskService } from './kiosk-service';

type KioskHandlers = Pick<
  Handlers,
  'kioskConfirmIdentity' | 'kioskOpenChild' | 'kioskOpenFamilyChild' | 'getKioskBooklet' | 'kioskDeclareParticipation' | 'kioskAddEvidence' | 'kioskDiscardEvidence' | 'getKioskDrafts' | 'kioskSubmit' | 'touchKioskSession' | 'kioskEndSession'
>;

/** The member's self-service methods; on a clerk or field station (kiosk null) they are refused. */
export function createKioskHandlers(kiosk: KioskService | null): KioskHandlers {
  const need = (): KioskService => {
    if (!kiosk) throw new ContractError('forbidden', 'Self-service is available on kiosk stations only');
    return kiosk;
  };
  return {
    kioskConfirmIdentity: ({ answer }) => need().confirmIdentity(answer),
    kioskOpenChild: () => need().openChild(),
    kioskOpenFamilyChild: ({ childId }) => need().openFamilyChild(childId),
    getKioskBooklet: ({ year }) => need().booklet(year),
    kioskDeclareParticipation: ({ year, termsVersion }) => need().declareParticipation(year, termsVersion),
    kioskAddEvidence: ({ measure, performedOn, kind, photo, draftId, declaration, measurement }) =>
      need().addEvidence({
        measure,
        performedOn,
        kind,
        ...(photo ? { photoBase64: photo.dataBase64 } : {}),
        ...(draftId ? { draftId } : {}),
        ...(declaration ? { declaration: { statement: declaration.statement, ...(declaration.typedName !== undefined ? { typedName: declaration.typedName } : {}) } } : {}),
        ...(measurement ? { measurement } : {}),
      }),
    kioskDiscardEvidence: ({ draftId }) => ({ discarded: need().discardEvidence(draftId) }),
    getKioskDrafts: () => ({ drafts: need().draftList() }),
    kioskSubmit: ({ year }) => need().submit(year),
    touchKioskSession: () => ({ expiresAt: need().touch() }),
    kioskEndSession: () => ({ ended: need().end('member') }),
  };
}
