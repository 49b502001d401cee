import { z } from 'zod';
import { isCalendarDate } from '../calendar/calendar-date';
import { parseInstant } from '../calendar/berlin-time';
import { evidenceKinds } from '../catalog/measure';

/**
 * The input of an evaluation ("case"): one participant, one year, that year's records. The
 * station, the CLI and the central service all validate with these schemas.
 */

export const calendarDateSchema = z.string().refine(isCalendarDate, { message: 'expected YYYY-MM-DD' });
export const instantSchema = z
  .string()
  .refine((s) => parseInstant(s) !== null, { message: 'expected an ISO 8601 instant with offset, e.g. 2027-06-30T23:59:00+02:00' });

export const membershipPeriodSchema = z
  .object({ from: calendarDateSchema, to: calendarDateSchema.optional() })
  .refine((p) => p.to === undefined || p.from <= p.to, { message: 'membership ends before it starts', path: ['to'] });

/** §1, §4: when, how and by whom participation was declared, with the §284 SGB V consent. */
export const declarationSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  declaredOn: calendarDateSchema,
  declaredAt: instantSchema.optional(),
  channel: z.enum(['kiosk', 'app', 'paper', 'clerk', 'field', 'submission']),
  declaredBy: z.object({
    role: z.enum(['self', 'legal_representative']),
    personRef: z.string().min(1),
  }),
  consentSgbV284: z.boolean(),
  termsVersion: z.string().min(1),
  /** §2.1: declared together with submitting the measures of this earlier year. */
  renewalOfYear: z.number().int().optional(),
  /** §3.2: participation ended during the year on this day (the last day that counts). */
  endedOn: calendarDateSchema.optional(),
});

export const payoutSchema = z.object({
  id: z.string().min(1),
  year: z.number().int(),
  amountCents: z.number().int().nonnegative(),
  paidOn: calendarDateSchema,
});

/** §2.5: suspicion, hearing and exclusion as recorded by the insurer. */
export const misuseSchema = z.object({
  suspicionRaisedOn: calendarDateSchema.optional(),
  /** The insurer found the suspicion unfounded (after the hearing, or without one). */
  suspicionClearedOn: calendarDateSchema.optional(),
  hearing: z.object({ heldOn: calendarDateSchema, heardBy: z.string().min(1) }).optional(),
  exclusion: z
    .object({
      excludedOn: calendarDateSchema,
      decidedBy: z.string().min(1),
      /** Participation years whose fields are forfeited; the year of excludedOn when absent. */
      forfeitedYears: z.array(z.number().int()).optional(),
    })
    .optional(),
});

export const participantSchema = z.object({
  ref: z.string().min(1),
  birthDate: calendarDateSchema,
  /** The primary insured who acts as legal representative for a child (§1, §2.2.2). */
  primaryInsuredRef: z.string().min(1).optional(),
  memberships: z.array(membershipPeriodSchema),
  /** Optional: the program on record; the engine checks it against the application day. */
  program: z.enum(['adult', 'child']).optional(),
  declarations: z.array(declarationSchema),
  history: z
    .object({
      /** Dates of earlier check-ups (measure 7), for the once/every-three-years rule. */
      checkUps: z.array(calendarDateSchema).default([]),
      payouts: z.array(payoutSchema).default([]),
    })
    .default({ checkUps: [], payouts: [] }),
  misuse: misuseSchema.optional(),
});

export const measureRecordSchema = z.object({
  id: z.string().min(1),
  /** Whose measure this is; §2.4 forbids counting it for anyone else. */
  participantRef: z.string().min(1),
  measure: z.number().int().positive(),
  /** The day the measure was performed. */
  date: calendarDateSchema,
  evidence: z.enum(evidenceKinds),
  review: z.enum(['accepted', 'pending', 'rejected']),
  /** Field of action of a course (movement, nutrition, relaxation, addiction, active_week, online_*). */
  topic: z.string().optional(),
  /** What kind of activity it was, e.g. competition or mandatory_school_event (never count). */
  activity: z.string().optional(),
  /** The company health action (5/6); the same action counts once. */
  eventId: z.string().optional(),
  measuredValue: z.object({ value: z.number(), unit: z.string() }).optional(),
  statement: z.string().optional(),
});

export const ruleParametersSchema = z.object({
  childBonus: z.enum(['per_measure', 'once_per_year']),
  checkUpOnceScope: z.enum(['age_band', 'participation_year']),
  checkUpInterval: z.enum(['calendar_years', 'exact_date']),
  teenDentalHalfYears: z.enum(['both', 'either']),
});

export const evaluationCaseSchema = z.object({
  participant: participantSchema,
  year: z.number().int().min(2000).max(2100),
  records: z.array(measureRecordSchema).superRefine((records, ctx) => {
    // A record id names one proof; a repeated id would make the verdicts ambiguous.
    const seen = new Set<string>();
    records.forEach((record, index) => {
      if (seen.has(record.id)) ctx.addIssue({ code: 'custom', message: `duplicate record id "${record.id}"`, path: [index, 'id'] });
      seen.add(record.id);
    });
  }),
  /** The moment of evaluation (instant with offset, or a Berlin date meaning the end of that day). */
  asOf: z.union([instantSchema, calendarDateSchema]).optional(),
  /** When the year's bonus was submitted (§2.1 deadline). */
  submittedAt: instantSchema.optional(),
  /** Read an open point differently than the rule set's default. */
  parameters: ruleParametersSchema.partial().optional(),
});

export type MembershipPeriod = z.infer<typeof membershipPeriodSchema>;
export type Declaration = z.infer<typeof declarationSchema>;
export type Payout = z.infer<typeof payoutSchema>;
export type MisuseRecord = z.infer<typeof misuseSchema>;
export type Participant = z.infer<typeof participantSchema>;
export type MeasureRecord = z.infer<typeof measureRecordSchema>;
export type EvaluationCase = z.infer<typeof evaluationCaseSchema>;
/** What callers may pass before defaults are applied (history may be left out). */
export type EvaluationCaseInput = z.input<typeof evaluationCaseSchema>;

export interface CaseIssue {
  /** Dotted path of the offending field, e.g. "records.2.date". */
  path: string;
  message: string;
}

export type ParsedCase = { ok: true; value: EvaluationCase } | { ok: false; issues: CaseIssue[] };

/** Validates untrusted input (JSON from a file, the network or IPC). */
export function parseEvaluationCase(input: unknown): ParsedCase {
  const result = evaluationCaseSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message })),
  };
}
