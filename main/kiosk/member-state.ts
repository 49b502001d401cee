import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { KioskMemberState } from '../contract';
import type { MemberState } from '../contract/service-api';
import { berlinDateOf, measureOf, type CalendarDate, type Declaration, type MeasureRecord, type RuleSet } from '../domain';
import { memberRef } from '../sync/outbox';

/**
 * The insurer's state of the member at the kiosk: how it enters the session and
 * the rules engine. Children's KVNRs stay here in main; the renderer sees an opaque childId.
 */
export interface InsurerState {
  view: KioskMemberState;
  /** childId → the child as the service reported it. */
  children: Map<string, { kvnr: string; firstName: string; birthDate: string }>;
}

const empty = { participationYears: [], credited: [], children: [], bank: null } satisfies Omit<KioskMemberState, 'status'>;

export function insurerStateOf(status: 'loading' | 'unavailable' | 'off'): InsurerState {
  return { view: { status, ...empty }, children: new Map() };
}

/** The service's answer as session data; null (the service knows no such member) is an empty state. */
export function loadedInsurerState(db: Database, state: MemberState | null): InsurerState {
  if (!state) return { view: { status: 'loaded', ...empty }, children: new Map() };
  const children = new Map<string, { kvnr: string; firstName: string; birthDate: string }>();
  for (const child of state.children) children.set(memberRef(db, child.kvnr).slice(0, 24), child);
  return {
    view: {
      status: 'loaded',
      participationYears: [...new Set(state.participation.map((p) => p.year))].sort((a, b) => a - b),
      credited: state.credited.map((c) => ({ year: c.year, measures: [...c.measures].sort((a, b) => a - b) })),
      children: [...children].map(([childId, c]) => ({ childId, firstName: c.firstName, birthDate: c.birthDate })),
      bank: state.bank,
    },
    children,
  };
}

/** What the booklet takes from the insurer for one year: its participation on record and the credited fields. */
export interface InsurerFacts {
  participation: { year: number; declaredAt: string }[];
  credited: number[];
}

export function insurerFactsFor(state: MemberState | null, year: number): InsurerFacts {
  return {
    participation: (state?.participation ?? []).filter((p) => p.year === year).map((p) => ({ year: p.year, declaredAt: p.declaredAt })),
    credited: state?.credited.find((c) => c.year === year)?.measures ?? [],
  };
}

/**
 * §1: participation the insurer has on record (declared in the app, at a branch, on paper) counts
 * like one declared here; a declaration of this station for the same year is kept as it is.
 */
export function insurerDeclarations(facts: InsurerFacts, local: Declaration[], declaredBy: Declaration['declaredBy']): Declaration[] {
  const declaredYears = new Set(local.map((d) => d.year));
  const fromInsurer = facts.participation
    .filter((p) => !declaredYears.has(p.year))
    .map<Declaration>((p) => ({
      year: p.year,
      declaredOn: berlinDateOf(Date.parse(p.declaredAt)),
      declaredAt: p.declaredAt,
      // The service does not say where the member declared; the app is where most do.
      channel: 'app',
      declaredBy,
      consentSgbV284: true,
      termsVersion: 'insurer-record',
    }));
  return [...local, ...fromInsurer];
}

/**
 * A field the insurer credited, as one accepted record for the rules engine, so that progress and
 * money count it with the station's own records. The service keeps no date or proof detail in
 * the member state: the record is dated on the first day the member could have done the measure
 * that year (not after today) and carries the first kind of proof the catalog accepts.
 */
export function creditedRecords(input: { ruleSet: RuleSet; year: number; measures: number[]; participantRef: string; earliest: CalendarDate; today: CalendarDate }): MeasureRecord[] {
  const { ruleSet, year, participantRef, today } = input;
  const start = [`${year}-01-01`, input.earliest].sort().at(-1)!;
  const date = today.startsWith(`${year}-`) && start > today ? today : start;
  return input.measures.flatMap((number) => {
    const measure = measureOf(ruleSet, number);
    const evidence = measure?.evidence[0];
    if (!measure || !evidence) return [];
    const record: MeasureRecord = { id: `insurer-credited-${year}-${number}`, participantRef, measure: number, date, evidence, review: 'accepted' };
    for (const condition of measure.conditions) {
      if (condition.kind === 'measured_value') record.measuredValue = { value: ((condition.min ?? 0) + (condition.max ?? (condition.min ?? 0) * 2)) / 2, unit: condition.unit };
      if (condition.kind === 'statement') record.statement = condition.statement;
    }
    return [record];
  });
}
