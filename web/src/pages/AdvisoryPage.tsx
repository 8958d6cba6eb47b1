// One advisory: what it says; the unit's answer; for the issuer and centres, their units' answers,
// with downloads of the answers (CSV) and of the advisory itself (STIX 2.1).
import { useEffect, useState, type FormEvent } from 'react';
import { ADVISORY_ANSWERS, api, apiHref, type Advisory, type AdvisoryAnswerKind } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { FactRow } from '../components/FactRow';
import { RadioGroup, TextArea } from '../components/Field';
import { PageHeading } from '../components/PageHeading';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { SeverityBadge } from './AdvisoriesPage';
import { Loading } from '../components/Loading';

export function AdvisoryPage({ id }: { id: number }) {
  const { t } = useI18n();
  const [a, setA] = useState<Advisory | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const reload = () => api.advisory(id).then(setA);
  useEffect(() => {
    reload().catch(setError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  if (!a)
    return (
      <>
        <PageHeading title={t('advisory.title')}>{t('advisory.title')}</PageHeading>
        {error ? <ErrorAlert error={error} /> : <Loading shape="page" />}
      </>
    );

  return (
    <>
      <div className="ticket-head">
        <p className="eyebrow">{a.number}</p>
        <PageHeading title={a.title}>{a.title}</PageHeading>
        <div className="ticket-meta">
          <SeverityBadge severity={a.severity} />
        </div>
      </div>
      <div role="status" aria-live="polite">
        {status && <p className="alert alert-success">{status}</p>}
      </div>
      <ErrorAlert error={error} />
      <section className="card" aria-labelledby="advisory-facts">
        <h2 id="advisory-facts">{t('advisory.facts')}</h2>
        <dl className="facts">
          <FactRow label={t('advisory.issuer')}>{a.issuer?.name}</FactRow>
          <FactRow label={t('advisories.text')}>
            <span className="pre">{a.text}</span>
          </FactRow>
          {a.cves.length > 0 && <FactRow label={t('advisories.cves')}>{a.cves.join('、')}</FactRow>}
          {a.products.length > 0 && <FactRow label={t('advisories.products')}>{a.products.join('\n')}</FactRow>}
          {a.references.length > 0 && (
            <FactRow label={t('advisory.references')}>
              {a.references.map((r) => (
                <span key={r} className="host">
                  {r}
                </span>
              ))}
            </FactRow>
          )}
          <FactRow label={t('advisories.replyByField')}>{formatTime(a.reply_by)}</FactRow>
        </dl>
      </section>
      {/* Read first, then answer. */}
      {a.mine && (
        <AnswerForm
          a={a}
          onDone={() => {
            setStatus(t('advisory.answered'));
            reload().catch(setError);
          }}
        />
      )}
      {a.answers && a.answers.length > 0 && (
        <section className="card" aria-labelledby="advisory-answers">
          <h2 id="advisory-answers">{t('advisory.answers')}</h2>
          <p data-testid="advisory-summary">
            {ADVISORY_ANSWERS.map((k) => `${t(`advisories.answer.${k}`)} ${a.by_answer?.[k] ?? 0}`).join('、')}、
            {t('advisories.unanswered')} {a.by_answer?.unanswered ?? 0}
          </p>
          <p>
            <a href={apiHref(`/advisories/${a.id}`, { format: 'csv' })} download>
              {t('advisory.csv')}
            </a>
          </p>
          <p>
            <a href={apiHref(`/advisories/${a.id}`, { format: 'stix' })} download>
              {t('advisory.stix')}
            </a>
          </p>
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="advisory-answers">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('statistics.col.unit')}</th>
                  <th scope="col">{t('advisory.answer')}</th>
                  <th scope="col">{t('advisory.note')}</th>
                </tr>
              </thead>
              <tbody>
                {a.answers.map((r) => (
                  <tr key={r.unit?.oid}>
                    <th scope="row">{r.unit?.name}</th>
                    <td>{r.answer ? t(`advisories.answer.${r.answer}`) : t('advisories.unanswered')}</td>
                    <td>{r.note}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <p>
        <Link href="/advisories">{t('advisory.back')}</Link>
      </p>
    </>
  );
}

function AnswerForm({ a, onDone }: { a: Advisory; onDone: () => void }) {
  const { t } = useI18n();
  const [answer, setAnswer] = useState<AdvisoryAnswerKind | ''>(a.mine?.answer ?? '');
  const [note, setNote] = useState(a.mine?.note ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!answer) next.answer = t('advisory.answerMissing');
    else if ((answer === 'affected' || answer === 'mitigated') && !note.trim()) next.note = t('advisory.noteMissing');
    setErrors(next);
    if (Object.keys(next).length > 0 || !answer) {
      document.getElementById(next.answer ? `advisory-answer-${ADVISORY_ANSWERS[0]}` : 'advisory-note')?.focus();
      return;
    }
    try {
      await api.answerAdvisory(a.id, answer, note.trim());
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="answer-heading">
      <h2 id="answer-heading">{a.mine?.answer ? t('advisory.changeAnswer') : t('advisory.answerHeading')}</h2>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <RadioGroup
          name="advisory-answer"
          legend={t('advisory.answer')}
          error={errors.answer}
          value={answer}
          onChange={(v) => setAnswer(v as AdvisoryAnswerKind)}
          options={ADVISORY_ANSWERS.map((k) => ({ value: k, label: t(`advisories.answer.${k}`) }))}
        />
        <TextArea id="advisory-note" label={t('advisory.note')} hint={t('advisory.noteHint')} rows={3} maxLength={4000} error={errors.note} value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="submit" className="primary">
          {t('advisory.send')}
        </button>
      </form>
    </section>
  );
}
