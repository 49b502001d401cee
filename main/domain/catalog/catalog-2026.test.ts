import { describe, expect, it } from 'vitest';
import { ruleSet2026 } from './catalog-2026';
import type { RuleSet } from './measure';
import { parseRuleSet } from './rule-set-schema';
import { defaultParameters, parameterDefinitions, termsViewTexts } from './rule-parameters';
import { bookletOf, catalogFor, measureOf } from './select';

describe('the 2026 catalog (annex 1, Stand 01.01.2026)', () => {
  it('annex 1: lists exactly the 18 measures, 1-12 for adults and 13-18 for children', () => {
    expect(ruleSet2026.measures.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    for (const m of ruleSet2026.measures) expect(m.program).toBe(m.number <= 12 ? 'adult' : 'child');
  });

  it('§2.2.1: adults and children have separate booklets', () => {
    expect(bookletOf(ruleSet2026, 'adult').map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(bookletOf(ruleSet2026, 'child').map((m) => m.number)).toEqual([13, 14, 15, 16, 17, 18]);
  });

  it.each([
    [1, 'aktiv'], [2, 'aktiv'], [3, 'aktiv'], [4, 'aktiv'], [5, 'bonus'], [6, 'bonus'], [7, 'check'], [8, 'check'], [9, 'check'],
    [10, 'check'], [11, 'check'], [12, 'check'], [13, 'aktiv'], [14, 'aktiv'], [15, 'bonus'], [16, 'check'], [17, 'check'], [18, 'check'],
  ] as const)('annex 1: measure %i is in category %s', (n, category) => {
    expect(measureOf(ruleSet2026, n)?.category).toBe(category);
  });

  it('is valid as data: it survives JSON and the rule-set schema unchanged', () => {
    const parsed = parseRuleSet(JSON.parse(JSON.stringify(ruleSet2026)));
    expect(parsed.ok && parsed.value).toEqual(ruleSet2026);
  });

  it('every measure has a German and an English title and description and accepts some proof (§2.2)', () => {
    for (const m of ruleSet2026.measures) {
      expect(m.title.de && m.title.en && m.description.de && m.description.en).toBeTruthy();
      expect(m.evidence.length).toBeGreaterThan(0);
    }
  });

  it('annex 1, 5/6: the insurer confirms the employee bonus during the event or from a certificate', () => {
    expect(measureOf(ruleSet2026, 5)?.evidence).toEqual(['insurer_event_confirmation', 'certificate_photo']);
    expect(measureOf(ruleSet2026, 1)?.evidence).not.toContain('insurer_event_confirmation');
  });

  it('§2.3: 10 EUR per adult measure, the children\'s amount 10 EUR, deadline 30.06., own participation from 15', () => {
    expect(ruleSet2026.adultAmountPerFieldCents).toBe(1000);
    expect(ruleSet2026.childAmountCents).toBe(1000);
    expect(ruleSet2026.submissionDeadline).toBe('06-30');
    expect(ruleSet2026.ownParticipationFromAge).toBe(15);
  });
});

describe('catalog versions by date', () => {
  it('the 2026 rule set governs from 01.01.2026, and nothing is known before', () => {
    expect(catalogFor('2026-01-01')?.id).toBe('bonus-abc-2026');
    expect(catalogFor('2031-05-01')?.id).toBe('bonus-abc-2026');
    expect(catalogFor('2025-12-31')).toBeUndefined();
  });

  it('a newer version takes over from its validFrom date', () => {
    const next: RuleSet = { ...ruleSet2026, id: 'bonus-abc-2027', version: '2027-01-01', validFrom: '2027-01-01' };
    expect(catalogFor('2026-12-31', [ruleSet2026, next])?.id).toBe('bonus-abc-2026');
    expect(catalogFor('2027-01-01', [next, ruleSet2026])?.id).toBe('bonus-abc-2027');
  });
});

describe('open points of the terms as parameters', () => {
  it('each ambiguity of the digest is a named, versioned parameter with a documented default', () => {
    expect(Object.keys(parameterDefinitions).sort()).toEqual(['checkUpInterval', 'checkUpOnceScope', 'childBonus', 'teenDentalHalfYears']);
    for (const d of Object.values(parameterDefinitions)) {
      expect(d.since).toBe('2026-01-01');
      expect(Object.keys(d.readings)).toContain(d.defaultReading);
    }
    expect(defaultParameters).toEqual({ childBonus: 'per_measure', checkUpOnceScope: 'age_band', checkUpInterval: 'calendar_years', teenDentalHalfYears: 'both' });
  });

  it('§2.3: the terms view explains the children\'s reading the rule set applies', () => {
    const a = termsViewTexts(defaultParameters).find((e) => e.parameter === 'childBonus');
    expect(a?.applied.de).toContain('für jede erfüllte Maßnahme 13 bis 18');
    const b = termsViewTexts({ ...defaultParameters, childBonus: 'once_per_year' }).find((e) => e.parameter === 'childBonus');
    expect(b?.applied.de).toContain('einmal im Jahr 10 Euro');
  });
});
