// For a centre and the CERT: the units below, each linking to its page (contacts 1–2, help to
// locked-out contacts, API keys), and the tree's CSV import: checked first (nothing saved), each
// problem shown beside the row of the file it belongs to, then imported all or nothing.
import { useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { api, ApiError, apiHref, type FullUnit, type ImportSummary, type RowError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { TextField } from '../components/Field';
import { PageHeading } from '../components/PageHeading';
import { matchUnits } from '../components/SubUnitContacts';
import { parseCsv, type CsvRecord } from '../csv';
import { fieldLabel } from '../errors';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { Loading } from '../components/Loading';

const SHOWN = 50;

/** Every unit the person sees, a thousand at a time (the server's largest page). */
async function allUnits(): Promise<FullUnit[]> {
  const out: FullUnit[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await api.units({ limit: 1000, offset });
    out.push(...page.items);
    if (page.items.length === 0 || out.length >= page.total) return out;
  }
}

export function UnitsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const ownOid = me.unit?.oid ?? '';
  const [units, setUnits] = useState<FullUnit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState('');
  const [more, setMore] = useState(false);

  const load = () =>
    allUnits()
      .then((all) => setUnits(all.filter((u) => u.oid !== ownOid)))
      .catch(setError);
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ownOid]);

  const names = useMemo(() => new Map((units ?? []).map((u) => [u.oid, u.name])), [units]);
  const shown = useMemo(() => {
    if (!units) return [];
    const list = filter.trim() ? matchUnits(units, filter) : units;
    return more ? list : list.slice(0, SHOWN);
  }, [units, filter, more]);
  const total = units ? (filter.trim() ? matchUnits(units, filter).length : units.length) : 0;

  return (
    <>
      <PageHeading title={t('units.title')}>{t('units.title')}</PageHeading>
      <p className="hint">{t('units.intro')}</p>
      <ErrorAlert error={error} />
      <section className="card" aria-labelledby="unit-list-heading">
        <h2 id="unit-list-heading">
          {t('units.listHeading')} {units && <span className="count">{t('units.count', { n: units.length })}</span>}
        </h2>
        <TextField
          id="units-filter"
          label={t('subunits.find')}
          hint={t('subunits.findHint')}
          autoComplete="off"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        {!units && !error && (
          <Loading shape="list" />
        )}
        {units && shown.length === 0 && <p className="empty">{filter.trim() ? t('units.noMatch') : t('units.none')}</p>}
        {shown.length > 0 && (
          <ul className="unit-list">
            {shown.map((u) => (
              <li key={u.oid} className="unit-row" data-testid="unit-row">
                <Link href={`/units/${encodeURIComponent(u.oid)}`} className="tap-link">
                  <strong>{u.code}</strong>&nbsp;{u.name}
                </Link>
                <p className="small muted">
                  {i18n.tx(`unitKind.${u.kind}`, u.kind)} · OID {u.oid}
                  {u.parent_oid && u.parent_oid !== ownOid && names.get(u.parent_oid)
                    ? ` · ${t('units.under', { parent: names.get(u.parent_oid) ?? '' })}`
                    : ''}
                </p>
              </li>
            ))}
          </ul>
        )}
        {!more && total > SHOWN && (
          <button type="button" className="secondary small" onClick={() => setMore(true)}>
            {t('units.showAll', { n: total })}
          </button>
        )}
      </section>
      <UnitImport onImported={() => void load()} />
    </>
  );
}

type Checked = { summary: ImportSummary; text: string } | null;

