import { useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { applyKey, autoShift, backspace, layouts, shift, space } from './keys';
import { useKeyboardScope } from './keyboard-scope';
import './touch.css';

/** Keeps the focus in the field: a key press must not take it away (mouse and touch alike). */
const keepFocus = (e: PointerEvent<HTMLButtonElement> | React.MouseEvent<HTMLButtonElement>) => e.preventDefault();

/**
 * The kiosk has no hardware keyboard: this one types into the active field of its
 * KeyboardScope. Letters with umlauts and ß, digits, a shift key; digits only, a decimal
 * comma, or an IBAN layout (capitals and digits) where the field asks for it.
 */
export function OnScreenKeyboard() {
  const { t } = useTranslation();
  const scope = useKeyboardScope();
  const [shifted, setShifted] = useState<boolean | null>(null);
  const target = scope?.active();
  if (!target) return null;
  const upper = shifted ?? (target.capitalize ? autoShift(target.value) : false);
  const press = (key: string) => {
    if (key === shift) return setShifted(!upper);
    // The field as it is now (another key may have changed it since this keyboard rendered).
    const now = scope?.active() ?? target;
    const caps = shifted ?? (now.capitalize ? autoShift(now.value) : false);
    now.onChange(applyKey(now.value, key, caps, now.maxLength));
    setShifted(null);
    document.getElementById(target.id)?.focus({ preventScroll: true });
  };
  const label = (key: string) => (key === backspace ? t('touch.backspace') : key === shift ? t('touch.shift') : key === space ? t('touch.space') : undefined);
  return (
    <div className={`osk osk--${target.layout}`} role="group" aria-label={t('touch.keyboard')} data-testid="on-screen-keyboard">
      {layouts[target.layout].map((row, i) => (
        <div className="osk-row" key={i}>
          {row.map((key) => (
            <button
              key={key}
              type="button"
              className={`osk-key${key === space ? ' osk-key--space' : ''}${key === backspace || key === shift ? ' osk-key--wide' : ''}`}
              aria-label={label(key)}
              aria-pressed={key === shift ? upper : undefined}
              onPointerDown={keepFocus}
              onMouseDown={keepFocus}
              onClick={() => press(key)}
            >
              {key === backspace ? '⌫' : key === shift ? '⇧' : key === space ? t('touch.spaceKey') : upper && key.length === 1 && key !== 'ß' ? key.toUpperCase() : key}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}
