import { useState } from 'react';
import { useI18n } from '../i18n';
import { MAX_NAME, MAX_SAVED, type SavedFilter } from '../savedFilters';

/** The searches this person keeps: each runs with one tap; the current one can be kept under a name. */
export function SavedFilters<T>({
  saved,
  onApply,
  onSave,
  onRemove,
}: {
  saved: SavedFilter<T>[];
  onApply: (form: T) => void;
  onSave: (name: string) => void;
  onRemove: (name: string) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const save = () => {
    if (!name.trim()) {
      setError(t('savedFilters.nameMissing'));
      document.getElementById('saved-filter-name')?.focus();
      return;
    }
    setError('');
    onSave(name);
    setName('');
  };
  return (
    <section className="card saved-filters" aria-labelledby="saved-filters-heading">
      <h2 id="saved-filters-heading">{t('savedFilters.title')}</h2>
      {saved.length === 0 ? (
        <p className="empty">{t('savedFilters.none')}</p>
      ) : (
        <ul className="saved-filter-list">
          {saved.map((f) => (
            <li key={f.name}>
              <button type="button" className="secondary" onClick={() => onApply(f.form)}>
                {f.name}
              </button>
              <button
                type="button"
                className="link-button"
                aria-label={t('savedFilters.remove', { name: f.name })}
                onClick={() => onRemove(f.name)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor="saved-filter-name">{t('savedFilters.name')}</label>
        <p className="hint" id="saved-filter-name-hint">
          {t('savedFilters.hint', { n: MAX_SAVED })}
        </p>
        <input
          id="saved-filter-name"
          value={name}
          maxLength={MAX_NAME}
          aria-describedby={error ? 'saved-filter-name-hint saved-filter-name-error' : 'saved-filter-name-hint'}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              save();
            }
          }}
        />
        {error && (
          <p className="field-error" id="saved-filter-name-error">
            {error}
          </p>
        )}
      </div>
      <button type="button" className="secondary" onClick={save}>
        {t('savedFilters.save')}
      </button>
    </section>
  );
}
