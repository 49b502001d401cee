// Field check-in: software time per check-in (decide + record + queue, excluding card I/O;
// target ≤ 150 ms) over an event of 2,000 employees, on a real encrypted station database.
// The card side (insert → session ready on vpcd) is measured by bench/kiosk-card and bench/card-read.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CardSession } from '../main/contract';
import { kvnrCheckDigit } from '../main/domain/kvnr';
import { FieldService } from '../main/field/field-service';
import { EventHub } from '../main/host/event-hub';
import { createLogger } from '../main/log/logger';
import { openStationDatabase } from '../main/store/database';
import { environment, median, round } from './support';

const people = 2000;
const dir = mkdtempSync(join(tmpdir(), 'bench-field-'));
const store = openStationDatabase({ path: join(dir, 'station.db'), key: randomBytes(32) });
try {
  const log = createLogger('bench', () => {});
  const events = new EventHub(log, { withheld: ['cardSessions'] });
  const staff = { staffId: 'f.admin', displayName: 'F', role: 'admin' as const, signedInAt: '', expiresAt: '' };
  const field = new FieldService({ db: store.db, events, log, stationId: 'bench', requireStaff: () => staff });
  field.start();
  const today = new Date().toISOString().slice(0, 10);
  field.select(field.createEvent({ title: 'Gesundheitstag', company: 'Bench AG', date: today, measure: 5 }).id);
  let done = 0;
  events.subscribeInternal((name) => name === 'fieldCheckIn' && done++);
  const samples: number[] = [];
  for (let i = 0; i < people; i++) {
    const serial = String(10_000_000 + i * 37).slice(0, 8);
    const body = `A${serial}`;
    const kvnr = `${body}${kvnrCheckDigit(body)}`;
    const session: CardSession = {
      sessionId: `s${i}`,
      reader: 'R',
      insertedAt: '',
      state: 'ready',
      person: { kvnr, title: null, firstName: 'Erika', namePrefix: null, lastName: 'Muster', nameSuffix: null, birthDate: '1980-01-01', sex: 'W', address: null },
      cover: { insurerIk: '109999990', insurerName: 'X', insurerCountryCode: 'D', coverStart: '2015-01-01', coverEnd: null, insuredType: 'member', insuredTypeCode: '1' },
      card: { iccsn: '80276883110000012345', iccsnLastFour: '2345', generation: 'G2', statusVdTimestamp: null, updatePending: false, schemaVersion: '5.2' },
    };
    const started = performance.now();
    events.publish('cardSessions', { sessions: [session] });
    samples.push(performance.now() - started);
    events.publish('cardSessions', { sessions: [] });
  }
  const queued = store.db.prepare("SELECT count(*) FROM sync_outbox WHERE state = 'pending'").pluck().get() as number;
  const p95 = [...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.95)]!;
  process.stdout.write(
    `${JSON.stringify({
      name: 'field-checkin',
      checkIns: done,
      queuedSubmissions: queued,
      softwareMsPerCheckIn: { median: round(median(samples), 2), p95: round(p95, 2), max: round(Math.max(...samples), 2) },
      target: { softwareMsPerCheckIn: 150 },
      met: median(samples) <= 150,
      environment: environment(),
    })}\n`,
  );
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
