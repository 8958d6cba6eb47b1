// For the CERT and a SOC: issue an early warning by hand, or import many from a CSV file, a STIX
// 2.1 bundle or a MISP event. The server routes each address to the unit whose range holds it
// most specifically (else to the CERT's triage) and merges repeats. Each form first previews
// where its warnings would go (the server's dry run, nothing stored); only then can they be sent,
// and any change to the form asks for a new preview. The page then lists where each went.
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { api, type ImportNote, type IssuedWarning, type WarningInput, type WarningPreview, type WarningSubcategory } from '../api';
import { serverNow } from '../clock';
import { ErrorAlert } from '../components/ErrorAlert';
import { RadioGroup, SelectField, TextArea, TextField } from '../components/Field';
import { DateTimeInput } from '../components/DateTimeInput';
import { FormErrorSummary } from '../components/FormErrorSummary';
import { PageHeading } from '../components/PageHeading';
import { WarningPreviewTable } from '../components/WarningPreviewTable';
import { describeError, fieldKey } from '../errors';
import { fromTaipeiInput, toTaipeiInput } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { issuesWarnings, useSession } from '../session';

export const WARNING_SUBCATEGORIES: WarningSubcategory[] = [
  'outbound_attack',
  'suspicious_connection',
  'suspected_outbound_attack',
  'suspected_vulnerability',
  'suspicious_program',
  'suspected_leak',
  'suspected_spam',
  'other',
];

type Format = 'csv' | 'stix' | 'misp';

/** The format a file most likely is: by its name, else by what it holds. */
export function guessFormat(name: string, text: string): Format {
  if (/\.csv$/i.test(name)) return 'csv';
  const head = text.trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return /"Event"\s*:/.test(text) ? 'misp' : 'stix';
  return 'csv';
}

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$/;

