import { describe, expect, it } from 'vitest';
import type { SubmissionUpload } from '../../main/contract/service-api';
import { evaluateWithDomain, type MemberFacts } from './evaluate';

const adult: MemberFacts = { ref: 'm1', birthDate: '1980-04-02', declarations: [{ year: 2026, declaredAt: new Date('2026-01-10T09:00:00Z') }] };
const base: SubmissionUpload = {
  id: '5b0e4a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c',
  kind: 'measures',
  createdAt: '2026-11-20T10:00:00.000Z',
  participationYear: 2026,
  member: { kvnr: 'A123457895' },
  measures: [{ measure: 12, performedOn: '2026-03-04', evidence: [{ kind: 'photo' }] }],
};
const received = new Date('2026-11-21T10:00:00Z');

describe('service re-evaluation with the shared rules engine', () => {
  it("computes the amount itself and flags a station claim that differs", () => {
    expect(evaluateWithDomain({ ...base, stationClaim: { totalCents: 1000 } }, adult, received)).toMatchObject({ engine: 'evaluated', totalCents: 1000, findings: [] });
    const inflated = evaluateWithDomain({ ...base, stationClaim: { totalCents: 5000 } }, adult, received);
    expect(inflated.totalCents).toBe(1000);
    expect(inflated.findings).toContain('station-claim.differs');
  });

  it('credits nothing without a participation declaration for the year', () => {
    const result = evaluateWithDomain(base, { ...adult, declarations: [] }, received);
    expect(result.totalCents).toBe(0);
    expect(result.findings).toContain('participation.not_declared');
  });

  it('says so when the member is unknown to the insurer', () => {
    expect(evaluateWithDomain(base, null, received)).toMatchObject({ totalCents: null, findings: ['member.unknown'] });
  });
});
