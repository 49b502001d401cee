// eGK read timings (issue 4 targets), printed as one JSON object:
// - APDUs per full read of a fresh G2 card (target ≤ 6 with extended length);
// - software time per read excluding card I/O: read logic, gunzip, ISO-8859-15, XML, mapping,
//   validation (target ≤ 20 ms), measured in-process against the virtual card program;
// - time from pcscd reporting the card (SCardGetStatusChange returns) to the session events
//   (target ≤ 100 ms on top of pcscd's polling), measured through the real pcscd + vpcd.
// Run: npx tsx bench/card-read.bench.ts   (the real-stack part needs pcscd with vsmartcard-vpcd:
// test/services/pcscd.start.sh; without it that part reports why it was skipped).
import { readHealthCard } from '../main/card/read-card';
import { localDate, validateCard } from '../main/card/validate-card';
import type { CardReadMetrics } from '../main/card/card-session-service';
import type { CardChannel } from '../native/card/card-reader';
import { ourInsurer, virtualCard } from '../test/virtual-egk/cards';
import { EgkCardProgram } from '../test/virtual-egk/egk-card';
import { realCardHarness } from '../test/virtual-egk/harness';
import { readFileSync } from 'node:fs';
import { acquireVpcdLock, pcscdPid, pcscUnavailableReason, vpcdReaders } from '../test/virtual-egk/pcsc-env';
import { VirtualCardSlot } from '../test/virtual-egk/vpcd-link';
import { environment, median, round } from './support';

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))] ?? NaN;

/** In-process: the card program answers instantly, so what remains is the station's own work. */
async function softwareTime(cardName: string, runs: number) {
  const image = virtualCard(cardName).image;
  const samples: number[] = [];
  let apdus = 0;
  let extendedLength = false;
  for (let i = 0; i < runs + 20; i++) {
    const program = new EgkCardProgram(image);
    const channel: CardChannel = { reader: 'bench', atr: program.atr, protocol: 'T=1', transmit: async (apdu) => program.transmit(apdu), disconnect() {} };
    const started = performance.now();
    const result = await readHealthCard(channel);
    if (!result.ok) throw new Error(`virtual card ${cardName} did not read: ${result.detail}`);
    validateCard(result.data, { insurerIks: [ourInsurer.ik] }, localDate(new Date()));
    const total = performance.now() - started;
    if (i >= 20) samples.push(total - result.stats.cardIoMs); // the first 20 warm the JIT
    apdus = result.stats.apdus;
    extendedLength = result.stats.extendedLength;
  }
  return { card: cardName, apdus, extendedLength, softwareMsMedian: round(median(samples), 2), softwareMsP95: round(p95(samples), 2) };
}

/** Whether the running pcscd carries the test-only TCP_NODELAY shim (see test/services/pcscd.start.sh). */
function tcpNoDelayShimLoaded(): boolean | null {
  const pid = pcscdPid();
  try {
    return pid === null ? null : readFileSync(`/proc/${pid}/maps`, 'utf8').includes('tcp-nodelay');
  } catch {
    return null;
  }
}

async function realStack(runs: number) {
  const unavailable = pcscUnavailableReason();
  if (unavailable) return { skipped: unavailable };
  const release = await acquireVpcdLock();
  const h = realCardHarness();
  const slot = new VirtualCardSlot(vpcdReaders[0].port);
  const image = virtualCard('mueller').image;
  const samples: { pollMs: number; toReadingMs: number; toResultMs: number; apdus: number; cardIoMs: number; softwareMs: number }[] = [];
  try {
    h.service.start();
    await h.until('the reader', () => h.status()?.state === 'ready');
    for (let i = 0; i < runs; i++) {
      const before = h.reads.length;
      const inserted = performance.now();
      await slot.insert(new EgkCardProgram(image));
      await h.until('the read', () => h.reads.length > before);
      const m = h.reads.at(-1) as CardReadMetrics;
      if (m.outcome !== 'ready' || !m.timing) throw new Error(`read ${i} ended as ${m.outcome}`);
      samples.push({
        pollMs: m.detectedAt - inserted,
        toReadingMs: m.readingPublishedAt - m.detectedAt,
        toResultMs: m.resultPublishedAt - m.detectedAt,
        apdus: m.timing.apdus,
        cardIoMs: m.timing.cardIoMs,
        softwareMs: m.timing.softwareMs,
      });
      await new Promise((r) => setTimeout(r, 500 - Math.min(500, performance.now() - inserted)));
      await slot.remove();
      await h.until('the removal', () => h.service.sessions().length === 0);
    }
  } finally {
    await slot.remove();
    await h.service.stop();
    release();
  }
  const col = (k: keyof (typeof samples)[number]) => samples.map((s) => s[k]);
  return {
    runs,
    vpcdTcpNoDelayShim: tcpNoDelayShimLoaded(),
    apdusPerRead: median(col('apdus')),
    insertToPcscdReportMsMedian: round(median(col('pollMs'))),
    pcscdReportToReadingEventMsMedian: round(median(col('toReadingMs')), 2),
    pcscdReportToReadyEventMsMedian: round(median(col('toResultMs'))),
    pcscdReportToReadyEventMsP95: round(p95(col('toResultMs'))),
    cardIoMsMedian: round(median(col('cardIoMs'))),
    cardIoMsPerApduMedian: round(median(samples.map((s) => s.cardIoMs / s.apdus))),
    softwareMsMedianOnRealStack: round(median(col('softwareMs')), 2),
  };
}

const inProcess = [await softwareTime('mueller', 200), await softwareTime('weissenfels', 200), await softwareTime('zuzek', 100)];
const real = await realStack(10);
const fresh = inProcess[0] as (typeof inProcess)[number];
process.stdout.write(
  `${JSON.stringify({
    name: 'card-read',
    apdusPerFullRead: fresh.apdus,
    apdusTarget: 6,
    softwareMsPerReadMedian: fresh.softwareMsMedian,
    softwareMsTarget: 20,
    inProcess,
    realStack: real,
    notes: [
      'softwareMs excludes card I/O (time inside transmit); in-process the card program answers instantly',
      'pcscdReportToReadingEventMs: from SCardGetStatusChange reporting the card to the "reading" session event',
      'pcscdReportToReadyEventMs: to the "ready" event with the data; dominated by card I/O over vpcd',
      'vpcd writes length and payload separately: without TCP_NODELAY on its socket (vpcdTcpNoDelayShim false), Nagle and delayed ACK add about 40 ms per APDU on loopback, a test-only artefact',
    ],
    environment: environment(),
  })}\n`,
);
