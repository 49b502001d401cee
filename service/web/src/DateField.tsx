import { useEffect, useId, useState } from 'react';
import { parseTypedDate } from '../../../main/domain';
import { useI18n } from './i18n';

/**
 * A calendar day typed as the page's language writes it: TT.MM.JJJJ in German, DD/MM/YYYY in
 * English (digits only works too: "15032027"). Not the browser's date input, which follows the
 * browser's locale ("03/15/2027" in an American Chromium), not the back office's language.
 * `value` is YYYY-MM-DD, or '' while the text is empty or no real date; the field then says so
 * (aria-invalid and a message read with it) and the form does not send it.
 */
export function DateField({ label, value, onChange, showError }: { label: string; value: string; onChange: (ymd: string) => void; /** The form was sent with no valid date: say it even before the field was left. */ showError: boolean }) {
  const { t, date, lang } = useI18n();
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const [text, setText] = useState(value ? date(value) : '');
  const [editing, setEditing] = useState(false);
  const [left, setLeft] = useState(false);
  // Another language rewrites the day its way, unless the officer is typing.
  useEffect(() => {
    if (!editing && value) setText(date(value));
  }, [value, lang, editing, date]);
  const invalid = parseTypedDate(text) === null;
  const say = invalid && (left || showError);
  return (
    <div className="date-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={10}
        placeholder={t('datePattern')}
        value={text}
        data-value={value}
        aria-invalid={say ? true : undefined}
        aria-describedby={say ? `${hintId} ${errorId}` : hintId}
        onFocus={() => setEditing(true)}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseTypedDate(e.target.value) ?? '');
        }}
        onBlur={() => {
          setEditing(false);
          setLeft(true);
        }}
      />
      <span id={hintId} className="field-hint">
        {t('datePattern')}
      </span>
      {say ? (
        <span id={errorId} className="error" role="alert">
          {t('dateInvalid')}
        </span>
      ) : null}
    </div>
  );
}
