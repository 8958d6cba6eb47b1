// A date or date-time field in the application's own form ("2026/12/01 14:30", or with the
// Minguo year "115/12/01 14:30" when chosen on My details), whatever the browser's locale: the
// browser's <input type="date"> shows its locale's form (12/01/2026 in en-US, 01/12/2026 in
// en-GB), which reads differently from every date the application shows.
//
// The person types into a text field, read leniently (src/dateText.ts), or picks with the
// browser's own picker behind the calendar button (the phone's date wheel, large and read by the
// screen reader). The form keeps the same value as with the browser's input ("2026-12-01T14:30",
// "2026-12-01", Taipei time), so form logic, drafts and API calls are as they were.
//
// A text that is not a date (or is outside min/max) gives the form the empty value, is shown as
// an error under the field once the person leaves it, and stops its form from being sent: the
// form's own submit handler does not run while the field holds something that is not a date, so
// an optional date typed wrong is never dropped without a word.
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { formatDateText, nativeValue, outOfRange, parseDateText, type DateKind, type DateProblem } from '../dateText';
import { useCalendar } from '../format';
import { useI18n } from '../i18n';
import { Frame } from './Field';

type Problem = DateProblem | 'early' | 'late';

interface Props {
  id: string;
  kind: DateKind;
  label: ReactNode;
  hint?: ReactNode;
  /** The form's own error for the field (required, in the future…). */
  error?: string;
  required?: boolean;
  /** "2026-12-01T14:30" or "2026-12-01" (Taipei time), or "". */
  value: string;
  onChange: (value: string) => void;
  min?: string;
  max?: string;
  autoFocus?: boolean;
}

const EXAMPLE = '2026-12-01T14:30';

