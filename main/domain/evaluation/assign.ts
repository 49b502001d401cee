import type { LocalizedText, Measure, RuleParameters } from '../catalog/measure';
import type { MeasureRecord } from '../case/schema';
import { type ReasonCode, reasonText } from './reasons';
import { type RecordContext, checkRecord } from './record-checks';
import { type RequirementGroup, requirementGroups, slotFor } from './slots';

export type RecordVerdictKind = 'counted' | 'in_review' | 'surplus' | 'rejected';

export interface RecordVerdict {
  recordId: string;
  /** The measure the record was entered for. */
  measure: number;
  /** The field it counts for; differs from `measure` when it overflowed (3 to 4, 5 to 6). */
  countedFor: number | null;
  verdict: RecordVerdictKind;
  reason: ReasonCode;
  text: LocalizedText;
}

/** Which record holds which slot of a field; accepted and pending proof kept apart. */
export interface FieldSlots {
  measure: Measure;
  groups: RequirementGroup[];
  accepted: Map<string, string>;
  pending: Map<string, string>;
  eventIds: Set<string>;
  /** Records entered for this measure that were rejected, in date order. */
  rejected: RecordVerdict[];
}

export function isFilled(slots: FieldSlots, includePending: boolean): boolean {
  return slots.groups.some((g) => g.slots.every((s) => slots.accepted.has(s) || (includePending && slots.pending.has(s))));
}

function byDateThenId(a: MeasureRecord, b: MeasureRecord): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const chains = new WeakMap<Measure, { chain: Measure[]; loops: boolean }>();

/** The fields a record for `target` may fill, in order; cached, catalogs are immutable data. */
function chainOf(target: Measure, measures: ReadonlyMap<number, Measure>): { chain: Measure[]; loops: boolean } {
  const known = chains.get(target);
  if (known) return known;
  const computed = computeChain(target, measures);
  chains.set(target, computed);
  return computed;
}

function computeChain(target: Measure, measures: ReadonlyMap<number, Measure>): { chain: Measure[]; loops: boolean } {
  const chain = [target];
  let next = target.overflowTo;
  while (next !== undefined) {
    if (next === target.number) return { chain, loops: true };
    const m = measures.get(next);
    if (!m || chain.includes(m)) break;
    chain.push(m);
    next = m.overflowTo;
  }
  return { chain, loops: false };
}

export interface Assignment {
  fields: Map<number, FieldSlots>;
  verdicts: RecordVerdict[];
}

/**
 * Puts each record into at most one slot of one field. Accepted proof is placed first so
 * that a record still in review never displaces one that is accepted; within each pass the
 * order is by date, then id, which makes the result independent of input order.
 */
export function assignRecords(
  records: readonly MeasureRecord[],
  fieldMeasures: readonly Measure[],
  allMeasures: ReadonlyMap<number, Measure>,
  ctx: RecordContext,
  parameters: RuleParameters,
): Assignment {
  const fields = new Map<number, FieldSlots>();
  for (const m of fieldMeasures) {
    fields.set(m.number, { measure: m, groups: requirementGroups(m.schedule, parameters), accepted: new Map(), pending: new Map(), eventIds: new Set(), rejected: [] });
  }
  const sorted = [...records].sort(byDateThenId);
  const verdicts = new Map<string, RecordVerdict>();
  const candidates: { record: MeasureRecord; target: Measure }[] = [];

  const verdict = (record: MeasureRecord, measure: Measure | undefined, kind: RecordVerdictKind, reason: ReasonCode, countedFor: number | null, date?: string): RecordVerdict => ({
    recordId: record.id,
    measure: record.measure,
    countedFor,
    verdict: kind,
    reason,
    text: reasonText(reason, { title: measure?.title ?? { de: `Maßnahme ${record.measure}`, en: `Measure ${record.measure}` }, ...(date ? { date } : {}) }),
  });

  for (const record of sorted) {
    const target = allMeasures.get(record.measure);
    if (!target) {
      verdicts.set(record.id, verdict(record, undefined, 'rejected', 'unknown_measure', null));
      continue;
    }
    const check = checkRecord(record, target, ctx);
    if (!check.ok) {
      const v = verdict(record, target, 'rejected', check.reason, null, check.date);
      verdicts.set(record.id, v);
      fields.get(target.number)?.rejected.push(v);
      continue;
    }
    candidates.push({ record, target });
  }

  for (const phase of ['accepted', 'pending'] as const) {
    for (const { record, target } of candidates) {
      if (record.review !== phase) continue;
      const { chain, loops } = chainOf(target, allMeasures);
      const chainFields = chain.map((m) => fields.get(m.number)).filter((f): f is FieldSlots => f !== undefined);
      // Annex 1, 5/6: the same health action counts once, even when entered twice.
      if (record.eventId !== undefined && chainFields.some((f) => f.eventIds.has(record.eventId as string))) {
        const v = verdict(record, target, 'rejected', 'duplicate_event', null);
        verdicts.set(record.id, v);
        fields.get(target.number)?.rejected.push(v);
        continue;
      }
      let placed: FieldSlots | undefined;
      for (const field of chainFields) {
        if (field.measure !== target && !checkRecord(record, field.measure, ctx).ok) continue;
        if (isFilled(field, phase === 'pending')) continue;
        const slot = slotFor(field.measure.schedule, ctx.participant.birthDate, record.date);
        if (slot === undefined || field.accepted.has(slot) || field.pending.has(slot)) continue;
        (phase === 'accepted' ? field.accepted : field.pending).set(slot, record.id);
        if (record.eventId !== undefined) field.eventIds.add(record.eventId);
        placed = field;
        break;
      }
      if (placed) {
        verdicts.set(record.id, verdict(record, placed.measure, phase === 'accepted' ? 'counted' : 'in_review', phase === 'accepted' ? 'counted' : 'evidence_in_review', placed.measure.number));
      } else {
        // Annex 1, 5/6: fields that share a measure make "at most two per year".
        verdicts.set(record.id, verdict(record, target, 'surplus', loops ? 'limit_reached' : 'already_fulfilled', null));
      }
    }
  }
  return { fields, verdicts: sorted.map((r) => verdicts.get(r.id) as RecordVerdict) };
}
