import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bmiInputBounds, bmiOf, type BookletField } from '../../../main/contract';
import { Button } from '../ui/Button';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useFormat } from '../i18n/format';
import { KeyboardScope } from '../ui/touch/keyboard-scope';
import { OnScreenKeyboard } from '../ui/touch/OnScreenKeyboard';
import { TouchInput } from '../ui/touch/TouchInput';

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
  const { t } = useTranslation();
  const formats = useFormat();
  const [height, setHeight] = useState('');
  const [weight, setWeight] = useState('');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string>();
  const format = (n: number) => formats.number(n, 1);
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
    <KeyboardScope>
      <div className="measure-entry" data-testid="measured-value">
        <div className="measure-fields">
          {isBmi ? (
            <>
              <p className="hint">{t('kiosk.measure.bmiHint')}</p>
              <TouchInput label={t('kiosk.measure.height')} layout="decimal" maxLength={6} value={height} onChange={setHeight} />
              <TouchInput label={t('kiosk.measure.weight')} layout="decimal" maxLength={6} value={weight} onChange={setWeight} />
              <p className="measure-result" role="status">
                {bmi && typeof bmi !== 'string' ? t('kiosk.measure.bmiResult', { value: format(bmiOf(bmi.heightCm, bmi.weightKg)) }) : ''}
              </p>
            </>
          ) : (
            <TouchInput label={t('kiosk.measure.value', { unit: wanted.unit })} layout="decimal" maxLength={8} value={value} onChange={setValue} />
          )}
          <ErrorAlert message={problem} />
          <Button variant="primary" disabled={busy} onClick={submit}>
            {busy ? t('kiosk.measure.checking') : t('kiosk.measure.send')}
          </Button>
        </div>
        <OnScreenKeyboard />
      </div>
    </KeyboardScope>
  );
}
