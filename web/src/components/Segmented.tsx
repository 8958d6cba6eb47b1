/** A row of buttons choosing one of a few views of a list (the chosen one pressed). */
export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  text,
}: {
  label: string;
  options: T[];
  value: T;
  onChange: (value: T) => void;
  text: (value: T) => string;
}) {
  return (
    <div className="segmented" role="group" aria-label={label}>
      {options.map((o) => (
        <button
          key={o}
          type="button"
          className={value === o ? 'primary small' : 'secondary small'}
          aria-pressed={value === o}
          onClick={() => onChange(o)}
        >
          {text(o)}
        </button>
      ))}
    </div>
  );
}
