// Searching tickets: by subtree, type, sub-category, level, period of awareness, drill or real,
// state or number, a page at a time, and the whole result as a CSV file for Excel.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, apiHref, type IncidentFilters, type IncidentState, type IncidentType, type Page, type TicketSummary } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField, TextField } from '../components/Field';
import { DateTimeInput } from '../components/DateTimeInput';
import { IncidentList } from '../components/IncidentList';
import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { LEVELS, SUBCATEGORIES } from '../incidentLabels';
import { useSession } from '../session';
import { useVisibleUnits } from '../visibleUnits';
import { useSearchParams } from '../router';
import { Pager } from './WarningsPage';
import { Loading } from '../components/Loading';
import { DESK_QUERY, useMediaQuery } from '../mediaQuery';
import { loadSavedFilters, removeFilter, saveFilter, type SavedFilter } from '../savedFilters';
import { SavedFilters } from '../components/SavedFilters';
import { OtherMatches } from '../components/OtherMatches';
import { shownTotal } from '../format';

const PAGE = 20;
const STATES: IncidentState[] = ['draft', 'reported', 'responded', 'centre_review', 'cert_review', 'returned', 'closed', 'discarded'];

interface Form {
  text: string;
  scope: 'open' | 'history' | 'all';
  root: string;
  type: '' | IncidentType;
  subcategory: string;
  level: string;
  from: string;
  to: string;
  drill: '' | 'true' | 'false';
  state: '' | IncidentState;
  number: string;
}

const EMPTY: Form = { text: '', scope: 'all', root: '', type: '', subcategory: '', level: '', from: '', to: '', drill: '', state: '', number: '' };

/** The page as the search box in the banner opens it (/history?q=…): everything, open tickets first. */
function formFrom(params: URLSearchParams): Form {
  const text = params.get('q') ?? '';
  return text ? { ...EMPTY, text } : EMPTY;
}

/** How many filters beyond the search words are set (shown on the closed filter panel). */
function filtersSet(f: Form): number {
  return (Object.keys(EMPTY) as (keyof Form)[]).filter((k) => k !== 'text' && f[k] !== EMPTY[k]).length;
}

