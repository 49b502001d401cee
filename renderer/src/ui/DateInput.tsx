import { forwardRef, useEffect, useState, type InputHTMLAttributes, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';
import { parseTypedDate } from '../../../main/domain';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  /** YYYY-MM-DD, or '' for none. */
  value: string;
  onChange: (ymd: string) => void;
  /** Enter in the field (after its value is taken). */
  onEnter?: () => void;
};

/**
 * A date at a keyboard (clerk and field desks), shown as the language writes it (TT.MM.JJJJ,
 * DD/MM/YYYY) and typed the same way, digits only if you like: "04052026". Not the browser's
 * date input, which follows the browser's locale ("05/04/2026"), not the station's language.
 * The ISO value is on the field as data-value; a text that is no date is marked invalid.
 */
export const DateInput = forwardRef<HTMLInputElement, Props>(function DateInput({ value, onChange, onEnter, onBlur, onKeyDown, placeholder, ...rest }, ref) {
  const { t } = useTranslation();
  const format = useFormat();
  const shown = value ? format.date(value) : '';
  const [text, setText] = useState(shown);
  const [editing, setEditing] = useState(false);
  // A new value from outside (another page opened) replaces what is shown, unless the clerk is typing.
  useEffect(() => {
    if (!editing) setText(shown);
  }, [shown, editing]);
  const parsed = text.trim() === '' ? '' : parseTypedDate(text);
  const take = (raw: string) => {
    const ymd = raw.trim() === '' ? '' : parseTypedDate(raw);
    if (ymd !== null && ymd !== value) onChange(ymd);
  };
  return (
    <input
      ref={ref}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      placeholder={placeholder ?? t('ui.datePlaceholder')}
      value={text}
      data-value={value}
      aria-invalid={parsed === null ? true : undefined}
      onFocus={() => setEditing(true)}
      onChange={(e) => {
        setText(e.target.value);
        take(e.target.value);
      }}
      onBlur={(e) => {
        setEditing(false);
        if (parsed !== null) setText(parsed ? format.date(parsed) : '');
        onBlur?.(e);
      }}
      onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
        if (e.key === 'Enter' && onEnter) {
          e.preventDefault();
          take(text);
          onEnter();
        }
        onKeyDown?.(e);
      }}
      {...rest}
    />
  );
});
