// Improvement items (改善事項): a unit sees its own corrective actions, open and overdue first, and
// opens new ones; a centre and the CERT see their subtree's by status, category and age, and open
// items for a unit below them (an audit's findings, an incident's lessons).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  api,
  IMPROVEMENT_SEVERITIES,
  type ImprovementCategory,
  type ImprovementFilters,
  type ImprovementItem,
  type ImprovementSeverity,
  type ImprovementSourceKind,
  type ImprovementSummary,
} from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { AuditRegisterImport } from './AuditRegisterImport';
import { SelectField, TextArea, TextField } from '../components/Field';
import { DateTimeInput } from '../components/DateTimeInput';
import { PageHeading } from '../components/PageHeading';
import { Segmented } from '../components/Segmented';
import { useI18n } from '../i18n';
import { formatDate } from '../format';
import { Link, navigate, useSearchParams } from '../router';
import { reviewsOthers, useSession } from '../session';
import { Pager } from './WarningsPage';
import { Loading } from '../components/Loading';

type View = 'open' | 'overdue' | 'done' | 'verified' | 'all';
const VIEWS: View[] = ['open', 'overdue', 'done', 'verified', 'all'];
const PAGE = 50;

export function useImprovementCategories() {
  const [categories, setCategories] = useState<ImprovementCategory[]>([]);
  useEffect(() => {
    api
      .improvementCategories()
      .then((r) => setCategories(r.items))
      .catch(() => setCategories([]));
  }, []);
  return categories;
}

export function categoryLabel(categories: ImprovementCategory[], key: string, lang: string): string {
  const c = categories.find((x) => x.key === key);
  if (!c) return key;
  return lang === 'en' ? c.label_en : c.label_zh;
}

export function ImprovementStatusBadge({ item }: { item: ImprovementItem }) {
  const { t } = useI18n();
  const tone =
    item.status === 'verified'
      ? 'state-closed'
      : item.status === 'done'
        ? 'state-centre_review'
        : item.status === 'not_accepted'
          ? 'warn'
          : 'state-open';
  return (
    <>
      <span className={`badge ${tone}`}>{t(`improvement.status.${item.status}`)}</span>
      {item.overdue && <span className="badge warn">{t('improvement.overdueDays', { n: item.days_overdue })}</span>}
    </>
  );
}

function filtersOf(view: View, category: string): ImprovementFilters {
  const f: ImprovementFilters = category ? { category } : {};
  if (view === 'open') f.status = 'open';
  else if (view === 'overdue') f.overdue = true;
  else if (view === 'done') f.status = 'done';
  else if (view === 'verified') f.status = 'verified';
  return f;
}

