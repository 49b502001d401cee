import type { Condition, Measure, RuleSet } from './measure';
import { defaultParameters } from './rule-parameters';

/** Proof on paper or as a photo/scan: the default for measures confirmed by a provider (§2.2). */
const providerProof = ['booklet_stamp', 'certificate_photo'] as const;
/** §2.2.2: in the app a measure can also be proven by digital entry. */
const providerOrEntry = ['booklet_stamp', 'certificate_photo', 'dated_self_declaration'] as const;

const courseTopics = ['movement', 'nutrition', 'relaxation', 'addiction'];
const sportExclusions: Condition = { kind: 'excluded_activities', activities: ['competition', 'mandatory_school_event'] };

const adultMeasures: Measure[] = [
  {
    number: 1,
    program: 'adult',
    category: 'aktiv',
    title: { de: 'Sportverein/Fitnessstudio/Betriebssporteinrichtung', en: 'Sports club / gym / company sports' },
    description: {
      de: 'Nachweis einer aktiven Mitgliedschaft in einem Sportverein, einem qualitätsgesicherten Fitnessstudio, einer Betriebssporteinrichtung oder einem Spartenverein des Sport- und Kulturfördervereins der BMW Group e.V.',
      en: 'Proof of active membership in a sports club, a quality-assured gym, company sports or a division of the BMW Group sports and culture association.',
    },
    evidence: [...providerProof],
    schedule: { kind: 'once_per_year' },
    conditions: [],
  },
  {
    number: 2,
    program: 'adult',
    category: 'aktiv',
    title: { de: 'Leistungsabzeichen/Sportveranstaltung', en: 'Sports badge / sports event' },
    description: {
      de: 'Sport-, Schwimm- oder Wanderabzeichen eines Sportverbands (z. B. Deutsches Sportabzeichen) oder Teilnahme an einer Sportveranstaltung (z. B. Stadtlauf). Leistungswettbewerbe und schulische Pflichtveranstaltungen zählen nicht.',
      en: 'A sports, swimming or hiking badge of a sports association (e.g. Deutsches Sportabzeichen) or taking part in a sports event (e.g. a city run). Competitive contests and mandatory school events do not count.',
    },
    evidence: [...providerProof],
    schedule: { kind: 'once_per_year' },
    conditions: [sportExclusions],
  },
  {
    number: 3,
    program: 'adult',
    category: 'aktiv',
    title: { de: 'Gesundheitskurs', en: 'Health course' },
    description: {
      de: 'Teilnahme an einem qualifizierten Gesundheitskurs aus den Bereichen Bewegung, Ernährung, Entspannung oder Sucht, auch ausgewählte Gesundheitstrainings der BMW Bildungsakademie.',
      en: 'Taking part in a qualified health course on exercise, nutrition, relaxation or addiction, including selected trainings of the BMW Bildungsakademie.',
    },
    evidence: [...providerProof],
    schedule: { kind: 'once_per_year' },
    conditions: [{ kind: 'topics', allowed: courseTopics }],
    overflowTo: 4,
  },
  {
    number: 4,
    program: 'adult',
    category: 'aktiv',
    title: { de: 'Gesundheitskurs/Aktivwoche/Online-Gesundheitstraining', en: 'Second health course / active week / online training' },
    description: {
      de: 'Ein weiterer qualifizierter Gesundheitskurs, eine qualitätsgesicherte Aktivwoche oder ein zertifiziertes Online-Gesundheitstraining (Fitness, Ernährung, Antistress, Nichtrauchen) mit Zertifikat des Anbieters.',
      en: 'A further qualified health course, a quality-assured active week, or a certified online training (fitness, nutrition, anti-stress, non-smoking) with the provider’s certificate.',
    },
    evidence: [...providerProof],
    schedule: { kind: 'once_per_year' },
    conditions: [
      {
        kind: 'topics',
        allowed: [...courseTopics, 'active_week', 'online_fitness', 'online_nutrition', 'online_anti_stress', 'online_non_smoking'],
      },
    ],
  },
  ...[5, 6].map(
    (number): Measure => ({
      number,
      program: 'adult',
      category: 'bonus',
      title: { de: 'Arbeitnehmerbonus: betriebliche Gesundheitsförderung', en: 'Employee bonus: company health promotion' },
      description: {
        de: 'Teilnahme an einer ausgewählten Gesundheitsaktion der betrieblichen Gesundheitsförderung, bestätigt durch die BMW BKK während der Veranstaltung oder mit Teilnahmebescheinigung. Höchstens zwei Aktionen im Teilnahmejahr.',
        en: 'Taking part in a selected company health promotion action, confirmed by BMW BKK during the event or by a certificate of attendance. At most two actions per participation year.',
      },
      evidence: ['insurer_event_confirmation', 'certificate_photo'],
      schedule: { kind: 'once_per_year' },
      conditions: [],
      // Annex 1, 5/6: two fields share one kind of measure, so at most two count per year.
      overflowTo: number === 5 ? 6 : 5,
    }),
  ),
  {
    number: 7,
    program: 'adult',
    category: 'check',
    title: { de: 'Gesundheits-Check-Up', en: 'Health check-up' },
    description: {
      de: 'Ärztliche Gesundheitsuntersuchung nach § 25 Abs. 1 SGB V: zwischen dem 18. und dem 35. Geburtstag einmal, ab dem 35. Geburtstag alle drei Jahre.',
      en: 'Medical health check-up under §25(1) SGB V: once between the 18th and the 35th birthday, every three years from the 35th birthday.',
    },
    evidence: [...providerOrEntry],
    schedule: { kind: 'check_up', onceFromAge: 18, intervalFromAge: 35, intervalYears: 3 },
    conditions: [],
  },
  {
    number: 8,
    program: 'adult',
    category: 'check',
    title: { de: 'Schutzimpfung', en: 'Vaccinations' },
    description: {
      de: 'Schutzimpfungen nach § 20i Abs. 1 oder Abs. 2 SGB V i. V. m. der Satzung, im Kalenderjahr vollständig in Anspruch genommen.',
      en: 'Vaccinations under §20i(1) or (2) SGB V with the statutes, taken completely in the calendar year.',
    },
    evidence: [...providerOrEntry],
    schedule: { kind: 'once_per_year' },
    conditions: [],
  },
  ...(
    [
      [9, { de: 'Früherkennung Darmkrebs', en: 'Early detection: bowel cancer' }],
      [10, { de: 'Früherkennung Hautkrebs', en: 'Early detection: skin cancer' }],
      [11, { de: 'Krebsfrüherkennung', en: 'Early detection: cancer screening' }],
    ] as const
  ).map(
    ([number, title]): Measure => ({
      number,
      program: 'adult',
      category: 'check',
      title: { ...title },
      description: {
        de: 'Leistungen zur Früherkennung nach §§ 25, 25a und 26 SGB V, jeweils vollständig in Anspruch genommen, soweit ein Anspruch besteht. Jede Früherkennung ist ein eigenes Feld.',
        en: 'Early detection under §§25, 25a and 26 SGB V, each taken completely where entitled. Each screening is a field of its own.',
      },
      evidence: [...providerOrEntry],
      schedule: { kind: 'once_per_year' },
      conditions: [],
    }),
  ),
  {
    number: 12,
    program: 'adult',
    category: 'check',
    title: { de: 'Zahnvorsorge', en: 'Dental care' },
    description: {
      de: 'Ab 18 Jahren: Zahnvorsorge nach § 22 bzw. § 55 SGB V vollständig oder eine professionelle Zahnreinigung. Zwischen 15 und 18 Jahren: die zahnärztliche Vorsorgeuntersuchung einmal in jedem Kalenderhalbjahr.',
      en: 'From 18: dental care under §22 / §55 SGB V taken completely, or a professional tooth cleaning. From 15 to 18: the dental check-up once in each calendar half-year.',
    },
    evidence: [...providerOrEntry],
    schedule: {
      kind: 'by_age',
      bands: [
        {
          fromAge: 0,
          belowAge: 18,
          schedule: { kind: 'each_half_year', bothHalvesParameter: 'teenDentalHalfYears' },
          note: {
            de: 'Die Zahnvorsorge zählt für 15- bis 17-Jährige erst mit einer Untersuchung in jedem Kalenderhalbjahr.',
            en: 'For 15 to 17 year olds, dental care counts only with a check-up in each calendar half-year.',
          },
        },
        { fromAge: 18, schedule: { kind: 'once_per_year' } },
      ],
    },
    conditions: [],
  },
];

