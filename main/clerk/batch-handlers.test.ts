import { describe, expect, it } from 'vitest';
import { ContractError } from '../contract';
import { createClerkBatchHandlers } from './batch-handlers';

describe('the batch queue methods', () => {
  it('are refused on kiosk and field stations, which have no batch queue', async () => {
    const handlers = createClerkBatchHandlers(null);
    for (const call of [() => handlers.openClerkBatch({}, { transport: 'loopback' }), () => handlers.bookClerkBatch({ batchId: 'b' }, { transport: 'loopback' })]) {
      expect(call).toThrow(ContractError);
      expect(call).toThrow(/clerk stations only/);
    }
  });
});
