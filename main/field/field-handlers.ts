import { ContractError } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { FieldService } from './field-service';

type FieldHandlers = Pick<Handlers, 'listFieldEvents' | 'createFieldEvent' | 'selectFieldEvent' | 'fieldManualCheckIn' | 'fieldQrCheckIn' | 'fieldDeclareParticipation' | 'getFieldSummary'>;

/** Event check-in methods; on a kiosk or clerk station (field null) they are refused. */
export function createFieldHandlers(field: FieldService | null): FieldHandlers {
  const need = (): FieldService => {
    if (!field) throw new ContractError('forbidden', 'Event check-in is available on field stations only');
    return field;
  };
  return {
    listFieldEvents: () => need().listEvents(),
    createFieldEvent: (input) => need().createEvent(input),
    selectFieldEvent: ({ eventId }) => ({ selectedId: need().select(eventId) }),
    fieldManualCheckIn: ({ kvnr, birthDate }) => need().manualCheckIn(kvnr, birthDate),
    fieldQrCheckIn: ({ code }) => need().qrCheckIn(code),
    fieldDeclareParticipation: ({ checkInId }) => need().declareParticipation(checkInId),
    getFieldSummary: () => need().summary(),
  };
}