function UnitImport({ onImported }: { onImported: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [records, setRecords] = useState<CsvRecord[]>([]);
  const [rowErrors, setRowErrors] = useState<RowError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [checked, setChecked] = useState<Checked>(null);
  const [done, setDone] = useState<ImportSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [allRows, setAllRows] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);

  const focusResult = () => window.setTimeout(() => resultRef.current?.focus(), 0);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setChecked(null);
    setDone(null);
    setRowErrors([]);
    setError(null);
    setAllRows(false);
    if (!f) {
      setFile(null);
      setRecords([]);
      return;
    }
    const text = await f.text();
    setFile({ name: f.name, text });
    setRecords(parseCsv(text));
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setRowErrors([]);
    setDone(null);
    try {
      const summary = await api.importUnits(new Blob([file.text]), dryRun);
      if (dryRun) setChecked({ summary, text: file.text });
      else {
        setChecked(null);
        setDone(summary);
        onImported();
      }
    } catch (e) {
      setChecked(null);
      if (e instanceof ApiError && e.code === 'invalid_csv' && e.rows.length) setRowErrors(e.rows);
      else setError(e);
    } finally {
      setBusy(false);
      focusResult();
    }
  };

  const header = records[0]?.fields ?? [];
  const byRow = useMemo(() => {
    const m = new Map<number, RowError[]>();
    for (const r of rowErrors) {
      const row = r.row ?? 0;
      m.set(row, [...(m.get(row) ?? []), r]);
    }
    return m;
  }, [rowErrors]);
  const rowsShown = allRows ? records : records.filter((r) => byRow.has(r.row));
  const unplaced = rowErrors.filter((r) => !records.some((rec) => rec.row === r.row));

  return (
    <section className="card" aria-labelledby="unit-import-heading" data-testid="unit-import">
      <h2 id="unit-import-heading">{t('unitImport.title')}</h2>
      <p className="hint">{t('unitImport.intro')}</p>
      <p>
        <a href={apiHref('/units/export')} className="tap-link" download>
          {t('unitImport.export')}
        </a>
      </p>
      <div className="field">
        <label htmlFor="unit-import-file">{t('unitImport.file')}</label>
        <p className="hint" id="unit-import-file-hint">
          {t('unitImport.fileHint')}
        </p>
        <input
          id="unit-import-file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="unit-import-file-hint"
          onChange={(e) => void choose(e)}
        />
      </div>
      {file && (
        <p className="small muted">{t('unitImport.read', { name: file.name, n: Math.max(0, records.length - 1) })}</p>
      )}
      <div className="button-row">
        <button type="button" className="secondary" disabled={!file || busy} onClick={() => void send(true)}>
          {t('unitImport.check')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!file || busy || !checked || checked.text !== file.text}
          onClick={() => void send(false)}
        >
          {t('unitImport.import')}
        </button>
      </div>
      <div ref={resultRef} tabIndex={-1} className="status-focus">
        <div role="status" aria-live="polite">
          {checked && (
            <p className="alert alert-success" data-testid="unit-import-checked">
              {t('unitImport.checked', {
                created: checked.summary.created,
                updated: checked.summary.updated,
                unchanged: checked.summary.unchanged,
              })}
            </p>
          )}
          {done && (
            <p className="alert alert-success" data-testid="unit-import-done">
              {t('unitImport.done', { created: done.created, updated: done.updated, unchanged: done.unchanged })}
            </p>
          )}
        </div>
        <ErrorAlert error={error} />
        {rowErrors.length > 0 && (
          <div className="alert alert-error" role="alert">
            <p className="alert-message">{t('unitImport.problems', { n: rowErrors.length })}</p>
          </div>
        )}
      </div>
      {rowErrors.length > 0 && (
        <>
          {unplaced.length > 0 && (
            <ul className="row-problems">
              {unplaced.map((r, i) => (
                <li key={i}>
                  {t('unitImport.rowN', { row: r.row ?? 0 })} {problem(i18n, r)}
                </li>
              ))}
            </ul>
          )}
          <ol className="csv-rows" aria-label={t('unitImport.rowsLabel')}>
            {rowsShown.map((rec) => {
              const errs = byRow.get(rec.row) ?? [];
              return (
                <li key={rec.row} className={`csv-row${errs.length ? ' csv-row-invalid' : ''}`} data-testid={`csv-row-${rec.row}`}>
                  <p className="csv-row-head">
                    <strong>{t('unitImport.rowN', { row: rec.row })}</strong>{' '}
                    <span className="csv-values">
                      {rec.fields.map((v, i) => (
                        <span key={i} className={errs.some((e) => e.field === header[i]) ? 'csv-cell-invalid' : undefined}>
                          {rec.row === 1 ? v : `${header[i] ?? i + 1}=${v}`}
                          {i < rec.fields.length - 1 ? ', ' : ''}
                        </span>
                      ))}
                    </span>
                  </p>
                  {errs.length > 0 && (
                    <ul className="row-problems">
                      {errs.map((e, i) => (
                        <li key={i} className="field-error">
                          {problem(i18n, e)}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ol>
          {records.length > rowsShown.length && (
            <button type="button" className="secondary small" onClick={() => setAllRows(true)}>
              {t('unitImport.showAllRows', { n: records.length })}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** "Code: code must be 1 to 16 characters…" — the column in the person's language, the server's words. */
function problem(i18n: ReturnType<typeof useI18n>, e: RowError) {
  return (
    <>
      {e.field ? i18n.t('unitImport.fieldColon', { field: i18n.tx(`unitColumn.${e.field}`, fieldLabel(i18n, e.field)) }) : ''}
      <span lang="en">{e.message}</span>
    </>
  );
}
