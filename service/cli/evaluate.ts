import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { backOfficeEndpoints, type EvaluationJob } from '../../main/contract/service-admin-endpoints';
import { call } from './admin-call';

/**
 * `npm run service:evaluate -- <command>`: the back office's handle on the whole-insurer evaluation.
 *   start <year> [--wait]     re-evaluate every member's year in the background (joins a waiting job)
 *   status <jobId> [--wait]   how far a job got; --wait follows it until it is done or failed
 *   list                      the latest jobs
 * Talks to SERVICE_URL (default http://127.0.0.1:8787) with SERVICE_ADMIN_TOKEN.
 */
const usage = 'usage: evaluate start <year> [--wait] | status <jobId> [--wait] | list';

function line(job: z.infer<typeof EvaluationJob>): string {
  const progress = job.membersTotal === null ? `${job.membersDone}` : `${job.membersDone}/${job.membersTotal}`;
  return `${job.id}  ${job.year}  ${job.reason}  ${job.state}  members ${progress}  changed ${job.membersChanged}${job.error ? `  error: ${job.error}` : ''}`;
}

async function follow(job: z.infer<typeof EvaluationJob>, out: (line: string) => void, pollMs: number): Promise<void> {
  let current = job;
  while (current.state === 'queued' || current.state === 'running') {
    await sleep(pollMs);
    current = await call(backOfficeEndpoints.evaluationJob, { params: { id: job.id } });
    out(line(current));
  }
  if (current.state === 'failed') throw new Error(`evaluation job ${current.id} failed: ${current.error ?? 'no reason recorded'}`);
}

export async function runEvaluate(argv: string[], out: (line: string) => void, pollMs = 1000): Promise<void> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { wait: { type: 'boolean', default: false } } });
  const [command, arg] = positionals;
  switch (command) {
    case 'start': {
      if (!arg || !/^\d{4}$/.test(arg)) throw new Error(usage);
      const job = await call(backOfficeEndpoints.requestEvaluation, { body: { year: Number(arg) } });
      out(line(job));
      if (values.wait) await follow(job, out, pollMs);
      return;
    }
    case 'status': {
      if (!arg) throw new Error(usage);
      const job = await call(backOfficeEndpoints.evaluationJob, { params: { id: arg } });
      out(line(job));
      if (values.wait) await follow(job, out, pollMs);
      return;
    }
    case 'list': {
      const { jobs } = await call(backOfficeEndpoints.evaluationJobs, {});
      for (const job of jobs) out(line(job));
      out(`${jobs.length} job(s)`);
      return;
    }
    default:
      throw new Error(usage);
  }
}

if (process.argv[1] && /evaluate\.ts$/.test(process.argv[1])) {
  runEvaluate(process.argv.slice(2), (text) => process.stdout.write(`${text}\n`)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
