import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SubmissionUpload } from '../../main/contract/service-api';
import { ServiceApi } from '../../main/sync/service-api-client';
import { generateStationKey, loadPrivateKey, type StationIdentity } from '../../main/sync/station-key';
import { LinkShaper, linkProfiles } from '../../test/support/link-shaper';

/**
 * One simulated station of the load generator: its own Ed25519 key, enrolled like a real one,
 * its own branch link (a LinkShaper with the branch-dsl profile), and the requests a kiosk, a
 * clerk desk or a field desk makes, signed and validated by the station's real ServiceApi.
 */
export type StationRole = 'kiosk' | 'clerk' | 'field';

export interface Sample {
  /** Request time as the station saw it, through its link. */
  ms: number;
  ok: boolean;
  /** What went wrong, for the report's error tally. */
  error?: string;
}

export interface LoadMembers {
  kvnrs: string[];
  fieldEventId: string;
}

const photoBytes = Number(process.env.BENCH_LOAD_PHOTO_KB ?? 40) * 1024;
const cropBytes = 8 * 1024;
const clerkBatch = 10;
const fieldBatch = 5;

function blob(bytes: number): { data: Buffer; sha256: string } {
  const data = randomBytes(bytes);
  return { data, sha256: createHash('sha256').update(data).digest('hex') };
}

export class SimulatedStation {
  private api!: ServiceApi;
  private shaper!: LinkShaper;
  private identity!: StationIdentity;
  private serial = 0;

  constructor(
    readonly stationId: string,
    readonly role: StationRole,
    private readonly members: LoadMembers,
    private readonly record: (sample: Sample) => void,
  ) {}

  /** Enrolls with a one-time token (directly, as the installer would) and puts the branch link in front of the service. */
  async start(serviceUrl: string, enrollmentToken: string, seed: number): Promise<void> {
    const key = generateStationKey();
    const enrolling = ServiceApi.create({ baseUrl: serviceUrl });
    await enrolling.call('enroll', { body: { token: enrollmentToken, stationId: this.stationId, mode: this.role, publicKey: key.publicKeyBase64 } });
    enrolling.close();
    this.identity = { stationId: this.stationId, privateKey: loadPrivateKey(key.privateKeyDer) };
    this.shaper = LinkShaper.forUrl(serviceUrl, linkProfiles['branch-dsl'], seed);
    this.api = ServiceApi.create({ baseUrl: await this.shaper.start(), timeoutMs: 30_000 }, () => this.identity);
  }

  async stop(): Promise<void> {
    this.api.close();
    await this.shaper.stop();
  }

  /** One unit of the role's work; resolves with the number of submissions it delivered. */
  async work(): Promise<number> {
    if (this.role === 'kiosk') return this.kioskCapture();
    if (this.role === 'clerk') return this.clerkBatch();
    return this.fieldCheckIns();
  }

  private async timed<T>(request: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const answer = await request();
      this.record({ ms: performance.now() - started, ok: true });
      return answer;
    } catch (error) {
      this.record({ ms: performance.now() - started, ok: false, error: error instanceof Error ? error.message.slice(0, 120) : String(error) });
      throw error;
    }
  }

  private member(): string {
    return this.members.kvnrs[Math.floor(Math.random() * this.members.kvnrs.length)]!;
  }

  private submission(kind: SubmissionUpload['kind'], measure: number, evidence: SubmissionUpload['measures'][number]['evidence'], extra: Partial<SubmissionUpload> = {}): SubmissionUpload {
    this.serial++;
    return { id: randomUUID(), kind, createdAt: new Date().toISOString(), participationYear: 2026, member: { kvnr: this.member() }, measures: [{ measure, performedOn: '2026-03-04', evidence }], ...extra };
  }

  /** A member's photo of a certificate, then the capture. */
  private async kioskCapture(): Promise<number> {
    const photo = blob(photoBytes);
    await this.timed(() => this.api.call('uploadBlob', { params: { sha256: photo.sha256 }, query: { mediaType: 'image/jpeg' }, bytes: photo.data }));
    const body = this.submission('measures', 1 + (this.serial % 4), [{ kind: 'photo', blob: { sha256: photo.sha256, size: photo.data.length, mediaType: 'image/jpeg' } }]);
    await this.timed(() => this.api.call('putSubmission', { params: { id: body.id }, body }));
    return 1;
  }

  /** A booked batch of scanned booklet pages: a field crop each, then all submissions at once. */
  private async clerkBatch(): Promise<number> {
    const crops = Array.from({ length: clerkBatch }, () => blob(cropBytes));
    await Promise.all(crops.map((c) => this.timed(() => this.api.call('uploadBlob', { params: { sha256: c.sha256 }, query: { mediaType: 'image/png' }, bytes: c.data }))));
    const submissions = crops.map((c, i) => this.submission('measures', 7 + (i % 4), [{ kind: 'booklet-stamp', blob: { sha256: c.sha256, size: c.data.length, mediaType: 'image/png' } }]));
    const answer = await this.timed(() => this.api.call('submitBatch', { body: { submissions } }));
    return answer.results.filter((r) => r.ok).length;
  }

  /** Check-ins at a company health day, synced a few at a time. */
  private async fieldCheckIns(): Promise<number> {
    const submissions = Array.from({ length: fieldBatch }, () => this.submission('field-checkin', 5, [{ kind: 'event-confirmation' }], { fieldEventId: this.members.fieldEventId }));
    const answer = await this.timed(() => this.api.call('submitBatch', { body: { submissions } }));
    return answer.results.filter((r) => r.ok).length;
  }
}
