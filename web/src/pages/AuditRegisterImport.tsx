// An audit's findings register (稽核發現事項 - 改善報告) brought in from the spreadsheet, as the
// Excel workbook itself or saved as CSV: the rows are checked first and shown, or the problems shown
// beside the rows they are in; then imported, every row an improvement item. The export gives the
// register back with a status, as CSV or as a workbook.
import { useRef, useState, type ChangeEvent } from 'react';
import { ApiError, api, apiHref, type AuditRegisterImport as Result, type ImprovementCategory, type RowError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { TextField } from '../components/Field';
import { DateTimeInput } from '../components/DateTimeInput';
import { useI18n } from '../i18n';
import { categoryLabel } from './ImprovementsPage';

export function AuditRegisterImport({
  categories,
  centre,
  onImported,
}: {
  categories: ImprovementCategory[];
  centre: boolean;
  onImported: () => void;
}) {
  const { t, lang } = useI18n();
  // The file as chosen: a workbook is sent as its bytes, never read as text.
  const [file, setFile] = useState<{ name: string; blob: File; stamp: string } | null>(null);
  const [auditDate, setAuditDate] = useState('');
  const [auditor, setAuditor] = useState('');
  const [owner, setOwner] = useState('');
  const [checked, setChecked] = useState<{ result: Result; key: string } | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  const [rowErrors, setRowErrors] = useState<RowError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const key = `${file?.stamp ?? ''}\u0000${auditDate}\u0000${auditor}\u0000${owner}`;

  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setChecked(null);
    setDone(null);
    setRowErrors([]);
    setError(null);
    setFile(f ? { name: f.name, blob: f, stamp: `${f.name}\u0000${f.size}\u0000${f.lastModified}` } : null);
  };

  const send = async (dryRun: boolean) => {
    const next: Record<string, string> = {};
    if (!file) next['audit-import-file'] = t('auditImport.fileMissing');
    if (!auditDate) next['audit-import-date'] = t('improvements.auditDateMissing');
    if (!auditor.trim()) next['audit-import-auditor'] = t('auditImport.auditorMissing');
    setMissing(next);
    const first = Object.keys(next)[0];
    if (first || !file) {
      if (first) document.getElementById(first)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setRowErrors([]);
    setDone(null);
    try {
      const result = await api.importAuditRegister(
        file.blob,
        { audit_date: auditDate, auditor: auditor.trim(), ...(owner.trim() ? { owner: owner.trim() } : {}) },
        dryRun,
      );
      if (dryRun) setChecked({ result, key });
      else {
        setChecked(null);
        setDone(result);
        onImported();
      }
    } catch (e) {
      setChecked(null);
      if (e instanceof ApiError && e.code === 'invalid_csv' && e.rows.length) setRowErrors(e.rows);
      else setError(e);
    } finally {
      setBusy(false);
      window.setTimeout(() => resultRef.current?.focus(), 0);
    }
  };

  const exportParams = { unit: owner.trim() || undefined, audit_date: auditDate || undefined };
  const exportHref = apiHref('/improvements/audit-register', exportParams);
  const exportXlsxHref = apiHref('/improvements/audit-register', { ...exportParams, format: 'xlsx' });

  return (
    <section className="card" aria-labelledby="audit-import-heading" data-testid="audit-import">
      <h2 id="audit-import-heading">{t('auditImport.title')}</h2>
      <p className="hint">{t('auditImport.intro')}</p>
      <p>
        <a href={exportHref} className="tap-link" download data-testid="audit-export">
          {t('auditImport.export')}
        </a>
      </p>
      <p>
        <a href={exportXlsxHref} className="tap-link" download data-testid="audit-export-xlsx">
          {t('auditImport.exportXlsx')}
        </a>
      </p>
      <div className="field">
        <label htmlFor="audit-import-file">{t('auditImport.file')}</label>
        <p className="hint" id="audit-import-file-hint">
          {t('auditImport.fileHint')}
        </p>
        {missing['audit-import-file'] && (
          <p className="field-error" id="audit-import-file-error">
            {missing['audit-import-file']}
          </p>
        )}
        <input
          id="audit-import-file"
          type="file"
          accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby={`audit-import-file-hint${missing['audit-import-file'] ? ' audit-import-file-error' : ''}`}
          onChange={choose}
        />
      </div>
      <DateTimeInput
        id="audit-import-date"
        kind="date"
        label={t('improvement.auditDate')}
        required
        error={missing['audit-import-date']}
        value={auditDate}
        onChange={setAuditDate}
      />
      <TextField
        id="audit-import-auditor"
        label={t('improvement.auditor')}
        required
        maxLength={200}
        error={missing['audit-import-auditor']}
        value={auditor}
        onChange={(e) => setAuditor(e.target.value)}
      />
      {centre && (
        <TextField
          id="audit-import-owner"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          label={t('improvements.ownerOid')}
          hint={t('improvements.ownerOidHint')}
          maxLength={128}
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
        />
      )}
      <div className="button-row">
        <button type="button" className="secondary" disabled={busy} onClick={() => void send(true)}>
          {t('auditImport.check')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || !checked || checked.key !== key}
          onClick={() => void send(false)}
        >
          {t('auditImport.import')}
        </button>
      </div>
      <div ref={resultRef} tabIndex={-1} className="status-focus">
        <div role="status" aria-live="polite">
          {checked && (
            <p className="alert alert-success" data-testid="audit-import-checked">
              {t('auditImport.checked', { n: checked.result.rows.length })}
            </p>
          )}
          {done && (
            <p className="alert alert-success" data-testid="audit-import-done">
              {t('auditImport.done', { n: done.created })}
            </p>
          )}
        </div>
        <ErrorAlert error={error} />
        {rowErrors.length > 0 && (
          <div className="alert alert-error" role="alert">
            <p className="alert-message">{t('unitImport.problems', { n: rowErrors.length })}</p>
            <ul className="row-problems" data-testid="audit-import-problems">
              {rowErrors.map((r, i) => (
                <li key={i}>
                  {t('unitImport.rowN', { row: r.row ?? 0 })}{' '}
                  {r.field ? t('unitImport.fieldColon', { field: r.field }) : ''}
                  <span lang="en">{r.message}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {checked && checked.key === key && (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="audit-preview-caption">
          <table className="data-table" data-testid="audit-import-preview">
            <caption id="audit-preview-caption">{t('auditImport.preview')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('auditImport.item')}</th>
                <th scope="col">{t('improvement.category')}</th>
                <th scope="col">{t('auditImport.reference')}</th>
                <th scope="col">{t('improvement.finding')}</th>
                <th scope="col">{t('improvement.plannedOn')}</th>
              </tr>
            </thead>
            <tbody>
              {checked.result.rows.map((r) => (
                <tr key={r.row}>
                  <td>{r.item}</td>
                  <td>{categoryLabel(categories, r.category, lang)}</td>
                  <td>{[r.reference, r.group].filter(Boolean).join(' · ')}</td>
                  <td>{r.finding.length > 80 ? `${r.finding.slice(0, 80)}…` : r.finding}</td>
                  <td>{r.done ? t('auditImport.alreadyDone') : r.planned_on}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
