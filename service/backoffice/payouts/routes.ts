import type { Database } from '../../db/database';
import { ApiFailure } from '../../http/errors';
import { ExclusionRequest, IdParams, Ok, PayoutOverview, RunParams, RunRequest } from '../api';
import { audit } from '../audit';
import { boRoute, type AnyBoRoute } from '../http';
import { approvePayout, createRun, markRunPaid, payoutOverview, taxReportCsv, type PayoutSettings } from './payouts';
import { z } from 'zod';

const officers = ['payout-officer'] as const;

/** `kickEvaluation`: a run queues its years' re-evaluation; this starts it now rather than at the next poll. */
export function payoutRoutes(db: Database, settings: PayoutSettings, kickEvaluation: () => void = () => undefined): AnyBoRoute[] {
  return [
    boRoute({
      method: 'GET',
      url: '/bo/api/payouts',
      access: officers,
      response: PayoutOverview,
      async handler({ session, now }) {
        await audit(db, { at: now, accountId: session!.account.id, action: 'payout.view' });
        return payoutOverview(db, settings);
      },
    }),
    boRoute({
      method: 'POST',
      url: '/bo/api/payouts/:id/approve',
      access: officers,
      params: IdParams,
      response: z.object({ complete: z.boolean(), amountCents: z.number().int() }),
      handler: async ({ params, session, now }) => approvePayout(db, params.id, session!.account.id, now, settings),
    }),
    boRoute({
      method: 'POST',
      url: '/bo/api/payouts/runs',
      access: officers,
      body: RunRequest,
      response: z.object({ id: z.uuid(), items: z.number().int(), totalCents: z.number().int() }),
      status: 201,
      async handler({ body, session, now }) {
        if (body.executionDay < now.toISOString().slice(0, 10)) throw new ApiFailure(400, 'invalid_input', 'The execution day lies in the past', ['body.executionDay']);
        const run = await createRun(db, session!.account.id, body.executionDay, now, settings);
        kickEvaluation();
        return run;
      },
    }),
    boRoute({
      method: 'GET',
      url: '/bo/api/payouts/runs/:id/pain001',
      access: officers,
      params: RunParams,
      async handler({ params, session, now }) {
        const run = (await db.query<{ pain001: string; message_id: string }>('SELECT pain001, message_id FROM bo_payout_runs WHERE id = $1', [params.id])).rows[0];
        if (!run) throw new ApiFailure(404, 'not_found', 'No such run');
        await audit(db, { at: now, accountId: session!.account.id, action: 'payout.run.export', subject: `run:${params.id}` });
        return { raw: run.pain001, contentType: 'application/xml; charset=utf-8', fileName: `${run.message_id}.pain001.xml` };
      },
    }),
    boRoute({
      method: 'POST',
      url: '/bo/api/payouts/runs/:id/paid',
      access: officers,
      params: RunParams,
      response: Ok,
      async handler({ params, session, now }) {
        await markRunPaid(db, params.id, session!.account.id, now);
        return { ok: true as const };
      },
    }),
    boRoute({
      method: 'GET',
      url: '/bo/api/payouts/runs/:id/tax-report',
      access: officers,
      params: RunParams,
      async handler({ params, session, now }) {
        const csv = await taxReportCsv(db, params.id);
        await audit(db, { at: now, accountId: session!.account.id, action: 'payout.tax-report.export', subject: `run:${params.id}` });
        return { raw: csv, contentType: 'text/csv; charset=utf-8', fileName: `steuermeldung-${params.id.slice(0, 8)}.csv` };
      },
    }),
    boRoute({
      method: 'POST',
      url: '/bo/api/payouts/exclusions',
      access: officers,
      body: ExclusionRequest,
      response: Ok,
      status: 201,
      async handler({ body, session, now }) {
        await db.transaction(async (tx) => {
          if ((await tx.query('SELECT 1 FROM members WHERE kvnr = $1', [body.kvnr])).rowCount === 0) throw new ApiFailure(404, 'not_found', 'No member with this KVNR');
          const added = await tx.query('INSERT INTO bo_exclusions (kvnr, excluded_at, reason, excluded_by) VALUES ($1, $2, $3, $4) ON CONFLICT (kvnr) DO NOTHING RETURNING kvnr', [body.kvnr, now, body.reason, session!.account.id]);
          if (added.rowCount === 0) throw new ApiFailure(409, 'already_excluded', 'This member is excluded already');
          await audit(tx, { at: now, accountId: session!.account.id, action: 'payout.exclude', subject: `member:${body.kvnr}`, detail: { reason: body.reason } });
        });
        return { ok: true as const };
      },
    }),
  ];
}
