import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bmiInputBounds, bmiOf, type BookletField } from '../../../main/contract';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';

export type Measurement = { heightCm: number; weightKg: number } | { value: number };

/** "74,5" and "74.5" are the same number; anything else is not one. */
function numberOf(text: string): number | undefined {
  const normalized = text.trim().replace(',', '.');
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(normalized)) return undefined;
  return Number(normalized);
}

/**
 * A measured value the catalog asks for: for a BMI (kg/m2) a calculator from body height and
 * weight, otherwise the value in the catalog's unit. Out-of-range inputs are named at once in
 * plain words; main computes and checks the value again.
 */
export function MeasuredValueEntry({ wanted, busy, onEnter }: { wanted: NonNullable<BookletField['measuredValue']>; busy: boolean; onEnter: (measurement: Measurement) => void }) {
  const { t, i18n } = useTranslation();
  const heightId = useId();
  const weightId = useId();
  const valueId = useId();
  const [height, setHeight] = useState('');
  const [weight, setWeight] = useState('');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string>();
  const format = (n: number) => n.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 1 });
  const isBmi = wanted.unit === 'kg/m2';

  const bmiInput = (): { heightCm: number; weightKg: number } | string => {
    const heightCm = numberOf(height);
    const weightKg = numberOf(weight);
    const { heightCm: h, weightKg: w } = bmiInputBounds;
    if (heightCm === undefined || heightCm < h.min || heightCm > h.max) return t('kiosk.measure.heightProblem', { min: h.min, max: h.max });
    if (weightKg === undefined || weightKg < w.min || weightKg > w.max) return t('kiosk.measure.weightProblem', { min: w.min, max: w.max });
    return { heightCm, weightKg };
  };
  const bmi = isBmi && height && weight ? bmiInput() : undefined;

  const submit = () => {
    if (isBmi) {
      const input = bmiInput();
      if (typeof input === 'string') return setProblem(input);
      setProblem(undefined);
      return onEnter(input);
    }
    const entered = numberOf(value);
    if (entered === undefined) return setProblem(t('kiosk.measure.notANumber'));
    if ((wanted.min !== undefined && entered < wanted.min) || (wanted.max !== undefined && entered > wanted.max)) {
      return setProblem(t('kiosk.measure.valueProblem', { min: format(wanted.min ?? 0), max: format(wanted.max ?? entered), unit: wanted.unit }));
    }
    setProblem(undefined);
    onEnter({ value: entered });
  };

  return (
    <div className="measure-entry" data-testid="measured-value">
      {isBmi ? (
        <>
          <p className="hint">{t('kiosk.measure.bmiHint')}</p>
          <label htmlFor={heightId}>{t('kiosk.measure.height')}</label>
          <input id={heightId} type="text" inputMode="decimal" autoComplete="off" value={height} onChange={(e) => setHeight(e.target.value)} />
          <label htmlFor={weightId}>{t('kiosk.measure.weight')}</label>
          <input id={weightId} type="text" inputMode="decimal" autoComplete="off" value={weight} onChange={(e) => setWeight(e.target.value)} />
          <p className="measure-result" role="status">
            {bmi && typeof bmi !== 'string' ? t('kiosk.measure.bmiResult', { value: format(bmiOf(bmi.heightCm, bmi.weightKg)) }) : ''}
          </p>
        </>
      ) : (
        <>
          <label htmlFor={valueId}>{t('kiosk.measure.value', { unit: wanted.unit })}</label>
          <input id={valueId} type="text" inputMode="decimal" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
        </>
      )}
      <ErrorAlert message={problem} />
      <Button variant="primary" disabled={busy} onClick={submit}>
        {busy ? t('kiosk.measure.checking') : t('kiosk.measure.send')}
      </Button>
    </div>
  );
}
