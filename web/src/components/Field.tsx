// Form fields with a visible label, an optional hint and an error tied to the input by
// aria-describedby, so a screen reader reads all three together.
import type { ComponentPropsWithRef, ReactNode } from 'react';

interface Common {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
}

function describedBy(id: string, hint?: ReactNode, error?: string) {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** The label, hint and error around a field (a date field's text and picker: DateTimeInput.tsx). */
export function Frame({ id, label, hint, error, required, children }: Common & { children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required-mark" aria-hidden="true"> *</span>}
      </label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({ id, label, hint, error, required, ...input }: Common & ComponentPropsWithRef<'input'>) {
  // Dates, date-times and months are not typed here but in DateTimeInput, in the application's
  // form rather than the browser's locale's.
  return (
    <Frame id={id} label={label} hint={hint} error={error} required={required}>
      <input
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
    </Frame>
  );
}

export function TextArea({ id, label, hint, error, required, ...input }: Common & ComponentPropsWithRef<'textarea'>) {
  return (
    <Frame id={id} label={label} hint={hint} error={error} required={required}>
      <textarea
        id={id}
        name={id}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
    </Frame>
  );
}

export function SelectField({
  id,
  label,
  hint,
  error,
  required,
  options,
  ...select
}: Common & ComponentPropsWithRef<'select'> & { options: { value: string; label: string; lang?: string }[] }) {
  return (
    <Frame id={id} label={label} hint={hint} error={error} required={required}>
      <select
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** A set of radio buttons as one question: fieldset and legend name the group. */
export function RadioGroup({
  name,
  legend,
  hint,
  error,
  options,
  value,
  onChange,
  inline,
  grid,
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: { value: string; label: ReactNode }[];
  value: string;
  onChange: (value: string) => void;
  inline?: boolean;
  /** Lays the options out as equal columns (the four levels). */
  grid?: boolean;
}) {
  return (
    <fieldset
      className={`field radio-group${inline ? ' radio-inline' : ''}${error ? ' field-invalid' : ''}`}
      aria-describedby={[hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined}
    >
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      <div className={`radio-options${grid ? ' radio-grid' : ''}`}>
        {options.map((o) => (
          <label key={o.value} className="radio-option">
            <input
              type="radio"
              name={name}
              id={`${name}-${o.value}`}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error && (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function Checkbox({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="checkbox">
      <input type="checkbox" id={id} name={id} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
