// The field-event member pseudonym (main/contract/service-api.ts, fieldMemberRefHash): what one
// hash costs at the desk (wall and CPU time, memory), what it costs to reverse one event's list
// over the whole KVNR space, and the fast HMAC it replaced, measured in the same run.
// Prints one JSON object. CPU time is the figure for a reversal: an attacker's cores are not
// shared with seven other jobs, while the wall time here depends on the machine's load.
import { createHmac, randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { fieldMemberRefHash } from '../main/contract/service-api';
import { memberPseudonym } from '../main/field/checkin-token';
import { environment, median, round } from './support';

/** Letters A–Z, eight digits; the check digit follows from them (§290 SGB V). */
const kvnrSpace = 26 * 10 ** 8;
const coreSecondsPerYear = 365.25 * 24 * 3600;
const hashes = 40;
const hmacs = 200_000;

const load = [loadavg()];
const secret = randomBytes(32).toString('base64');
const kvnrs = Array.from({ length: hashes }, (_, i) => `B${String(10_000_000 + i)}${i % 10}`);
memberPseudonym(secret, 'A000000000'); // warm-up
const wall: number[] = [];
const cpuStart = process.cpuUsage();
const rssBefore = process.memoryUsage().rss;
let rssPeak = rssBefore;
for (const kvnr of kvnrs) {
  const started = performance.now();
  memberPseudonym(secret, kvnr);
  wall.push(performance.now() - started);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}
const cpu = process.cpuUsage(cpuStart);
const cpuMsPerHash = (cpu.user + cpu.system) / 1000 / hashes;
load.push(loadavg());

// The HMAC-SHA256 pseudonym it replaced, over the same kind of input.
const key = Buffer.from(secret, 'base64');
const hmacCpuStart = process.cpuUsage();
for (let i = 0; i < hmacs; i++) createHmac('sha256', key).update(`B${String(10_000_000 + i)}0`).digest();
const hmacCpu = process.cpuUsage(hmacCpuStart);
const hmacUsPerHash = (hmacCpu.user + hmacCpu.system) / hmacs;
load.push(loadavg());

const { N, r, p } = fieldMemberRefHash;
process.stdout.write(
  `${JSON.stringify({
    name: 'field-ref-hash',
    parameters: { algorithm: 'scrypt', N, r, p, memoryMiB: (128 * N * r) / 1024 / 1024 },
    perCheckIn: {
      hashes,
      wallMedianMs: round(median(wall), 1),
      wallMaxMs: round(Math.max(...wall), 1),
      cpuMs: round(cpuMsPerHash, 1),
      rssGrowthMiB: round((rssPeak - rssBefore) / 1024 / 1024, 1),
    },
    reverseKvnrSpace: {
      kvnrs: kvnrSpace,
      scryptCoreYears: round((kvnrSpace * cpuMsPerHash) / 1000 / coreSecondsPerYear, 1),
      hmacCoreHours: round((kvnrSpace * hmacUsPerHash) / 1e6 / 3600, 2),
      hmacUsPerHash: round(hmacUsPerHash, 2),
      ratio: round((cpuMsPerHash * 1000) / hmacUsPerHash, 0),
    },
    loadAverage: load.map((l) => l.map((v) => round(v, 2))),
    environment: environment(),
  })}\n`,
);
