import { z } from 'zod';

/**
 * The service's settings for the trust model (docs/security.md): how often a clerk desk may
 * search members and how far before its receipt a declaration may be dated. Plain numbers
 * with safe defaults; `npm run service` reads them from the environment (trustPolicyFromEnv).
 */
export interface TrustPolicy {
  memberSearch: { perStationPerHour: number; perStaffPerHour: number };
  /**
   * How long before its receipt a declaration (or another capture) may be dated and still count
   * on its own: a field desk offline over a weekend delivers days later. Older ones go to review.
   */
  declarationToleranceHours: number;
}

export const defaultTrustPolicy: TrustPolicy = {
  memberSearch: { perStationPerHour: 120, perStaffPerHour: 60 },
  declarationToleranceHours: 96,
};

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max).optional();

export const TrustEnv = z.object({
  /** Member searches per clerk station per hour, and per staff member per hour (all stations). */
  SERVICE_SEARCH_PER_STATION_HOUR: positiveInt(100_000),
  SERVICE_SEARCH_PER_STAFF_HOUR: positiveInt(100_000),
  /** Hours a declaration may be dated before its receipt (offline field days); older ones go to review. */
  SERVICE_DECLARATION_TOLERANCE_HOURS: positiveInt(24 * 60),
});

export function trustPolicyFromEnv(env: z.infer<typeof TrustEnv>): TrustPolicy {
  const d = defaultTrustPolicy;
  return {
    memberSearch: { perStationPerHour: env.SERVICE_SEARCH_PER_STATION_HOUR ?? d.memberSearch.perStationPerHour, perStaffPerHour: env.SERVICE_SEARCH_PER_STAFF_HOUR ?? d.memberSearch.perStaffPerHour },
    declarationToleranceHours: env.SERVICE_DECLARATION_TOLERANCE_HOURS ?? d.declarationToleranceHours,
  };
}

/** A partial policy (tests, main.ts) over the defaults. */
export function trustPolicy(overrides: { memberSearch?: Partial<TrustPolicy['memberSearch']>; declarationToleranceHours?: number } = {}): TrustPolicy {
  return {
    memberSearch: { ...defaultTrustPolicy.memberSearch, ...overrides.memberSearch },
    declarationToleranceHours: overrides.declarationToleranceHours ?? defaultTrustPolicy.declarationToleranceHours,
  };
}
