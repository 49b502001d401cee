import { z } from 'zod';
import { calendarDateSchema, ruleParametersSchema } from '../case/schema';
import { type Condition, type Measure, type RuleSet, type Schedule, evidenceKinds } from './measure';

/**
 * A rule set as data on the wire: stations pull catalog versions from the central service
 * (docs/architecture.md, "Store and sync"), so a catalog is validated like any other input before it is used.
 */

const localizedTextSchema = z.object({ de: z.string().min(1), en: z.string().min(1) });

const age = z.number().int().min(0).max(130);

export const scheduleSchema: z.ZodType<Schedule> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('once_per_year') }),
    z.object({ kind: z.literal('each_half_year'), bothHalvesParameter: z.literal('teenDentalHalfYears').optional() }),
    z.object({
      kind: z.literal('by_age'),
      bands: z
        .array(z.object({ fromAge: age, belowAge: age.optional(), schedule: scheduleSchema, note: localizedTextSchema.optional() }))
        .min(1),
    }),
    z.object({ kind: z.literal('check_up'), onceFromAge: age, intervalFromAge: age, intervalYears: z.number().int().positive() }),
  ]),
);

export const conditionSchema: z.ZodType<Condition> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('min_age'), years: age }),
  z.object({ kind: z.literal('excluded_activities'), activities: z.array(z.string().min(1)) }),
  z.object({ kind: z.literal('topics'), allowed: z.array(z.string().min(1)).min(1) }),
  z.object({ kind: z.literal('measured_value'), unit: z.string().min(1), min: z.number().optional(), max: z.number().optional() }),
  z.object({ kind: z.literal('statement'), statement: z.string().min(1) }),
]);

export const measureSchema: z.ZodType<Measure> = z.object({
  number: z.number().int().positive(),
  program: z.enum(['adult', 'child']),
  category: z.enum(['aktiv', 'bonus', 'check']),
  title: localizedTextSchema,
  description: localizedTextSchema,
  evidence: z.array(z.enum(evidenceKinds)).min(1),
  schedule: scheduleSchema,
  conditions: z.array(conditionSchema),
  overflowTo: z.number().int().positive().optional(),
});

export const ruleSetSchema: z.ZodType<RuleSet> = z
  .object({
    id: z.string().min(1),
    version: z.string().min(1),
    validFrom: calendarDateSchema,
    title: localizedTextSchema,
    measures: z.array(measureSchema).min(1),
    adultAmountPerFieldCents: z.number().int().nonnegative(),
    childAmountCents: z.number().int().nonnegative(),
    submissionDeadline: z.string().regex(/^\d{2}-\d{2}$/, { message: 'expected MM-DD' }),
    ownParticipationFromAge: age,
    parameters: ruleParametersSchema,
  })
  .superRefine((ruleSet, ctx) => {
    const numbers = new Set<number>();
    ruleSet.measures.forEach((m, i) => {
      if (numbers.has(m.number)) ctx.addIssue({ code: 'custom', message: `measure ${m.number} appears twice`, path: ['measures', i, 'number'] });
      numbers.add(m.number);
    });
    ruleSet.measures.forEach((m, i) => {
      if (m.overflowTo !== undefined && !numbers.has(m.overflowTo)) {
        ctx.addIssue({ code: 'custom', message: `overflow to unknown measure ${m.overflowTo}`, path: ['measures', i, 'overflowTo'] });
      }
    });
  });

/** Validates a catalog received as data (e.g. pulled from the central service). */
export function parseRuleSet(input: unknown): { ok: true; value: RuleSet } | { ok: false; issues: { path: string; message: string }[] } {
  const result = ruleSetSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })) };
}
