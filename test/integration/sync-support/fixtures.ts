import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SubmissionUpload } from '../../../main/contract/service-api';

/** Made-up members: valid KVNR check digits (docs/egk-card.md), invented names, no real person. */
export const member = {
  kvnr: 'A123457895',
  cardNumber: '80276001234567890123',
  firstName: 'Erika',
  lastName: 'Testfrau',
  birthDate: '1980-04-02',
  bank: { iban: 'DE89370400440532013000', accountHolder: 'Erika Testfrau' },
  participation: [{ year: 2026, program: 'adult' as const, declaredAt: '2026-01-10T09:00:00.000Z' }],
  credited: [{ year: 2026, measures: [1, 7] }],
};
export const child = { kvnr: 'B123457897', cardNumber: '80276001234567890999', firstName: 'Max', lastName: 'Testfrau', birthDate: '2016-05-01', parentKvnr: member.kvnr };

export function evidenceImage(bytes: number, seed?: string): { data: Buffer; sha256: string } {
  const data = seed ? Buffer.alloc(bytes, seed) : randomBytes(bytes);
  return { data, sha256: createHash('sha256').update(data).digest('hex') };
}

export function submission(overrides: Partial<SubmissionUpload> = {}, blobs: { sha256: string; size: number }[] = []): SubmissionUpload {
  return {
    id: randomUUID(),
    kind: 'measures',
    // A few minutes before it is delivered (the service sends a capture dated far back to review).
    createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    participationYear: 2026,
    member: { kvnr: member.kvnr, cardNumber: member.cardNumber },
    measures: [{ measure: 12, performedOn: '2026-03-04', evidence: blobs.map((b) => ({ kind: 'photo', blob: { sha256: b.sha256, size: b.size, mediaType: 'image/jpeg' } })) }],
    stationClaim: { totalCents: 1000 },
    ...overrides,
  };
}