export function DateTimeInput({ id, kind, label, hint, error, required, value, onChange, min, max, autoFocus }: Props) {
  const { t } = useI18n();
  const calendar = useCalendar();
  const [text, setText] = useState(() => formatDateText(value, kind, calendar));
  // The problem shown under the field: set when the person leaves it (or sends the form), then
  // kept up to date as they type.
  const [shown, setShown] = useState<{ problem: Problem; text: string } | null>(null);
  const emitted = useRef(value);
  const textRef = useRef<HTMLInputElement>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  const pickId = `${id}-pick`;
  const formatId = `${id}-format`;
  const nativeId = useId();

  const read = useCallback(
    (typed: string): { value: string; problem: Problem | null } => {
      const parsed = parseDateText(typed, kind);
      if (!parsed.ok) return { value: '', problem: parsed.problem };
      const range = outOfRange(parsed.value, min, max);
      return range ? { value: '', problem: range } : { value: parsed.value, problem: null };
    },
    [kind, min, max],
  );

  const emit = (next: string) => {
    emitted.current = next;
    if (next !== value) onChange(next);
  };

  // A value set from outside (a draft restored, the form emptied after sending): shown anew.
  useEffect(() => {
    if (value === emitted.current) return;
    emitted.current = value;
    setText(formatDateText(value, kind, calendar));
    setShown(null);
    // Only a change of value from outside: the text typed is not shown anew as it is typed.
  }, [value]);

  // The calendar chosen on My details changed: a date read as it was is shown in the new one.
  useEffect(() => {
    setText((current) => {
      const parsed = parseDateText(current, kind);
      return parsed.ok && parsed.value ? formatDateText(parsed.value, kind, calendar) : current;
    });
  }, [calendar, kind]);

  // Sending the form while the field holds something that is not a date: the error is shown,
  // the field has the focus, and the form's own handler (React's, at the root) never sees it.
  useEffect(() => {
    const form = textRef.current?.form;
    if (!form) return;
    const guard = (e: Event) => {
      const input = textRef.current;
      if (!input) return;
      const { problem } = read(input.value);
      if (!problem) return;
      e.preventDefault();
      e.stopPropagation();
      setShown({ problem, text: input.value.trim() });
      const marked = e as Event & { dateFocused?: boolean };
      if (!marked.dateFocused) {
        marked.dateFocused = true;
        input.focus();
      }
    };
    form.addEventListener('submit', guard, true);
    return () => form.removeEventListener('submit', guard, true);
  }, [read]);

  const typed = (next: string) => {
    setText(next);
    const r = read(next);
    emit(r.value);
    if (shown) setShown(r.problem ? { problem: r.problem, text: next.trim() } : null);
  };

  const left = () => {
    const r = read(text);
    if (r.problem) {
      setShown({ problem: r.problem, text: text.trim() });
      return;
    }
    setShown(null);
    // Read as a date: shown in the application's form ("2026/12/1 9:05" → "2026/12/01 09:05").
    setText(formatDateText(r.value, kind, calendar));
  };

  const picked = (next: string) => {
    if (!next) return;
    const shownText = formatDateText(next, kind, calendar);
    setText(shownText);
    const r = read(shownText);
    emit(r.value);
    setShown(r.problem ? { problem: r.problem, text: shownText } : null);
  };

  const openPicker = () => {
    const picker = pickerRef.current;
    if (!picker) return;
    try {
      picker.showPicker();
    } catch {
      // A browser without showPicker (or refusing it): typing is the way.
      textRef.current?.focus();
    }
  };

  const example = formatDateText(EXAMPLE, kind, calendar);
  const formatHint = t(`dateInput.format.${kind}.${calendar}`, { example });
  const message = (() => {
    if (!shown) return undefined;
    const limit = (v: string | undefined) => (v ? formatDateText(v, kind, calendar) : '');
    switch (shown.problem) {
      case 'format':
        return t('dateInput.error.format', { text: shown.text, example });
      case 'date':
        return t('dateInput.error.date', { text: shown.text });
      case 'time':
        return t('dateInput.error.time', { text: shown.text });
      case 'timeMissing':
        return t('dateInput.error.timeMissing', { example });
      case 'early':
        return t('dateInput.error.early', { limit: limit(min) });
      case 'late':
        return t('dateInput.error.late', { limit: limit(max) });
    }
  })();
  const shownError = message ?? error;

  return (
    <Frame id={id} label={label} hint={hint} error={shownError} required={required}>
      <p className="hint date-format" id={formatId}>
        {formatHint}
      </p>
      <div className="date-input">
        <input
          ref={textRef}
          id={id}
          name={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          value={text}
          onChange={(e) => typed(e.target.value)}
          onBlur={left}
          aria-invalid={shownError ? true : undefined}
          aria-required={required || undefined}
          aria-describedby={[hint ? `${id}-hint` : '', formatId, shownError ? `${id}-error` : ''].filter(Boolean).join(' ')}
        />
        <button type="button" className="secondary date-pick" id={pickId} aria-label={t(`dateInput.pick.${kind}`)} title={t(`dateInput.pick.${kind}`)} onClick={openPicker}>
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
            <path
              fill="currentColor"
              d="M7 2h2v2h6V2h2v2h3a1 1 0 0 1 1 1v15a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3V2Zm12 8H5v9h14v-9ZM5 8h14V6H5v2Zm2 4h3v3H7v-3Z"
            />
          </svg>
        </button>
        {/* The browser's own picker, opened by the button; it is not a field of its own. */}
        <input
          ref={pickerRef}
          id={nativeId}
          className="date-native"
          type={{ date: 'date', datetime: 'datetime-local', month: 'month' }[kind]}
          tabIndex={-1}
          aria-hidden="true"
          aria-labelledby={pickId}
          value={nativeValue(value, kind)}
          min={min ? nativeValue(min, kind) : undefined}
          max={max ? nativeValue(max, kind) : undefined}
          onChange={(e) => picked(e.target.value)}
        />
      </div>
    </Frame>
  );
}
