// The response (應變): what was done, the fix, when it was resolved and the root cause. Level
// 3–4 asks for more (meeting, standby, logs, scope), as core/incident_checks.cpp requires.
import { useEffect, useState, type FormEvent } from 'react';
import { api, type IncidentResponse, type Ticket } from '../api';
import { describeError, fieldKey } from '../errors';
import { fromTaipeiInput, isoToTaipeiInput } from '../format';
import { useI18n } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { TextArea, TextField } from './Field';
import { DateTimeInput } from './DateTimeInput';
import { FormErrorSummary } from './FormErrorSummary';

type Values = Record<string, string>;

const TEXT_FIELDS = [
  'emergency_measures',
  'solution',
  'root_cause.first_infected_host',
  'root_cause.entry_vector',
  'root_cause.lateral_movement',
  'root_cause.scope_units',
  'root_cause.scope_systems',
  'root_cause.scope_endpoints',
  'response_meeting',
  'standby_people',
  'logs_provided',
] as const;

const HIGH_LEVEL_ONLY = new Set(['response_meeting', 'standby_people', 'logs_provided']);

function initial(r: IncidentResponse | null): Values {
  const v: Values = {};
  for (const f of TEXT_FIELDS) {
    const [a, b] = f.split('.');
    const source = (b ? (r?.root_cause as unknown as Record<string, string>) : (r as unknown as Record<string, string>)) ?? {};
    v[f] = (b ? source?.[b] : source?.[a]) ?? '';
  }
  v.resolved_at = isoToTaipeiInput(r?.resolved_at);
  v.attack_techniques = r?.root_cause.attack_techniques.join(', ') ?? '';
  return v;
}

const inputId = (field: string) => `resp-${field.replace('.', '-')}`;

