import { useState } from 'preact/hooks';

import { parseDayMonthYear, toDayMonthYear } from '../domain/dates';
import { t } from '../i18n';

/** A date typed as dd/mm/yyyy (the phone's own picker follows its locale, often mm/dd);
 * `onChange` gets the ISO date, or '' while it is empty or not a real day. */
export function DateInput({ name, value, onChange }: { name: string; value: string; onChange: (iso: string) => void }) {
  const [text, setText] = useState(value ? toDayMonthYear(value) : '');
  const bad = text.trim() !== '' && parseDayMonthYear(text) === null;
  return (
    <>
      <input
        name={name}
        inputMode="numeric"
        placeholder="dd/mm/yyyy"
        autocomplete="off"
        value={text}
        aria-invalid={bad}
        onInput={(e) => {
          const typed = e.currentTarget.value;
          setText(typed);
          onChange(parseDayMonthYear(typed) ?? '');
        }}
      />
      {bad && <span class="error">{t.value.dates.bad}</span>}
    </>
  );
}
