import { z } from 'zod';
import { method } from './define';
import { submissionKinds } from './service-api';
import { SyncStatus } from './status';

/**
 * The staff's sync view on clerk and field stations: the live status (the `syncStatus` event),
 * the submissions the service refused for good and that stay on the station, and "sync now".
 * Nothing here names a person: a submission is shown by its reference, kind and time.
 */
export const SetAsideSubmission = z.object({
  /** The reference a member's receipt shows ("BA-XXXX-XXXX"). */
  reference: z.string().max(4096),
  /** Null when the payload is no longer on the station. */
  kind: z.enum(submissionKinds).nullable(),
  createdAt: z.string().max(4096),
  attempts: z.number().int().nonnegative(),
  /** What the service answered, in plain German (main/sync/status-text.ts). */
  error: z.string().max(4096).nullable(),
});
export type SetAsideSubmission = z.infer<typeof SetAsideSubmission>;

export const SyncOverview = z.object({
  /** False when the station has no central service configured (service.url null). */
  enabled: z.boolean(),
  status: SyncStatus,
  setAside: z.array(SetAsideSubmission),
  /** More set-aside submissions exist than the list carries. */
  setAsideTotal: z.number().int().nonnegative(),
});
export type SyncOverview = z.infer<typeof SyncOverview>;

export const syncMethods = {
  /** For signed-in staff on clerk and field stations. */
  getSyncOverview: method(z.object({}).strict(), SyncOverview),
  /** Starts a sync round now instead of waiting for the next one; the outcome arrives as `syncStatus`. */
  syncNow: method(z.object({}).strict(), z.object({ requested: z.literal(true) })),
};