export function ImprovementsPage() {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const params = useSearchParams();
  const centre = reviewsOthers(me);
  const writer = me.unit?.kind !== 'ministry';
  const categories = useImprovementCategories();
  const [view, setView] = useState<View>((params.get('view') as View) || 'open');
  const [category, setCategory] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ items: ImprovementItem[]; total: number } | null>(null);
  const [summary, setSummary] = useState<ImprovementSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(params.get('new') === '1');
  const [importing, setImporting] = useState(false);

  const load = useCallback(async () => {
    setPage(await api.improvements({ ...filtersOf(view, category), limit: PAGE, offset }));
  }, [view, category, offset]);

  useEffect(() => {
    setPage(null);
    setError(null);
    load().catch(setError);
  }, [load]);

  useEffect(() => {
    if (centre) api.improvementSummary().then(setSummary).catch(setError);
  }, [centre]);

  return (
    <>
      <PageHeading title={t('improvements.title')}>{t('improvements.title')}</PageHeading>
      <p className="hint">{centre ? t('improvements.introCentre') : t('improvements.introUnit')}</p>
      {writer && (!creating || !importing) && (
        <div className="button-row">
          {!creating && (
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              {t('improvements.new')}
            </button>
          )}
          {!importing && (
            <button type="button" className="secondary" onClick={() => setImporting(true)} data-testid="audit-import-open">
              {t('auditImport.title')}
            </button>
          )}
        </div>
      )}
      {writer && importing && (
        <AuditRegisterImport categories={categories} centre={centre} onImported={() => load().catch(setError)} />
      )}
      {writer && creating && (
        <ImprovementForm
          categories={categories}
          centre={centre}
          incidentId={Number(params.get('incident')) || undefined}
          onCancel={() => setCreating(false)}
        />
      )}
      {summary && (
        <section className="card" aria-labelledby="improvement-summary">
          <h2 id="improvement-summary">{t('improvements.summary')}</h2>
          <p data-testid="improvement-summary-line">
            {t('improvements.summaryLine', { open: summary.open, overdue: summary.overdue })}
          </p>
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="improvement-summary">
            <table className="data-table">
              <caption className="visually-hidden">{t('improvements.summary')}</caption>
              <tbody>
                {(['planned', 'in_progress', 'not_accepted', 'done', 'verified'] as const).map((s) => (
                  <tr key={s}>
                    <th scope="row">{t(`improvement.status.${s}`)}</th>
                    <td>{summary.by_status[s] ?? 0}</td>
                  </tr>
                ))}
                {Object.entries(summary.by_category).map(([key, n]) => (
                  <tr key={`c-${key}`}>
                    <th scope="row">{categoryLabel(categories, key, lang)}</th>
                    <td>{n}</td>
                  </tr>
                ))}
                {(['under_30_days', '30_to_90_days', '90_to_180_days', 'over_180_days'] as const).map((a) => (
                  <tr key={a}>
                    <th scope="row">{t(`improvements.age.${a}`)}</th>
                    <td>{summary.open_by_age[a]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {(summary.most_overdue_major ?? []).length > 0 && (
            <>
              <h3 id="improvement-worst">{t('improvements.mostOverdueMajor')}</h3>
              <ol data-testid="most-overdue-major">
                {summary.most_overdue_major!.map((w) => (
                  <li key={w.unit?.oid ?? ''}>
                    {t('improvements.mostOverdueMajorLine', { unit: w.unit?.name ?? '', n: w.overdue_major })}
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
      )}
      <Segmented
        label={t('improvements.filterLabel')}
        options={VIEWS}
        value={view}
        text={(v) => t(`improvements.view.${v}`)}
        onChange={(v) => {
          setView(v);
          setOffset(0);
        }}
      />
      {categories.length > 0 && (
        <SelectField
          id="improvement-category-filter"
          label={t('improvement.category')}
          value={category}
          onChange={(e) => {
            setCategory(e.target.value);
            setOffset(0);
          }}
          options={[{ value: '', label: t('improvements.allCategories') }].concat(
            categories.map((c) => ({ value: c.key, label: lang === 'en' ? c.label_en : c.label_zh })),
          )}
        />
      )}
      <ErrorAlert error={error} />
      {!page && !error && (
        <Loading shape="list" />
      )}
      {page && (
        <section className="card" aria-labelledby="improvement-list-heading">
          <h2 id="improvement-list-heading">
            {t(`improvements.view.${view}`)} <span className="count">{t('home.count', { n: page.total })}</span>
          </h2>
          {page.items.length === 0 ? (
            <p className="empty">{t('improvements.empty')}</p>
          ) : (
            <>
              <ul className="ticket-list">
                {page.items.map((it) => (
                  <li key={it.id} className="ticket-card" data-testid="improvement-card">
                    <Link href={`/improvements/${it.id}`} className="ticket-link">
                      <span className="ticket-number">
                        {categoryLabel(categories, it.category, lang)} · {t(`improvement.severity.${it.severity}`)}
                      </span>
                      <span className="ticket-sub">{it.finding}</span>
                    </Link>
                    <div className="ticket-meta">
                      <ImprovementStatusBadge item={it} />
                    </div>
                    {it.owner && it.owner.oid !== me.unit?.oid && <p className="ticket-unit">{it.owner.name}</p>}
                    <p className="ticket-time">{t('improvements.plannedOn', { date: formatDate(it.planned_on) })}</p>
                  </li>
                ))}
              </ul>
              <Pager total={page.total} offset={offset} size={PAGE} onChange={setOffset} />
            </>
          )}
        </section>
      )}
    </>
  );
}

/** A new item: where it came from, the finding and measure, the planned date. */
function ImprovementForm({
  categories,
  centre,
  incidentId,
  onCancel,
}: {
  categories: ImprovementCategory[];
  centre: boolean;
  incidentId?: number;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const [ownerOid, setOwnerOid] = useState('');
  const [kind, setKind] = useState<ImprovementSourceKind>(incidentId ? 'incident' : 'audit');
  const [incident, setIncident] = useState(incidentId ? String(incidentId) : '');
  const [auditDate, setAuditDate] = useState('');
  const [auditor, setAuditor] = useState('');
  const [reference, setReference] = useState('');
  const [category, setCategory] = useState('');
  const [severity, setSeverity] = useState<ImprovementSeverity>('minor');
  const [finding, setFinding] = useState('');
  const [measure, setMeasure] = useState('');
  const [person, setPerson] = useState('');
  const [planned, setPlanned] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const chosenCategory = category || categories[0]?.key || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (kind === 'incident' && !/^\d+$/.test(incident)) next['improvement-incident'] = t('improvements.incidentMissing');
    if (kind === 'audit' && !auditDate) next['improvement-audit-date'] = t('improvements.auditDateMissing');
    if (kind === 'drill' && !reference.trim()) next['improvement-reference'] = t('improvements.referenceMissing');
    if (!finding.trim()) next['improvement-finding'] = t('improvements.findingMissing');
    if (!planned) next['improvement-planned'] = t('improvements.plannedMissing');
    setErrors(next);
    const first = Object.keys(next)[0];
    if (first) {
      document.getElementById(first)?.focus();
      return;
    }
    setSending(true);
    setError(null);
    try {
      const made = await api.createImprovement({
        ...(ownerOid.trim() ? { owner_oid: ownerOid.trim() } : {}),
        ...(person.trim() ? { owner_person: person.trim() } : {}),
        source: {
          kind,
          ...(kind === 'incident' ? { incident_id: Number(incident) } : {}),
          ...(kind === 'advisory' && /^\d+$/.test(incident) ? { advisory_id: Number(incident) } : {}),
          ...(kind === 'audit' ? { audit_date: auditDate, ...(auditor.trim() ? { auditor: auditor.trim() } : {}) } : {}),
          ...(reference.trim() ? { reference: reference.trim() } : {}),
        },
        category: chosenCategory,
        severity,
        finding: finding.trim(),
        ...(measure.trim() ? { measure: measure.trim() } : {}),
        planned_on: planned,
      });
      navigate(`/improvements/${made.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="card" aria-labelledby="improvement-form-heading">
      <h2 id="improvement-form-heading">{t('improvements.new')}</h2>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        {centre && (
          <TextField
            id="improvement-owner"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            label={t('improvements.ownerOid')}
            hint={t('improvements.ownerOidHint')}
            maxLength={128}
            value={ownerOid}
            onChange={(e) => setOwnerOid(e.target.value)}
          />
        )}
        <SelectField
          id="improvement-source"
          label={t('improvement.source')}
          value={kind}
          onChange={(e) => setKind(e.target.value as ImprovementSourceKind)}
          options={(['incident', 'audit', 'drill', 'advisory'] as const).map((k) => ({ value: k, label: t(`improvement.sourceKind.${k}`) }))}
        />
        {(kind === 'incident' || kind === 'advisory') && (
          <TextField
            id="improvement-incident"
            inputMode="numeric"
            label={kind === 'incident' ? t('improvements.incidentId') : t('improvements.advisoryId')}
            required={kind === 'incident'}
            maxLength={18}
            error={errors['improvement-incident']}
            value={incident}
            onChange={(e) => setIncident(e.target.value)}
          />
        )}
        {kind === 'audit' && (
          <>
            <DateTimeInput
              id="improvement-audit-date"
              kind="date"
              label={t('improvement.auditDate')}
              required
              error={errors['improvement-audit-date']}
              value={auditDate}
              onChange={setAuditDate}
            />
            <TextField
              id="improvement-auditor"
              label={t('improvement.auditor')}
              maxLength={200}
              value={auditor}
              onChange={(e) => setAuditor(e.target.value)}
            />
          </>
        )}
        <TextField
          id="improvement-reference"
          label={t('improvement.reference')}
          hint={t('improvements.referenceHint')}
          required={kind === 'drill'}
          maxLength={200}
          error={errors['improvement-reference']}
          value={reference}
          onChange={(e) => setReference(e.target.value)}
        />
        <SelectField
          id="improvement-category"
          label={t('improvement.category')}
          value={chosenCategory}
          onChange={(e) => setCategory(e.target.value)}
          options={categories.map((c) => ({ value: c.key, label: lang === 'en' ? c.label_en : c.label_zh }))}
        />
        <SelectField
          id="improvement-severity"
          label={t('improvement.severity')}
          value={severity}
          onChange={(e) => setSeverity(e.target.value as ImprovementSeverity)}
          options={IMPROVEMENT_SEVERITIES.map((s) => ({ value: s, label: t(`improvement.severity.${s}`) }))}
        />
        <TextArea
          id="improvement-finding"
          label={t('improvement.finding')}
          required
          rows={4}
          maxLength={4000}
          error={errors['improvement-finding']}
          value={finding}
          onChange={(e) => setFinding(e.target.value)}
        />
        <TextArea
          id="improvement-measure"
          label={t('improvement.measure')}
          rows={3}
          maxLength={4000}
          value={measure}
          onChange={(e) => setMeasure(e.target.value)}
        />
        <TextField
          id="improvement-person"
          label={t('improvement.ownerPerson')}
          maxLength={200}
          value={person}
          onChange={(e) => setPerson(e.target.value)}
        />
        <DateTimeInput
          id="improvement-planned"
          kind="date"
          label={t('improvement.plannedOn')}
          required
          error={errors['improvement-planned']}
          value={planned}
          onChange={setPlanned}
        />
        <div className="button-row">
          <button type="submit" className="primary" disabled={sending}>
            {sending ? t('common.sending') : t('improvements.create')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
