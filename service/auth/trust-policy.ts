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
  /**
   * The kiosk's second factor, per person across all stations: wrong answers before the lock, how
   * long the lock holds (also how long earlier failures are remembered), and how long a kiosk
   * approval code is valid in the member's app.
   */
  identity: { maxAttempts: number; lockHours: number; approvalSeconds: number };
}

export const defaultTrustPolicy: TrustPolicy = {
  memberSearch: { perStationPerHour: 120, perStaffPerHour: 60 },
  declarationToleranceHours: 96,
  // Three tries a day per person, whichever kiosks they are made at: years for the postal codes.
  identity: { maxAttempts: 3, lockHours: 24, approvalSeconds: 120 },
};

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max).optional();

export const TrustEnv = z.object({
  /** Member searches per clerk station per hour, and per staff member per hour (all stations). */
  SERVICE_SEARCH_PER_STATION_HOUR: positiveInt(100_000),
  SERVICE_SEARCH_PER_STAFF_HOUR: positiveInt(100_000),
  /** Hours a declaration may be dated before its receipt (offline field days); older ones go to review. */
  SERVICE_DECLARATION_TOLERANCE_HOURS: positiveInt(24 * 60),
  /** The kiosk's second factor: wrong answers per person before the lock, its hours, and the app approval's seconds. */
  SERVICE_IDENTITY_MAX_ATTEMPTS: positiveInt(10),
  SERVICE_IDENTITY_LOCK_HOURS: positiveInt(24 * 30),
  SERVICE_KIOSK_APPROVAL_SECONDS: positiveInt(900),
});

export function trustPolicyFromEnv(env: z.infer<typeof TrustEnv>): TrustPolicy {
  const d = defaultTrustPolicy;
  return {
    memberSearch: { perStationPerHour: env.SERVICE_SEARCH_PER_STATION_HOUR ?? d.memberSearch.perStationPerHour, perStaffPerHour: env.SERVICE_SEARCH_PER_STAFF_HOUR ?? d.memberSearch.perStaffPerHour },
    declarationToleranceHours: env.SERVICE_DECLARATION_TOLERANCE_HOURS ?? d.declarationToleranceHours,
    identity: {
      maxAttempts: env.SERVICE_IDENTITY_MAX_ATTEMPTS ?? d.identity.maxAttempts,
      lockHours: env.SERVICE_IDENTITY_LOCK_HOURS ?? d.identity.lockHours,
      approvalSeconds: env.SERVICE_KIOSK_APPROVAL_SECONDS ?? d.identity.approvalSeconds,
    },
  };
}

/** A partial policy (tests, main.ts) over the defaults. */
export function trustPolicy(overrides: { memberSearch?: Partial<TrustPolicy['memberSearch']>; declarationToleranceHours?: number; identity?: Partial<TrustPolicy['identity']> } = {}): TrustPolicy {
  return {
    memberSearch: { ...defaultTrustPolicy.memberSearch, ...overrides.memberSearch },
    declarationToleranceHours: overrides.declarationToleranceHours ?? defaultTrustPolicy.declarationToleranceHours,
    identity: { ...defaultTrustPolicy.identity, ...overrides.identity },
  };
}
