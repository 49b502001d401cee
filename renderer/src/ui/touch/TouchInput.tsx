import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import type { KeyboardLayout } from './keys';
import { useKeyboardScope } from './keyboard-scope';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'> & {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  layout: KeyboardLayout;
  capitalize?: boolean;
  /** Shown under the field (and read with it). */
  hint?: ReactNode;
  error?: string;
};

/**
 * A labelled text field for the kiosk: the on-screen keyboard of its KeyboardScope types into
 * it (the system's own touch keyboard stays closed: inputMode none); a service keyboard works too.
 */
export function TouchInput({ label, value, onChange, layout, capitalize = false, hint, error, maxLength, className, ...rest }: Props) {
  const id = useId();
  const scope = useKeyboardScope();
  scope?.register({ id, layout, value, onChange, capitalize, ...(maxLength !== undefined ? { maxLength } : {}) });
  const active = scope?.active()?.id === id;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={['touch-field', active ? 'touch-field--active' : null, className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="none"
        autoComplete="off"
        spellCheck={false}
        value={value}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        onFocus={() => scope?.activate(id)}
        onPointerDown={() => scope?.activate(id)}
        onChange={(e) => onChange(e.target.value)}
        {...rest}
      />
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
