import type { CalendarDate } from '../calendar/calendar-date';

/** German and English of one user-facing text. German is binding; English helps staff. */
export interface LocalizedText {
  de: string;
  en: string;
}

export type Program = 'adult' | 'child';
export type Category = 'aktiv' | 'bonus' | 'check';

/**
 * How a measure can be proven (§2.2). Kinds from the 2018 app (measured value, signed
 * declaration, dated self-declaration) stay available so that an older catalog is only data.
 */
export const evidenceKinds = [
  'certificate_photo', // photo or scan of a certificate or paper proof (§2.2.1, §2.2.2)
  'booklet_stamp', // provider's stamp in the paper booklet (§2.2.1)
  'insurer_event_confirmation', // confirmed by the insurer during the event (annex 1, 5/6)
  'dated_self_declaration', // digital entry with a date (§2.2.2 "digitale Eingabe")
  'signed_declaration', // e.g. the 2018 non-smoker declaration
  'measured_value', // e.g. the 2018 BMI value
] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/**
 * When in a year a measure's field is fulfilled. Plain data: a new catalog combines these
 * kinds without code changes.
 */
export type Schedule =
  | { kind: 'once_per_year' }
  /** One record in each calendar half-year; `bothHalvesParameter` lets a rule-set parameter relax it. */
  | { kind: 'each_half_year'; bothHalvesParameter?: 'teenDentalHalfYears' }
  /** The band is picked by the age on the day the measure was performed. */
  | { kind: 'by_age'; bands: AgeBand[] }
  /** §25(1) SGB V check-up: once in [onceFromAge, intervalFromAge), then every `intervalYears`. */
  | { kind: 'check_up'; onceFromAge: number; intervalFromAge: number; intervalYears: number };

export interface AgeBand {
  /** Completed years of life, inclusive. */
  fromAge: number;
  /** Completed years of life, exclusive; open-ended when absent. */
  belowAge?: number;
  schedule: Schedule;
  /** Why this band exists, shown when a field is waiting for its second half-year. */
  note?: LocalizedText;
}

/** Further conditions a single record must meet (annex 1). */
export type Condition =
  | { kind: 'min_age'; years: number }
  /** Activities that never count, e.g. competitions and mandatory school events (2, 14). */
  | { kind: 'excluded_activities'; activities: string[] }
  /** Fields of action a course must belong to (3, 4, 15). */
  | { kind: 'topics'; allowed: string[] }
  /** A measured value (e.g. BMI) inside a plausible range. */
  | { kind: 'measured_value'; unit: string; min?: number; max?: number }
  /** A signed statement with this content (e.g. non-smoker for at least twelve months). */
  | { kind: 'statement'; statement: string };

export interface Measure {
  /** The field number in the booklet (annex 1). */
  number: number;
  program: Program;
  category: Category;
  title: LocalizedText;
  description: LocalizedText;
  evidence: EvidenceKind[];
  schedule: Schedule;
  conditions: Condition[];
  /**
   * Where a further record goes once this field is fulfilled: 5 and 6 share the employee
   * bonus (at most two per year), a second course for 3 can count for 4.
   */
  overflowTo?: number;
}

export type ChildBonusReading = 'per_measure' | 'once_per_year';
export type CheckUpOnceScope = 'age_band' | 'participation_year';
export type CheckUpInterval = 'calendar_years' | 'exact_date';
export type TeenDentalHalfYears = 'both' | 'either';

/** The readings chosen for every point the terms leave open (see rule-parameters.ts). */
export interface RuleParameters {
  childBonus: ChildBonusReading;
  checkUpOnceScope: CheckUpOnceScope;
  checkUpInterval: CheckUpInterval;
  teenDentalHalfYears: TeenDentalHalfYears;
}

/** A versioned catalog with its amounts and parameters: everything that decides a year. */
export interface RuleSet {
  id: string;
  /** "Stand" of the terms. */
  version: string;
  /** The rule set governs participation years declared on or after this day. */
  validFrom: CalendarDate;
  title: LocalizedText;
  measures: Measure[];
  /** §2.3: 10 EUR per fulfilled measure 1-12. */
  adultAmountPerFieldCents: number;
  /** §2.3: 10 EUR for children, per measure or once (parameter childBonus). */
  childAmountCents: number;
  /** §2.1: month and day (MM-DD) of the following year until which a year can be submitted. */
  submissionDeadline: string;
  /** §1: own participation from this completed year of life. */
  ownParticipationFromAge: number;
  parameters: RuleParameters;
}
