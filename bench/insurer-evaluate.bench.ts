// Evaluation of the whole insurer (issue 17): 185,000 members (the insurer's size in the case
// study) with a year of records each (ten on average), as a payout run or a changed catalog
// re-evaluates them. Four runs in one process, side by side:
//   validated:    one thread, every case through parseEvaluationCase, then evaluateYear (how a
//                 station's input is taken; the baseline),
//   trusted:      one thread, the cases as the service holds them (already checked when they were
//                 stored), straight into the full evaluateYear,
//   amounts:      one thread, the same cases on the amounts-only path (evaluateAmounts: no
//                 verdicts, texts or field statuses; what the service's evaluation job uses),
//   amounts-par:  the amounts-only run split over worker threads, one per core.
// Each member's case comes from its own seeded stream, so every run evaluates the same cases
// however they are split, and the checksum (earned cents of all members) shows they agree.
// Wall time counts from the moment all threads hold their cases to the last result; the CPU time
// is the process's over the same span. Target: 185,000 members ≤ 1 s. Prints one JSON object,
// with the load average and, from the CPU time, what the run takes on idle cores.
// Usage: npx tsx bench/insurer-evaluate.bench.ts   (BENCH_EVAL_MEMBERS=185000, BENCH_EVAL_THREADS=<cores>)
import { availableParallelism, loadavg } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { evaluateAmounts, evaluateYear, parseEvaluationCase, ruleSet2026 } from '../main/domain';
import { caseGenerator } from './evaluation-cases';
import { environment, round } from './support';

const members = Number(process.env.BENCH_EVAL_MEMBERS ?? 185_000);
const threads = Number(process.env.BENCH_EVAL_THREADS ?? availableParallelism());
const targetMs = 1000;

type Path = 'validated' | 'trusted' | 'amounts';

interface Shard {
  from: number;
  to: number;
  path: Path;
}

interface ShardResult {
  earnedCents: number;
  records: number;
}

/** A worker: builds its members' cases, says so, evaluates them when told to, answers with the sums. */
function shardWorker(): void {
  const { from, to, path } = workerData as Shard;
  const cases = Array.from({ length: to - from }, (_, i) => caseGenerator(20260101 + from + i)(from + i));
  parentPort!.once('message', () => {
    let earnedCents = 0;
    let records = 0;
    for (const c of cases) {
      if (path === 'amounts') earnedCents += evaluateAmounts(c, ruleSet2026).earnedCents;
      else {
        const input = path === 'validated' ? parseEvaluationCase(c) : { ok: true as const, value: c };
        if (!input.ok) throw new Error(`generated case ${c.participant.ref} is invalid`);
        earnedCents += evaluateYear(input.value, ruleSet2026).amount.earnedCents;
      }
      records += c.records.length;
    }
    parentPort!.postMessage({ earnedCents, records } satisfies ShardResult);
  });
  parentPort!.postMessage('ready');
}

async function run(name: string, count: number, path: Path) {
  const size = Math.ceil(members / count);
  const workers = Array.from({ length: count }, (_, i) => new Worker(import.meta.filename, { execArgv: ['--import', 'tsx'], workerData: { from: i * size, to: Math.min(members, (i + 1) * size), path } satisfies Shard }));
  const failed = new Promise<never>((_, fail) => workers.forEach((w) => w.once('error', fail)));
  await Promise.race([Promise.all(workers.map((w) => new Promise((ready) => w.once('message', ready)))), failed]);
  const load = loadavg()[0]!;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const results = Promise.all(workers.map((w) => new Promise<ShardResult>((done) => w.once('message', done))));
  for (const w of workers) w.postMessage('go');
  const shards = await Promise.race([results, failed]);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await Promise.all(workers.map((w) => w.terminate()));
  const cpuMs = (used.user + used.system) / 1000;
  return {
    name,
    threads: count,
    path,
    wallMs: round(wallMs),
    cpuMs: round(cpuMs),
    cpuUsPerMember: round((cpuMs * 1000) / members, 2),
    // On idle cores the wall time is the CPU time shared out over the threads.
    idleCoresMs: round(cpuMs / count),
    loadavg1AtStart: round(load, 2),
    records: shards.reduce((n, s) => n + s.records, 0),
    earnedCentsChecksum: shards.reduce((n, s) => n + s.earnedCents, 0),
  };
}

async function main(): Promise<void> {
  const load = [loadavg()];
  const validated = await run('validated', 1, 'validated');
  const trusted = await run('trusted', 1, 'trusted');
  const amounts = await run('amounts', 1, 'amounts');
  const parallel = await run('amounts-parallel', threads, 'amounts');
  load.push(loadavg());
  const runs = [validated, trusted, amounts, parallel];
  if (new Set(runs.map((r) => r.earnedCentsChecksum)).size !== 1) throw new Error('the runs disagree on what the members earned');
  process.stdout.write(
    `${JSON.stringify({
      bench: 'insurer-evaluate',
      members,
      records: trusted.records,
      runs,
      trustedVsValidatedCpu: round(trusted.cpuMs / validated.cpuMs, 3),
      amountsVsTrustedCpu: round(amounts.cpuMs / trusted.cpuMs, 3),
      parallelSpeedup: round(amounts.wallMs / parallel.wallMs, 2),
      target: { wallMs: targetMs, amountsMet: amounts.wallMs <= targetMs, amountsCpuMet: amounts.cpuMs <= targetMs, parallelMet: parallel.wallMs <= targetMs, parallelIdleCoresMet: parallel.idleCoresMs <= targetMs },
      cores: availableParallelism(),
      loadavg: load.map((l) => l.map((x) => round(x, 2))),
      ...environment(),
    })}\n`,
  );
}

if (isMainThread) await main();
else shardWorker();
