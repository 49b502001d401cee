/**
 * Bonus ABC rules engine: the public API for the station, the renderer and the central
 * service. Pure TypeScript (zod only), no I/O.
 */
export type { CalendarDate } from './calendar/calendar-date';
export { addDays, ageOn, birthdayOfAge, halfYearOf, isCalendarDate, parseCalendarDate } from './calendar/calendar-date';
export { parseTypedDate } from './calendar/typed-date';
export { berlinDateOf, berlinOffsetHours, berlinStartOfDay, parseInstant } from './calendar/berlin-time';
export { testDayClock, type TestDayClock } from './calendar/test-day-clock';

export type {
  AgeBand,
  Category,
  CheckUpInterval,
  CheckUpOnceScope,
  ChildBonusReading,
  Condition,
  EvidenceKind,
  LocalizedText,
  Measure,
  Program,
  RuleParameters,
  RuleSet,
  Schedule,
  TeenDentalHalfYears,
} from './catalog/measure';
export { evidenceKinds } from './catalog/measure';
export { ruleSet2026 } from './catalog/catalog-2026';
export { bookletOf, catalogFor, knownRuleSets, measureOf, withParameters } from './catalog/select';
export { ruleSetForCase } from './case/rule-set-for-case';
export { conditionSchema, measureSchema, parseRuleSet, ruleSetSchema, scheduleSchema } from './catalog/rule-set-schema';
export { defaultParameters, parameterDefinitions, termsViewTexts } from './catalog/rule-parameters';
export type { ParameterDefinition, TermsViewEntry } from './catalog/rule-parameters';

export {
  calendarDateSchema,
  declarationSchema,
  evaluationCaseSchema,
  instantSchema,
  measureRecordSchema,
  membershipPeriodSchema,
  misuseSchema,
  parseEvaluationCase,
  participantSchema,
  payoutSchema,
  ruleParametersSchema,
} from './case/schema';
export type {
  CaseIssue,
  Declaration,
  EvaluationCase,
  EvaluationCaseInput,
  MeasureRecord,
  MembershipPeriod,
  MisuseRecord,
  ParsedCase,
  Participant,
  Payout,
} from './case/schema';

export { mayParticipateOnOwn, ownParticipationFrom, programFor } from './participation/program';
export { isMemberOn } from './participation/membership';
export { declarationIssues, endParticipation, participationFor } from './participation/participation';
export type { Participation, ParticipationIssue, ParticipationIssueCode, ParticipationPeriod } from './participation/participation';
export { renewalDeclaration } from './participation/renewal';
export type { RenewalRequest } from './participation/renewal';

export { evaluateYear, resolveAsOf } from './evaluation/evaluate-year';
export { evaluateAmounts } from './evaluation/amounts-only';
export type { YearAmounts } from './evaluation/amounts-only';
export type { EvaluateOptions, YearEvaluation } from './evaluation/evaluate-year';
export type { FieldEvaluation, FieldStatus } from './evaluation/field-status';
export type { RecordVerdict, RecordVerdictKind } from './evaluation/assign';
export type { ReasonCode } from './evaluation/reasons';
export { reasonText } from './evaluation/reasons';
export { excludeParticipant, forfeitedYears, hearingPrecedes, misuseFor } from './evaluation/misuse';
export type { ExclusionDecision, MisuseEvaluation, MisuseState } from './evaluation/misuse';

export { claimFor, submissionDeadline } from './money/deadline';
export type { Claim, ClaimStatus, SubmissionDeadline } from './money/deadline';
export { taxReportFor } from './money/tax-report';
export type { TaxReportEntry } from './money/tax-report';
export { payoutFor } from './money/payout';
export type { PayoutAssessment, PayoutBlocker, PayoutInput } from './money/payout';

export { checkIban, formatIban, ibanLengths, isValidIban, maskIban, normalizeIban } from './iban';
export type { IbanCheck, IbanProblem } from './iban';
export { normalizeAnswer } from './second-factor';