export function IssueWarningsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [results, setResults] = useState<{ items: IssuedWarning[]; source: string } | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const resultRef = useRef<HTMLElement>(null);

  useEffect(() => {
    api
      .units({ limit: 1000 })
      .then((p) => setNames(new Map(p.items.map((u) => [u.oid, u.name]))))
      .catch(() => undefined);
  }, []);

  const issued = async (items: IssuedWarning[], source: string) => {
    // Names of units the list above did not hold (a large tree, or a SOC, which sees no school):
    // a warning names its unit to its issuer, so one warning is read for each such unit.
    const missing = new Map<string, number>();
    for (const w of items) if (w.unit_oid && !names.has(w.unit_oid) && !missing.has(w.unit_oid)) missing.set(w.unit_oid, w.id);
    if (missing.size) {
      const found = await Promise.all(
        [...missing].slice(0, 50).map(([oid, id]) =>
          api
            .warning(id)
            .then((w) => (w.unit ? ([oid, w.unit.name] as const) : null))
            .catch(() => null),
        ),
      );
      const next = new Map(names);
      for (const f of found) if (f) next.set(f[0], f[1]);
      setNames(next);
    }
    setResults({ items, source });
    window.setTimeout(() => resultRef.current?.focus(), 0);
  };

  if (!issuesWarnings(me))
    return (
      <>
        <PageHeading title={t('issue.title')}>{t('issue.title')}</PageHeading>
        <p className="alert alert-info">{t('issue.notAllowed')}</p>
      </>
    );

  return (
    <>
      <p className="small">
        <Link href="/warnings" className="tap-link">
          {t('issue.back')}
        </Link>
      </p>
      <PageHeading title={t('issue.title')}>{t('issue.title')}</PageHeading>
      <p className="hint">{t('issue.intro')}</p>
      {results && (
        <section className="card" aria-labelledby="issue-results-heading" ref={resultRef} tabIndex={-1} data-testid="issue-results">
          <h2 id="issue-results-heading">{t('issue.resultsHeading', { n: results.items.length })}</h2>
          <p className="hint">{results.source}</p>
          <ul className="session-list">
            {results.items.map((w) => (
              <li key={`${w.id}-${w.number}`} className="session" data-testid="issued-warning">
                <Link href={`/warnings/${w.id}`} className="tap-link">
                  {w.number}
                </Link>{' '}
                → {w.unit_oid ? (names.get(w.unit_oid) ?? w.unit_oid) : t('issue.toTriage')}{' '}
                {w.merged && <span className="badge">{t('issue.merged')}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <OneWarningForm onIssued={(items) => void issued(items, t('issue.fromForm'))} />
      <ImportForm onIssued={(items, file) => void issued(items, t('issue.fromFile', { name: file }))} />
    </>
  );
}

function OneWarningForm({ onIssued }: { onIssued: (items: IssuedWarning[]) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [addresses, setAddresses] = useState('');
  const [role, setRole] = useState<'source' | 'destination'>('source');
  const [subcategory, setSubcategory] = useState<WarningSubcategory | ''>('');
  const [observedAt, setObservedAt] = useState(() => toTaipeiInput(new Date(serverNow())));
  const [description, setDescription] = useState('');
  const [port, setPort] = useState('');
  const [protocol, setProtocol] = useState('');
  const [ruleId, setRuleId] = useState('');
  const [evidence, setEvidence] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // What the last preview showed, for exactly this input; any change to the form drops it.
  const [preview, setPreview] = useState<{ input: WarningInput; items: WarningPreview[] } | null>(null);
  const previewRef = useRef<HTMLDivElement>(null);
  useEffect(() => setPreview(null), [addresses, role, subcategory, observedAt, description, port, protocol, ruleId, evidence]);

  const refused = (err: unknown) => {
    const d = describeError(i18n, err);
    // "[0].addresses[1].ip" → the addresses field.
    if (d.field) {
      const key = fieldKey(d.field.replace(/^\[\d+\]\./, '')).split('.')[0];
      setErrors({ [key]: d.message });
    }
    setError(err);
  };

  const send = async () => {
    if (!preview) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.issueWarnings([preview.input]);
      setAddresses('');
      setDescription('');
      setEvidence('');
      onIssued(r.items);
    } catch (err) {
      refused(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ips = addresses
      .split(/[\s,;]+/)
      .map((a) => a.trim())
      .filter(Boolean);
    const found: Record<string, string> = {};
    if (ips.length === 0) found.addresses = t('issue.addressesMissing');
    else if (ips.length > 16) found.addresses = t('issue.addressesTooMany');
    else {
      const bad = ips.filter((ip) => !IP.test(ip));
      if (bad.length) found.addresses = t('issue.addressInvalid', { ip: bad.join(', ') });
    }
    if (!subcategory) found.subcategory = t('issue.subcategoryMissing');
    const observed = fromTaipeiInput(observedAt);
    if (!observed) found.observed_at = t('issue.observedMissing');
    if (!description.trim()) found.description = t('issue.descriptionMissing');
    if (port && !(/^\d+$/.test(port) && Number(port) <= 65535)) found.port = t('issue.portInvalid');
    setErrors(found);
    setError(null);
    if (Object.keys(found).length) {
      document.getElementById(`warn-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    const input: WarningInput = {
      addresses: ips.map((ip) => ({ ip, role })),
      observed_at: observed!,
      subcategory: subcategory as WarningSubcategory,
      description: description.trim(),
      ...(port ? { port: Number(port) } : {}),
      ...(protocol.trim() ? { protocol: protocol.trim() } : {}),
      ...(ruleId.trim() ? { rule_id: ruleId.trim() } : {}),
      ...(evidence.trim() ? { evidence: evidence.trim() } : {}),
    };
    setBusy(true);
    try {
      const r = await api.previewWarnings([input]);
      setPreview({ input, items: r.items });
      window.setTimeout(() => previewRef.current?.focus(), 0);
    } catch (err) {
      refused(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="issue-one-heading">
      <h2 id="issue-one-heading">{t('issue.oneHeading')}</h2>
      <FormErrorSummary errors={errors} compact />
      <ErrorAlert error={error} />
      <TextArea
        id="warn-addresses"
        label={t('issue.addresses')}
        hint={t('issue.addressesHint')}
        required
        rows={2}
        spellCheck={false}
        error={errors.addresses}
        value={addresses}
        onChange={(e) => setAddresses(e.target.value)}
      />
      <RadioGroup
        name="warn-role"
        legend={t('issue.role')}
        inline
        value={role}
        onChange={(v) => setRole(v as 'source' | 'destination')}
        options={[
          { value: 'source', label: t('issue.role.source') },
          { value: 'destination', label: t('issue.role.destination') },
        ]}
      />
      <SelectField
        id="warn-subcategory"
        label={t('issue.subcategory')}
        required
        error={errors.subcategory}
        value={subcategory}
        onChange={(e) => setSubcategory(e.target.value as WarningSubcategory)}
        options={[
          { value: '', label: t('issue.choose') },
          ...WARNING_SUBCATEGORIES.map((s) => ({ value: s, label: t(`warningSubcategory.${s}`) })),
        ]}
      />
      <DateTimeInput
        id="warn-observed_at"
        kind="datetime"
        label={t('issue.observedAt')}
        hint={t('issue.observedAtHint')}
        required
        error={errors.observed_at}
        value={observedAt}
        onChange={setObservedAt}
      />
      <TextArea
        id="warn-description"
        label={t('issue.description')}
        required
        error={errors.description}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <details className="more-root-cause">
        <summary>{t('issue.more')}</summary>
        <TextField
          id="warn-port"
          inputMode="numeric"
          label={t('issue.port')}
          error={errors.port}
          value={port}
          onChange={(e) => setPort(e.target.value)}
        />
        <TextField id="warn-protocol" label={t('issue.protocol')} value={protocol} onChange={(e) => setProtocol(e.target.value)} />
        <TextField
          id="warn-rule_id"
          label={t('issue.ruleId')}
          hint={t('issue.ruleIdHint')}
          value={ruleId}
          onChange={(e) => setRuleId(e.target.value)}
        />
        <TextArea
          id="warn-evidence"
          label={t('issue.evidence')}
          error={errors.evidence}
          value={evidence}
          onChange={(e) => setEvidence(e.target.value)}
        />
      </details>
      <button type="submit" className={preview ? 'secondary' : 'primary'} disabled={busy}>
        {t('issue.preview')}
      </button>
      {preview && (
        <div ref={previewRef} tabIndex={-1} className="status-focus">
          <WarningPreviewTable items={preview.items} />
          <button type="button" className="primary" disabled={busy} onClick={() => void send()}>
            {busy ? t('common.sending') : t('issue.send')}
          </button>
        </div>
      )}
    </form>
  );
}

function ImportForm({ onIssued }: { onIssued: (items: IssuedWarning[], file: string) => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [format, setFormat] = useState<Format>('csv');
  const [subcategory, setSubcategory] = useState<WarningSubcategory | ''>('');
  const [fileError, setFileError] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<{ items: WarningPreview[]; skipped: ImportNote[] } | null>(null);
  const previewRef = useRef<HTMLDivElement>(null);
  useEffect(() => setPreview(null), [file, format, subcategory]);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setError(null);
    setFileError('');
    if (!f) return setFile(null);
    const text = await f.text();
    setFile({ name: f.name, text });
    setFormat(guessFormat(f.name, text));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!file) {
      setFileError(t('issue.fileMissing'));
      inputRef.current?.focus();
      return;
    }
    setFileError('');
    setBusy(true);
    try {
      const r = await api.previewImport(new Blob([file.text]), format, subcategory || undefined);
      setPreview({ items: r.items, skipped: r.skipped });
      window.setTimeout(() => previewRef.current?.focus(), 0);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    if (!file || !preview) return;
    setError(null);
    setBusy(true);
    try {
      const r = await api.importWarnings(new Blob([file.text]), format, subcategory || undefined);
      setPreview(null);
      onIssued(r.items, file.name);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="issue-import-heading">
      <h2 id="issue-import-heading">{t('issue.importHeading')}</h2>
      <p className="hint">{t('issue.importIntro')}</p>
      <ErrorAlert error={error} />
      <div className={`field${fileError ? ' field-invalid' : ''}`}>
        <label htmlFor="warn-file">
          {t('issue.file')}
          <span className="required-mark" aria-hidden="true">
            {' '}
            *
          </span>
        </label>
        <p className="hint" id="warn-file-hint">
          {t('issue.fileHint')}
        </p>
        <input
          id="warn-file"
          ref={inputRef}
          type="file"
          accept=".csv,.json,text/csv,application/json"
          aria-describedby={`warn-file-hint${fileError ? ' warn-file-error' : ''}`}
          aria-invalid={fileError ? true : undefined}
          onChange={(e) => void choose(e)}
        />
        {fileError && (
          <p className="field-error" id="warn-file-error">
            {fileError}
          </p>
        )}
      </div>
      {file && (
        <p className="small muted" data-testid="warn-file-read">
          {t('issue.fileRead', { name: file.name, format: t(`issue.format.${format}`) })}
        </p>
      )}
      <SelectField
        id="warn-format"
        label={t('issue.format')}
        value={format}
        onChange={(e) => setFormat(e.target.value as Format)}
        options={[
          { value: 'csv', label: t('issue.format.csv') },
          { value: 'stix', label: t('issue.format.stix') },
          { value: 'misp', label: t('issue.format.misp') },
        ]}
      />
      <SelectField
        id="warn-import-subcategory"
        label={t('issue.importSubcategory')}
        hint={t('issue.importSubcategoryHint')}
        value={subcategory}
        onChange={(e) => setSubcategory(e.target.value as WarningSubcategory | '')}
        options={[
          { value: '', label: t('issue.asTheFileSays') },
          ...WARNING_SUBCATEGORIES.map((s) => ({ value: s, label: t(`warningSubcategory.${s}`) })),
        ]}
      />
      <button type="submit" className={preview ? 'secondary' : 'primary'} disabled={busy}>
        {t('issue.importPreview')}
      </button>
      {preview && (
        <div ref={previewRef} tabIndex={-1} className="status-focus">
          <WarningPreviewTable items={preview.items} skipped={preview.skipped} />
          <button type="button" className="primary" disabled={busy} onClick={() => void send()}>
            {busy ? t('common.sending') : t('issue.importSend')}
          </button>
        </div>
      )}
    </form>
  );
}
