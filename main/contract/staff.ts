import { z } from 'zod';
import { method } from './define';

export const staffRoles = ['clerk', 'field', 'admin'] as const;
export const StaffRole = z.enum(staffRoles);
export type StaffRole = z.infer<typeof StaffRole>;

export const StaffId = z.string().max(4096).regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'lower-case letters, digits, ".", "_" or "-", 2 to 32 characters');

export const StaffSessionView = z.object({
  staffId: z.string().max(4096),
  displayName: z.string().max(4096),
  role: StaffRole,
  signedInAt: z.string().max(4096),
  /** When the session ends unless there is activity before. */
  expiresAt: z.string().max(4096),
});
export type StaffSessionView = z.infer<typeof StaffSessionView>;

export const SignInResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), session: StaffSessionView }),
  z.object({
    ok: z.literal(false),
    /**
     * invalid: id or password wrong, or the account locked after too many tries (never which);
     * disabled and role (this account may not work at this kind of station) only after the right password.
     */
    reason: z.enum(['invalid', 'disabled', 'role']),
  }),
]);
export type SignInResult = z.infer<typeof SignInResult>;

export const StaffSessionEvent = z.object({
  state: z.enum(['signed-in', 'signed-out']),
  session: StaffSessionView.nullable(),
  /** Why a session ended: the person signed out, or it expired after inactivity. */
  reason: z.enum(['signed-out', 'expired']).optional(),
});
export type StaffSessionEvent = z.infer<typeof StaffSessionEvent>;

export const staffMethods = {
  staffSignIn: method(z.object({ staffId: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict(), SignInResult),
  staffSignOut: method(z.object({}).strict(), z.object({ signedOut: z.boolean() })),
  getStaffSession: method(z.object({}).strict(), StaffSessionView.nullable()),
  /** The renderer reports activity (throttled); an inactive session ends by itself. */
  touchStaffSession: method(z.object({}).strict(), StaffSessionView.nullable()),
};

export const staffEvents = {
  staffSession: StaffSessionEvent,
};