/** The form as the API's query: empty fields left out; dates are whole Taipei days. */
function toFilters(f: Form): IncidentFilters {
  return {
    q: f.text.trim() || undefined,
    scope: f.scope,
    root: f.root || undefined,
    type: f.type || undefined,
    subcategory: f.subcategory || undefined,
    level: f.level ? Number(f.level) : undefined,
    from: f.from ? `${f.from}T00:00:00+08:00` : undefined,
    to: f.to ? `${nextDay(f.to)}T00:00:00+08:00` : undefined,
    drill: f.drill === '' ? undefined : f.drill === 'true',
    state: f.state || undefined,
    number: f.number.trim() || undefined,
  };
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function HistoryPage() {
  const i18n = useI18n();
  const { t, tx } = i18n;
  const { me } = useSession();
  const asked = useSearchParams().get('q') ?? '';
  const [form, setForm] = useState<Form>(() => formFrom(new URLSearchParams(window.location.search)));
  const [query, setQuery] = useState<IncidentFilters>(() => toFilters(formFrom(new URLSearchParams(window.location.search))));

  // A new search from the banner while this page is open.
  useEffect(() => {
    const f = formFrom(new URLSearchParams({ q: asked }));
    setForm((current) => (current.text === f.text ? current : f));
    setOffset(0);
    setQuery((current) => (current.q === toFilters(f).q ? current : toFilters(f)));
  }, [asked]);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<TicketSummary> | null>(null);
  const units = useVisibleUnits();
  const [error, setError] = useState<unknown>(null);
  const [dateError, setDateError] = useState('');
  const desk = useMediaQuery(DESK_QUERY);
  const [saved, setSaved] = useState<SavedFilter<Form>[]>(() => loadSavedFilters<Form>(me));

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .incidents({ ...query, limit: PAGE, offset })
      .then((p) => live && setPage(p))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [query, offset]);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  const search = (e: FormEvent) => {
    e.preventDefault();
    if (form.from && form.to && form.from > form.to) {
      setDateError(t('history.periodOrder'));
      document.getElementById('h-to')?.focus();
      return;
    }
    setDateError('');
    setPage(null);
    setOffset(0);
    setQuery(toFilters(form));
  };

  const apply = (f: Form) => {
    const form = { ...EMPTY, ...f };
    setForm(form);
    setDateError('');
    setPage(null);
    setOffset(0);
    setQuery(toFilters(form));
  };

  const reset = () => {
    setForm(EMPTY);
    setDateError('');
    setOffset(0);
    setQuery(toFilters(EMPTY));
  };

  const subOptions = form.type ? SUBCATEGORIES[form.type] : [...SUBCATEGORIES.INT, ...SUBCATEGORIES.DEF.filter((s) => !SUBCATEGORIES.INT.includes(s))];
  const anyOption = { value: '', label: t('history.any') };

  // On a phone the search box and the results come first; the other filters fold away.
  const shownFilters = (grid: ReactNode) =>
    desk ? (
      grid
    ) : (
      <details className="more-filters" open={filtersSet(form) > 0 || undefined}>
        <summary>{t('history.moreFilters', { n: filtersSet(form) })}</summary>
        {grid}
      </details>
    );

  return (
    <div>
      <PageHeading title={t('history.title')}>{t('history.title')}</PageHeading>
      <div className="search-layout">
      <div className="search-filters">
      <form className="card filters" onSubmit={search} noValidate aria-labelledby="filters-heading">
        <h2 id="filters-heading">{t('history.filters')}</h2>
        <TextField
          id="h-text"
          type="search"
          label={t('history.text')}
          hint={t('history.textHint')}
          value={form.text}
          maxLength={200}
          onChange={(e) => set('text', e.target.value)}
        />
        {shownFilters(
        <div className="filter-grid">
          <SelectField
            id="h-scope"
            label={t('history.scope')}
            value={form.scope}
            onChange={(e) => set('scope', e.target.value as Form['scope'])}
            options={(['history', 'open', 'all'] as const).map((v) => ({ value: v, label: t(`history.scope.${v}`) }))}
          />
          {units.length > 1 && (
            <SelectField
              id="h-root"
              label={t('history.root')}
              value={form.root}
              onChange={(e) => set('root', e.target.value)}
              options={[{ value: '', label: t('history.rootAll', { unit: me.unit?.name ?? '' }) }, ...units.map((u) => ({ value: u.oid, label: u.name }))]}
            />
          )}
          <SelectField
            id="h-type"
            label={t('report.type')}
            value={form.type}
            onChange={(e) => setForm((f) => ({ ...f, type: e.target.value as Form['type'], subcategory: '' }))}
            options={[anyOption, { value: 'INT', label: t('type.INT') }, { value: 'DEF', label: t('type.DEF') }]}
          />
          <SelectField
            id="h-subcategory"
            label={t('report.subcategory')}
            value={form.subcategory}
            onChange={(e) => set('subcategory', e.target.value)}
            options={[anyOption, ...subOptions.map((s) => ({ value: s, label: tx(`subcategory.${s}`, s) }))]}
          />
          <SelectField
            id="h-level"
            label={t('history.level')}
            value={form.level}
            onChange={(e) => set('level', e.target.value)}
            options={[anyOption, ...LEVELS.map((l) => ({ value: String(l), label: t('level.value', { level: l }) }))]}
          />
          <SelectField
            id="h-state"
            label={t('history.state')}
            value={form.state}
            onChange={(e) => set('state', e.target.value as Form['state'])}
            options={[anyOption, ...STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))]}
          />
          <SelectField
            id="h-drill"
            label={t('history.drill')}
            value={form.drill}
            onChange={(e) => set('drill', e.target.value as Form['drill'])}
            options={[anyOption, { value: 'false', label: t('history.drill.false') }, { value: 'true', label: t('history.drill.true') }]}
          />
          <DateTimeInput id="h-from" kind="date" label={t('history.from')} value={form.from} onChange={(value) => set('from', value)} />
          <DateTimeInput
            id="h-to"
            kind="date"
            label={t('history.to')}
            value={form.to}
            error={dateError}
            onChange={(value) => set('to', value)}
          />
          <TextField
            id="h-number"
            label={t('history.number')}
            hint={t('history.numberHint')}
            value={form.number}
            onChange={(e) => set('number', e.target.value)}
          />
        </div>
        )}
        <div className="button-row">
          <button type="submit" className="primary">
            {t('history.search')}
          </button>
          <button type="button" className="secondary" onClick={reset}>
            {t('history.reset')}
          </button>
        </div>
      </form>
      <SavedFilters<Form>
        saved={saved}
        onApply={apply}
        onSave={(name) => setSaved(saveFilter(me, name, form))}
        onRemove={(name) => setSaved(removeFilter<Form>(me, name))}
      />
      </div>
      <div className="search-results">
      <ErrorAlert error={error} />
      <OtherMatches words={query.q ?? ''} />
      {/* A national list is counted to 10,000: beyond, it says "10,000+". */}
      <section className="card" aria-labelledby="results-heading">
        <h2 id="results-heading">
          {t('history.results')} {page && <span className="count">{t('home.count', { n: shownTotal(page) })}</span>}
        </h2>
        {page && page.total > 0 && (
          <p>
            {/* The server writes the whole result (every page) as CSV for Excel, in this language. */}
            <a className="button secondary small" href={apiHref('/incidents/export', { ...query, lang: i18n.lang })} download>
              {t('history.export', { n: shownTotal(page) })}
            </a>
          </p>
        )}
        {!page ? (
          <Loading shape="list" />
        ) : (
          <>
            <p className="visually-hidden" role="status">
              {t('history.found', { n: shownTotal(page) })}
            </p>
            <IncidentList items={page.items} showUnit emptyText={t('history.empty')} />
            <Pager total={page.total} offset={offset} size={PAGE} onChange={setOffset} />
          </>
        )}
      </section>
      </div>
      </div>
    </div>
  );
}
