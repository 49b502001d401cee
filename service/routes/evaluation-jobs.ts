import type { z } from 'zod';
import { serviceEndpoints, type EvaluationJob } from '../../main/contract/service-admin-endpoints';
import { implement, type AnyRoute } from '../http/route';
import { ApiFailure } from '../http/errors';
import { jobById, recentJobs, requestEvaluation, type JobRow } from '../evaluation/jobs';
import { iso, type RouteDeps } from './deps';

export function jobBody(row: JobRow): z.infer<typeof EvaluationJob> {
  const at = (d: Date | null) => (d ? iso(d) : null);
  return {
    id: row.id,
    year: row.year,
    reason: row.reason,
    state: row.state,
    requestedBy: row.requested_by,
    requestedAt: iso(row.requested_at),
    startedAt: at(row.started_at),
    finishedAt: at(row.finished_at),
    membersTotal: row.members_total,
    membersDone: row.members_done,
    membersChanged: row.members_changed,
    attempts: row.attempts,
    error: row.error,
    catalogSha256: row.catalog_sha256,
  };
}

/** The back office's handle on the whole-insurer evaluation (admin credential; CLI: service/cli/evaluate.ts). */
export function evaluationJobRoutes({ db, now, rules }: RouteDeps, kick: () => void): AnyRoute[] {
  return [
    implement(serviceEndpoints.requestEvaluation, {
      async handler({ body }) {
        if (!rules.catalogForYear(body.year)) throw new ApiFailure(409, 'no_catalog', `No catalog applies to ${body.year}`, ['body.year']);
        const { job } = await db.transaction((tx) => requestEvaluation(tx, { year: body.year, reason: 'requested', requestedBy: 'admin', accountId: null, now: now() }));
        kick();
        return { status: 202, body: jobBody(job) };
      },
    }),
    implement(serviceEndpoints.evaluationJob, {
      async handler({ params }) {
        const job = await jobById(db, params.id);
        if (!job) throw new ApiFailure(404, 'not_found', 'No such evaluation job');
        return { status: 200, body: jobBody(job) };
      },
    }),
    implement(serviceEndpoints.evaluationJobs, {
      handler: async () => ({ status: 200, body: { jobs: (await recentJobs(db, 50)).map(jobBody) } }),
    }),
  ];
}
