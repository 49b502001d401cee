import type { LocalizedText, RuleParameters } from './measure';

/**
 * Every point the terms leave open (docs/bonus-abc-rules.md, "open point") is a named
 * parameter of the rule set. `since` is the rule-set version that introduced the parameter;
 * a later version may change the default without touching the engine.
 */
export interface ParameterDefinition<K extends keyof RuleParameters = keyof RuleParameters> {
  name: K;
  since: string;
  section: string;
  question: LocalizedText;
  defaultReading: RuleParameters[K];
  readings: Record<RuleParameters[K], LocalizedText>;
}

type Definitions = { [K in keyof RuleParameters]: ParameterDefinition<K> };

export const parameterDefinitions: Definitions = {
  childBonus: {
    name: 'childBonus',
    since: '2026-01-01',
    section: '§2.3',
    question: {
      de: 'Gibt es für Kinder 10 Euro je Maßnahme 13-18 oder einmal 10 Euro im Jahr?',
      en: 'Do children get 10 EUR per measure 13-18 or 10 EUR once a year?',
    },
    defaultReading: 'per_measure',
    readings: {
      per_measure: {
        de: 'Kinder und Jugendliche erhalten wie Erwachsene 10 Euro für jede erfüllte Maßnahme 13 bis 18 (höchstens 60 Euro im Jahr). So legen wir § 2.3 der Teilnahmebedingungen aus, der für Kinder „einen Bonus in Höhe von 10 Euro“ nennt.',
        en: 'Children get 10 EUR for each fulfilled measure 13 to 18, as adults do (at most 60 EUR a year). This is how we read §2.3 of the terms, which names "a bonus of 10 EUR" for children.',
      },
      once_per_year: {
        de: 'Kinder und Jugendliche erhalten einmal im Jahr 10 Euro, sobald sie mindestens eine der Maßnahmen 13 bis 18 erfüllt haben (§ 2.3 der Teilnahmebedingungen).',
        en: 'Children get 10 EUR once a year as soon as they have fulfilled at least one of the measures 13 to 18 (§2.3 of the terms).',
      },
    },
  },
  checkUpOnceScope: {
    name: 'checkUpOnceScope',
    since: '2026-01-01',
    section: 'Anlage 1, Nr. 7',
    question: {
      de: 'Bezieht sich „einmalig“ beim Check-Up zwischen 18 und 35 auf die ganze Altersspanne oder auf jedes Teilnahmejahr?',
      en: 'Does "once" for the check-up between 18 and 35 mean once in the whole age band or once per participation year?',
    },
    defaultReading: 'age_band',
    readings: {
      age_band: {
        de: 'Zwischen dem 18. und dem 35. Geburtstag zählt der Check-Up ein einziges Mal; ein früherer Check-Up in dieser Zeit schließt weitere aus.',
        en: 'Between the 18th and the 35th birthday the check-up counts a single time; an earlier check-up in that band rules out further ones.',
      },
      participation_year: {
        de: 'Zwischen dem 18. und dem 35. Geburtstag zählt der Check-Up einmal in jedem Teilnahmejahr.',
        en: 'Between the 18th and the 35th birthday the check-up counts once in every participation year.',
      },
    },
  },
  checkUpInterval: {
    name: 'checkUpInterval',
    since: '2026-01-01',
    section: 'Anlage 1, Nr. 7',
    question: {
      de: 'Werden die drei Jahre zwischen zwei Check-Ups ab 35 nach Kalenderjahren oder taggenau gezählt?',
      en: 'Are the three years between two check-ups from 35 counted in calendar years or to the day?',
    },
    defaultReading: 'calendar_years',
    readings: {
      calendar_years: {
        de: 'Ab 35 zählt der Check-Up wieder im dritten Kalenderjahr nach dem letzten (letzter Check-Up 2023, nächster ab 01.01.2026).',
        en: 'From 35 the check-up counts again in the third calendar year after the last one (last check-up 2023, next from 1 January 2026).',
      },
      exact_date: {
        de: 'Ab 35 zählt der Check-Up wieder, wenn seit dem letzten mindestens drei Jahre auf den Tag vergangen sind.',
        en: 'From 35 the check-up counts again once at least three years to the day have passed since the last one.',
      },
    },
  },
  teenDentalHalfYears: {
    name: 'teenDentalHalfYears',
    since: '2026-01-01',
    section: 'Anlage 1, Nr. 12',
    question: {
      de: 'Braucht die Zahnvorsorge zwischen 15 und 18 eine Untersuchung in beiden Kalenderhalbjahren?',
      en: 'Does dental care between 15 and 18 need a check-up in both calendar half-years?',
    },
    defaultReading: 'both',
    readings: {
      both: {
        de: 'Zwischen 15 und 18 zählt die Zahnvorsorge erst mit einer Untersuchung in jedem Kalenderhalbjahr.',
        en: 'Between 15 and 18 dental care counts only with a check-up in each calendar half-year.',
      },
      either: {
        de: 'Zwischen 15 und 18 zählt die Zahnvorsorge bereits mit einer Untersuchung in einem Kalenderhalbjahr.',
        en: 'Between 15 and 18 dental care counts with a check-up in one calendar half-year.',
      },
    },
  },
};

export const defaultParameters: RuleParameters = {
  childBonus: parameterDefinitions.childBonus.defaultReading,
  checkUpOnceScope: parameterDefinitions.checkUpOnceScope.defaultReading,
  checkUpInterval: parameterDefinitions.checkUpInterval.defaultReading,
  teenDentalHalfYears: parameterDefinitions.teenDentalHalfYears.defaultReading,
};

export interface TermsViewEntry {
  parameter: keyof RuleParameters;
  section: string;
  question: LocalizedText;
  /** The reading this rule set applies, as a member reads it. */
  applied: LocalizedText;
}

/** The texts the UI's terms view shows: how this rule set reads each open point. */
export function termsViewTexts(parameters: RuleParameters): TermsViewEntry[] {
  return (Object.keys(parameterDefinitions) as (keyof RuleParameters)[]).map((name) => {
    const definition = parameterDefinitions[name] as ParameterDefinition;
    return {
      parameter: name,
      section: definition.section,
      question: definition.question,
      applied: (definition.readings as Record<string, LocalizedText>)[parameters[name]] as LocalizedText,
    };
  });
}
