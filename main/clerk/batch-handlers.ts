import { ContractError, type clerkBatchMethods } from '../contract';
import type { Handlers } from '../runtime/dispatcher';
import type { BatchEdits } from './batch-edits';

/** The batch queue's methods; on a kiosk or field station (service null) they are refused. */
export function createClerkBatchHandlers(service: BatchEdits | null): Pick<Handlers, keyof typeof clerkBatchMethods> {
  const need = (): BatchEdits => {
    if (!service) throw new ContractError('forbidden', 'The batch queue is available on clerk stations only');
    return service;
  };
  return {
    openClerkBatch: () => need().openBatch(),
    listClerkBatches: () => ({ batches: need().listBatches() }),
    getClerkBatch: ({ batchId }) => need().getBatch(batchId),
    closeClerkBatch: ({ batchId }) => need().closeBatch(batchId),
    getClerkPage: ({ pageId }) => need().openPage(pageId),
    setClerkFieldDecision: ({ pageId, measure, decision }) => need().setFieldDecision(pageId, measure, decision),
    setClerkFieldDate: ({ pageId, measure, performedOn }) => need().setFieldDate(pageId, measure, performedOn),
    verifyClerkPage: ({ pageId, performedOn }) => need().verifyPage(pageId, performedOn),
    reopenClerkPage: ({ pageId }) => need().reopenPage(pageId),
    // A booklet id the clerk typed may be one printed at another station: asked at the service first (briefly).
    reassignClerkPage: async ({ pageId, bookletId }) => {
      await need().lookupForClerk(bookletId, pageId);
      return need().reassignPage(pageId, bookletId);
    },
    identifyClerkPage: async ({ pageId, bookletId, pageNo }) => {
      await need().lookupForClerk(bookletId, pageId);
      return need().identifyPage(pageId, bookletId, pageNo);
    },
    flagClerkPage: ({ pageId, flagged, note }) => need().flagPage(pageId, flagged, note),
    retryClerkPage: ({ pageId }) => need().retryPage(pageId),
    bookClerkBatch: ({ batchId }) => need().bookResolving(batchId),
  };
}