const childMeasures: Measure[] = [
  {
    number: 13,
    program: 'child',
    category: 'aktiv',
    title: { de: 'Sportverein/Fitnessstudio', en: 'Sports club / gym' },
    description: {
      de: 'Nachweis einer aktiven Mitgliedschaft in einem Sportverein oder einem qualitätsgesicherten Fitnessstudio.',
      en: 'Proof of active membership in a sports club or a quality-assured gym.',
    },
    evidence: [...providerProof],
    schedule: { kind: 'once_per_year' },
    conditions: [],
  },
  {
    number: 14,
    program: 'child',
    category: 'aktiv',
    title: { de: 'Leistungsabzeichen Jugend/Sportveranstaltung', en: 'Youth sports badge / sports event' },
    description: {
      de: 'Sport-, Schwimm- oder Wanderabzeichen Jugend eines Sportverbands oder Teilnahme an einer Sportveranstaltung (z. B. Stadtlauf). Leistungswettbewerbe und schulische Pflichtveranstaltungen (z. B. Bundesjugendspiele) zählen nicht.',
      en: 'A youth sports, swimming or hiking badge or taking part in a sports event (e.g. a city run). Competitive contests and mandatory school events (e.g. Bundesjugendspiele) do not count.',
    },
    evidence: [...providerProof],
    schedule: { kind: 'once_per_year' },
    conditions: [sportExclusions],
  },
  {
    number: 15,
    program: 'child',
    category: 'bonus',
    title: { de: 'Gesundheitskurs', en: 'Health course' },
    description: {
      de: 'Teilnahme an einem qualifizierten Gesundheitskurs aus den Bereichen Bewegung, Ernährung oder Entspannung.',
      en: 'Taking part in a qualified health course on exercise, nutrition or relaxation.',
    },
    evidence: [...providerProof],
    schedule: { kind: 'once_per_year' },
    conditions: [{ kind: 'topics', allowed: ['movement', 'nutrition', 'relaxation'] }],
  },
  {
    number: 16,
    program: 'child',
    category: 'check',
    title: { de: 'Schutzimpfung', en: 'Vaccinations' },
    description: {
      de: 'Schutzimpfungen nach § 20i Abs. 1 oder Abs. 2 SGB V i. V. m. der Satzung, im Kalenderjahr vollständig in Anspruch genommen.',
      en: 'Vaccinations under §20i(1) or (2) SGB V with the statutes, taken completely in the calendar year.',
    },
    evidence: [...providerOrEntry],
    schedule: { kind: 'once_per_year' },
    conditions: [],
  },
  {
    number: 17,
    program: 'child',
    category: 'check',
    title: { de: 'Kinder- und Jugenduntersuchungen/Früherkennung', en: 'Child and youth check-ups / early detection' },
    description: {
      de: 'Untersuchungen nach §§ 25, 25a und 26 SGB V, jeweils vollständig in Anspruch genommen, soweit ein Anspruch besteht.',
      en: 'Check-ups under §§25, 25a and 26 SGB V, each taken completely where entitled.',
    },
    evidence: [...providerOrEntry],
    schedule: { kind: 'once_per_year' },
    conditions: [],
  },
  {
    number: 18,
    program: 'child',
    category: 'check',
    title: { de: 'Zahnärztliche Kontrolluntersuchung', en: 'Dental check-up' },
    description: {
      de: 'Bis sechs Jahre einmal im Kalenderjahr, zwischen sechs und 14 Jahren einmal in jedem Kalenderhalbjahr.',
      en: 'Up to age six once per calendar year, from six to 14 once in each calendar half-year.',
    },
    evidence: [...providerOrEntry],
    schedule: {
      kind: 'by_age',
      bands: [
        { fromAge: 0, belowAge: 6, schedule: { kind: 'once_per_year' } },
        {
          fromAge: 6,
          schedule: { kind: 'each_half_year' },
          note: {
            de: 'Die Kontrolluntersuchung zählt ab sechs Jahren erst mit einer Untersuchung in jedem Kalenderhalbjahr.',
            en: 'From age six, the dental check-up counts only with a check-up in each calendar half-year.',
          },
        },
      ],
    },
    conditions: [],
  },
];

/** The terms "Stand 01.01.2026" with annex 1. */
export const ruleSet2026: RuleSet = {
  id: 'bonus-abc-2026',
  version: '2026-01-01',
  validFrom: '2026-01-01',
  title: { de: 'BMW BKK Bonus ABC, Stand 01.01.2026', en: 'BMW BKK Bonus ABC, as of 1 January 2026' },
  measures: [...adultMeasures, ...childMeasures],
  adultAmountPerFieldCents: 1000,
  childAmountCents: 1000,
  submissionDeadline: '06-30',
  ownParticipationFromAge: 15,
  parameters: defaultParameters,
};