export function ResponseForm({ ticket, onDone }: { ticket: Ticket; onDone: (t: Ticket) => void }) {
  const i18n = useI18n();
  const { t, tx } = i18n;
  const high = ticket.level >= 3;
  const [values, setValues] = useState<Values>(() => initial(ticket.response));
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The summary is for the form's own checks; a server refusal has its own alert.
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const set = (f: string) => (e: { target: { value: string } }) => setValues({ ...values, [f]: e.target.value });
  // ATT&CK techniques picked by name or identifier from MITRE's catalogue, added to the list.
  const [techniques, setTechniques] = useState<{ id: string; name: string }[]>([]);
  const [techniqueSearch, setTechniqueSearch] = useState('');
  useEffect(() => {
    api.attackTechniques().then((r) => setTechniques(r.items)).catch(() => setTechniques([]));
  }, []);
  const pickTechnique = (text: string) => {
    const picked = techniques.find((x) => `${x.id} ${x.name}` === text);
    if (!picked) return setTechniqueSearch(text);
    const ids = values.attack_techniques.split(/[,\s]+/).filter(Boolean);
    if (!ids.includes(picked.id)) setValues({ ...values, attack_techniques: [...ids, picked.id].join(', ') });
    setTechniqueSearch('');
  };
  const label = (f: string) => tx(`field.${f}`, f);
  const required = (f: string) =>
    f === 'emergency_measures' || f === 'solution' || (high && (HIGH_LEVEL_ONLY.has(f) || f.endsWith('first_infected_host') || f.endsWith('entry_vector')));

  const focus = (f: string) => document.getElementById(inputId(f))?.focus();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const found: Record<string, string> = {};
    for (const f of TEXT_FIELDS) if (required(f) && !values[f].trim()) found[f] = t('form.required', { field: label(f) });
    if (high && !values['root_cause.scope_units'].trim() && !values['root_cause.scope_systems'].trim() && !values['root_cause.scope_endpoints'].trim())
      found['root_cause.scope_units'] = t('response.scopeMissing');
    const resolved = values.resolved_at ? fromTaipeiInput(values.resolved_at) : null;
    if (values.resolved_at && !resolved) found.resolved_at = t('form.required', { field: label('resolved_at') });
    setErrors(found);
    setChecked(found);
    const first = Object.keys(found)[0];
    if (first) {
      focus(first);
      return;
    }
    const v = (f: string) => values[f].trim();
    const body: Partial<IncidentResponse> = {
      emergency_measures: v('emergency_measures'),
      solution: v('solution'),
      ...(resolved ? { resolved_at: resolved } : {}),
      response_meeting: v('response_meeting'),
      standby_people: v('standby_people'),
      logs_provided: v('logs_provided'),
      root_cause: {
        first_infected_host: v('root_cause.first_infected_host'),
        entry_vector: v('root_cause.entry_vector'),
        lateral_movement: v('root_cause.lateral_movement'),
        scope_units: v('root_cause.scope_units'),
        scope_systems: v('root_cause.scope_systems'),
        scope_endpoints: v('root_cause.scope_endpoints'),
        attack_techniques: values.attack_techniques
          .split(/[,\s、，]+/)
          .map((s) => s.trim().toUpperCase())
          .filter(Boolean),
      },
    };
    setBusy(true);
    try {
      onDone(await api.fileResponse(ticket.id, body));
    } catch (err) {
      setError(err);
      const field = describeError(i18n, err).field;
      if (field) {
        setErrors({ [fieldKey(field)]: describeError(i18n, err).message });
        focus(fieldKey(field));
      }
    } finally {
      setBusy(false);
    }
  };

  const text = (f: (typeof TEXT_FIELDS)[number], hint?: string) =>
    !high && HIGH_LEVEL_ONLY.has(f) ? null : (
      <TextArea
        key={f}
        id={inputId(f)}
        label={label(f)}
        hint={hint}
        required={required(f)}
        value={values[f]}
        onChange={set(f)}
        error={errors[f]}
        rows={2}
      />
    );

  // At level 1–2 only the first infected host and the entry vector are asked for; the rest of the
  // root cause folds away unless it already holds something.
  const hasMore = [
    'root_cause.lateral_movement',
    'root_cause.scope_units',
    'root_cause.scope_systems',
    'root_cause.scope_endpoints',
    'attack_techniques',
  ].some((f) => values[f]?.trim());
  const moreRootCause = (
    <>
      {text('root_cause.lateral_movement')}
      {text('root_cause.scope_units')}
      {text('root_cause.scope_systems')}
      {text('root_cause.scope_endpoints')}
      <TextField
        id={inputId('root_cause.attack_techniques')}
        label={label('root_cause.attack_techniques')}
        hint={t('response.techniquesHint')}
        value={values.attack_techniques}
        onChange={set('attack_techniques')}
        error={errors['root_cause.attack_techniques']}
        spellCheck={false}
        autoCapitalize="characters"
      />
      <TextField
        id="resp-technique-search"
        label={t('response.techniqueSearch')}
        hint={t('response.techniqueSearchHint')}
        list="attack-technique-options"
        value={techniqueSearch}
        onChange={(e) => pickTechnique(e.target.value)}
        autoComplete="off"
      />
      <datalist id="attack-technique-options">
        {techniques.map((x) => (
          <option key={x.id} value={`${x.id} ${x.name}`} />
        ))}
      </datalist>
    </>
  );

  return (
    <form onSubmit={submit} noValidate className="action-form">
      <p className="hint">{high ? t('response.introHigh') : t('response.intro')}</p>
      {text('emergency_measures')}
      {text('solution')}
      <DateTimeInput
        id={inputId('resolved_at')}
        kind="datetime"
        label={label('resolved_at')}
        hint={t('response.resolvedHint')}
        value={values.resolved_at}
        onChange={(value) => setValues({ ...values, resolved_at: value })}
        error={errors.resolved_at}
      />
      <fieldset className="group">
        <legend>{t('response.rootCause')}</legend>
        <p className="hint">{t('response.rootCauseHint')}</p>
        {text('root_cause.first_infected_host')}
        {text('root_cause.entry_vector', t('response.entryVectorHint'))}
        {high ? (
          moreRootCause
        ) : (
          <details className="more-root-cause" open={hasMore || undefined}>
            <summary>{t('response.moreRootCause')}</summary>
            {moreRootCause}
          </details>
        )}
      </fieldset>
      {text('response_meeting')}
      {text('standby_people')}
      {text('logs_provided')}
      <FormErrorSummary errors={checked} />
      <ErrorAlert error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('response.submit')}
      </button>
    </form>
  );
}
