// Advisories: a unit reads those it received and answers each; the CERT and centres issue them to
// their units (all, or the owners of address ranges) and follow how many have answered.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Advisory, type AdvisorySeverity } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField, TextArea, TextField } from '../components/Field';
import { DateTimeInput } from '../components/DateTimeInput';
import { PageHeading } from '../components/PageHeading';
import { Segmented } from '../components/Segmented';
import { formatTime, fromTaipeiInput } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { blocksAddresses, useSession } from '../session';
import { Loading } from '../components/Loading';

type View = 'received' | 'issued';
const SEVERITIES: AdvisorySeverity[] = ['critical', 'high', 'medium', 'low'];

export function SeverityBadge({ severity }: { severity: AdvisorySeverity }) {
  const { t } = useI18n();
  return <span className={`badge ${severity === 'critical' || severity === 'high' ? 'warn' : ''}`}>{t(`advisories.severity.${severity}`)}</span>;
}

export function AdvisoriesPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const issues = blocksAddresses(me.unit?.kind);
  const [view, setView] = useState<View>('received');
  const [page, setPage] = useState<{ items: Advisory[]; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    setPage(await api.advisories({ issued: view === 'issued', limit: 100 }));
  }, [view]);
  useEffect(() => {
    setPage(null);
    setError(null);
    load().catch(setError);
  }, [load]);

  return (
    <>
      <PageHeading title={t('advisories.title')}>{t('advisories.title')}</PageHeading>
      <p className="hint">{t('advisories.intro')}</p>
      <div ref={statusRef} tabIndex={-1} className="status-focus">
        <div role="status" aria-live="polite">
          {status && <p className="alert alert-success">{status}</p>}
        </div>
      </div>
      {issues && (
        <IssueForm
          onDone={(a) => {
            setStatus(t('advisories.issued', { number: a.number, n: a.recipients ?? 0 }));
            setView('issued');
            load().catch(setError);
            window.setTimeout(() => statusRef.current?.focus(), 0);
          }}
        />
      )}
      {issues && (
        <Segmented
          label={t('advisories.viewLabel')}
          options={['received', 'issued'] as View[]}
          value={view}
          text={(v) => t(`advisories.view.${v}`)}
          onChange={setView}
        />
      )}
      <ErrorAlert error={error} />
      {!page && !error && (
        <Loading shape="list" />
      )}
      {page && (
        <section className="card" aria-labelledby="advisory-list-heading">
          <h2 id="advisory-list-heading">
            {t(`advisories.view.${view}`)} <span className="count">{t('home.count', { n: page.total })}</span>
          </h2>
          {page.items.length === 0 ? (
            <p className="empty">{t('advisories.empty')}</p>
          ) : (
            <ul className="ticket-list">
              {page.items.map((a) => (
                <li key={a.id} className={`ticket-card${a.overdue ? ' overdue' : ''}`} data-testid="advisory-card">
                  <Link href={`/advisories/${a.id}`} className="ticket-link">
                    <span className="ticket-number">{a.number}</span>
                    <span className="ticket-sub">{a.title}</span>
                  </Link>
                  <div className="ticket-meta">
                    <SeverityBadge severity={a.severity} />
                    {view === 'received' &&
                      (a.mine?.answer ? (
                        <span className="badge state-closed">{t(`advisories.answer.${a.mine.answer}`)}</span>
                      ) : (
                        <span className={`badge ${a.overdue ? 'warn' : 'state-reported'}`}>{t('advisories.unanswered')}</span>
                      ))}
                    {view === 'issued' && (
                      <span className="badge">{t('advisories.answeredOf', { n: a.answered ?? 0, of: a.recipients ?? 0 })}</span>
                    )}
                  </div>
                  <p className="ticket-time">{t('advisories.replyBy', { time: formatTime(a.reply_by) })}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}

function IssueForm({ onDone }: { onDone: (a: Advisory) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ title: '', text: '', severity: 'high' as AdvisorySeverity, cves: '', products: '', ranges: '', replyBy: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const lines = (text: string) =>
    text
      .split(/[\n,]+/)
      .map((x) => x.trim())
      .filter(Boolean);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!form.title.trim()) next.title = t('advisories.titleMissing');
    if (!form.text.trim()) next.text = t('advisories.textMissing');
    const replyBy = fromTaipeiInput(form.replyBy);
    if (!replyBy) next.replyBy = t('advisories.replyByMissing');
    setErrors(next);
    const first = ['title', 'text', 'replyBy'].find((k) => next[k]);
    if (first) {
      document.getElementById(`adv-${first}`)?.focus();
      return;
    }
    try {
      const a = await api.issueAdvisory({
        title: form.title.trim(),
        text: form.text.trim(),
        severity: form.severity,
        cves: lines(form.cves),
        products: lines(form.products),
        ranges: lines(form.ranges),
        reply_by: replyBy ?? '',
      });
      setForm({ title: '', text: '', severity: 'high', cves: '', products: '', ranges: '', replyBy: '' });
      onDone(a);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <details className="card">
      <summary>{t('advisories.issueHeading')}</summary>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <TextField id="adv-title" label={t('advisories.titleField')} required maxLength={200} error={errors.title} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
        <TextArea id="adv-text" label={t('advisories.text')} required rows={4} error={errors.text} value={form.text} onChange={(e) => setForm({ ...form, text: e.target.value })} />
        <SelectField
          id="adv-severity"
          label={t('advisories.severity')}
          value={form.severity}
          onChange={(e) => setForm({ ...form, severity: e.target.value as AdvisorySeverity })}
          options={SEVERITIES.map((s) => ({ value: s, label: t(`advisories.severity.${s}`) }))}
        />
        <TextField id="adv-cves" label={t('advisories.cves')} hint={t('advisories.cvesHint')} value={form.cves} onChange={(e) => setForm({ ...form, cves: e.target.value })} />
        <TextArea id="adv-products" label={t('advisories.products')} hint={t('advisories.productsHint')} rows={2} value={form.products} onChange={(e) => setForm({ ...form, products: e.target.value })} />
        <TextArea id="adv-ranges" label={t('advisories.ranges')} hint={t('advisories.rangesHint')} rows={2} value={form.ranges} onChange={(e) => setForm({ ...form, ranges: e.target.value })} />
        <DateTimeInput id="adv-replyBy" kind="datetime" label={t('advisories.replyByField')} required error={errors.replyBy} value={form.replyBy} onChange={(value) => setForm({ ...form, replyBy: value })} />
        <button type="submit" className="primary">
          {t('advisories.send')}
        </button>
      </form>
    </details>
  );
}
