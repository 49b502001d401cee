import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { backOfficeEndpoints, type ReviewQuery } from '../../main/contract/service-admin-endpoints';
import { call } from './admin-call';

/**
 * `npm run service:review -- <command>`: the back office's minimal review tool.
 *   list [--state received]                      submissions waiting for review
 *   accept <submissionId>                         accept all fields
 *   reject <submissionId> --reason "<text>"       reject the submission
 *   fields <submissionId> 3=reject 8=accept --reason "<text>"   decide single fields
 * Talks to SERVICE_URL (default http://127.0.0.1:8787) with SERVICE_ADMIN_TOKEN.
 */
const usage = 'usage: review list [--state S] | accept <id> | reject <id> --reason TEXT | fields <id> N=accept|reject ... [--reason TEXT]';

export async function runReview(argv: string[], out: (line: string) => void): Promise<void> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { state: { type: 'string' }, reason: { type: 'string' }, reviewer: { type: 'string', default: 'cli' } } });
  const [command, id, ...rest] = positionals;
  const reviewer = values.reviewer ?? 'cli';
  switch (command) {
    case 'list': {
      // The service checks the state against its list and answers which it takes.
      const state = (values.state ?? 'received') as z.input<typeof ReviewQuery>['state'];
      const queue = await call(backOfficeEndpoints.reviewQueue, { query: { state } });
      for (const s of queue.submissions) out(`${s.id}  ${s.stationId}  ${s.kind}  ${s.participationYear}  ${s.state}  ${s.receivedAt}  engine=${s.evaluation.engine}`);
      out(`${queue.submissions.length} submission(s)`);
      return;
    }
    case 'accept':
    case 'reject':
    case 'fields': {
      if (!id) throw new Error(usage);
      const fields = rest.map((f) => {
        const m = /^(\d{1,2})=(accept|reject)$/.exec(f);
        if (!m) throw new Error(`not a field decision: ${f} (expected N=accept or N=reject)`);
        return { measure: Number(m[1]), decision: m[2] === 'accept' ? ('accepted' as const) : ('rejected' as const), reason: m[2] === 'reject' ? (values.reason ?? null) : null };
      });
      const decision = command === 'accept' ? 'accepted' : command === 'reject' ? 'rejected' : fields.every((f) => f.decision === 'accepted') ? 'accepted' : fields.every((f) => f.decision === 'rejected') ? 'rejected' : 'partially-accepted';
      const result = await call(backOfficeEndpoints.decide, { params: { id }, body: { decision, reason: values.reason, fields, reviewer } });
      out(`decision ${result.seq}: ${result.submissionId} ${result.decision}`);
      return;
    }
    default:
      throw new Error(usage);
  }
}

if (process.argv[1] && /review\.ts$/.test(process.argv[1])) {
  runReview(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
