// The ticket's investigation, handling and improvement report (調查、處理及改善報告): the unit
// writes its sections and lists its improvement measures with planned dates, saves the draft and
// submits it; the reviewing centre, then the CERT, accepts it or returns it with a reason. The
// printable document and its Word file open from here.
import { useEffect, useState, type FormEvent } from 'react';
import {
  api,
  IMPROVEMENT_SEVERITIES,
  REPORT_SECTIONS,
  type ImprovementReport,
  type ReportMeasure,
  type ReportSectionKey,
} from '../api';
import { describeError } from '../errors';
import { formatDate, formatTime } from '../format';
import { useI18n } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { SelectField, TextArea } from './Field';
import { DateTimeInput } from './DateTimeInput';
import { Loading } from './Loading';

type Sections = Record<ReportSectionKey, string>;

export function ImprovementReportSection({ ticketId, onChanged }: { ticketId: number; onChanged: () => void }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [report, setReport] = useState<ImprovementReport | null>(null);
  const [sections, setSections] = useState<Sections>({ course: '', cause: '', handling: '', tracking: '' });
  const [measures, setMeasures] = useState<ReportMeasure[]>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  const show = (r: ImprovementReport) => {
    setReport(r);
    setSections({ ...r.sections });
    setMeasures(r.measures.map((m) => ({ ...m })));
  };

  useEffect(() => {
    let live = true;
    api
      .improvementReport(ticketId)
      .then((r) => live && show(r))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [ticketId]);

  if (!report) return error ? <ErrorAlert error={error} /> : <Loading shape="lines" />;

  const errorText = error ? describeError(i18n, error) : null;
  const fieldError = (field: string) => (errorText?.field === field ? errorText.message : undefined);
  const editable = report.may.edit;
  const categoryLabel = (key: string) => {
    const c = report.categories.find((x) => x.key === key);
    return c ? (lang === 'en' ? c.label_en : c.label_zh) : key;
  };

  const run = async (what: () => Promise<ImprovementReport>, done: string) => {
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      show(await what());
      setStatus(done);
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = () => api.saveImprovementReport(ticketId, { sections, measures });
  const onSave = (e: FormEvent) => {
    e.preventDefault();
    void run(save, t('improvementReport.saved'));
  };
  const onSubmit = () =>
    void run(async () => {
      await save();
      return api.submitImprovementReport(ticketId);
    }, t('improvementReport.submittedNote'));
  const decide = (decision: 'accept' | 'return') =>
    void run(async () => {
      const r = await api.decideImprovementReport(ticketId, decision, reason);
      setReason('');
      return r;
    }, decision === 'accept' ? t('improvementReport.acceptedNote') : t('improvementReport.returnedNote'));

  const setMeasure = (i: number, change: Partial<ReportMeasure>) =>
    setMeasures((list) => list.map((m, j) => (j === i ? { ...m, ...change } : m)));
  const addMeasure = () =>
    setMeasures((list) => [
      ...list,
      { category: report.categories[0]?.key ?? '', severity: 'minor', finding: '', measure: '', planned_on: '' },
    ]);

  return (
    <div className="improvement-report" data-testid="improvement-report">
      <p>
        {t('improvementReport.statusLabel')}{' '}
        <strong data-testid="improvement-report-status">{t(`improvementReport.status.${report.status}`)}</strong>
        {report.first_submitted_at && <> · {t('improvementReport.firstSubmitted', { time: formatTime(report.first_submitted_at) })}</>}
      </p>
      {report.status === 'returned' && report.return_reason && (
        <p className="alert alert-warn">{t('improvementReport.returnedBecause', { reason: report.return_reason })}</p>
      )}
      {status && (
        <p className="ok" role="status">
          {status}
        </p>
      )}
      {error != null && <ErrorAlert error={error} />}
      {editable ? (
        <form onSubmit={onSave} noValidate>
          {REPORT_SECTIONS.map((k) => (
            <TextArea
              key={k}
              id={`report-${k}`}
              label={t(`improvementReport.section.${k}`)}
              value={sections[k]}
              maxLength={8000}
              rows={4}
              required
              error={fieldError(k)}
              onChange={(e) => setSections((s) => ({ ...s, [k]: e.target.value }))}
            />
          ))}
          <h3>{t('improvementReport.measures')}</h3>
          {fieldError('measures') && <p className="field-error">{fieldError('measures')}</p>}
          {measures.map((m, i) => (
            <fieldset key={i} className="report-measure">
              <legend>{t('improvementReport.measureN', { n: i + 1 })}</legend>
              <SelectField
                id={`measure-${i}-category`}
                label={t('improvementReport.category')}
                value={m.category}
                options={report.categories.map((c) => ({ value: c.key, label: lang === 'en' ? c.label_en : c.label_zh }))}
                error={fieldError(`measures[${i}].category`)}
                disabled={m.item_id != null}
                onChange={(e) => setMeasure(i, { category: e.target.value })}
              />
              <SelectField
                id={`measure-${i}-severity`}
                label={t('improvementReport.severity')}
                value={m.severity}
                options={IMPROVEMENT_SEVERITIES.map((s) => ({ value: s, label: t(`improvement.severity.${s}`) }))}
                disabled={m.item_id != null}
                onChange={(e) => setMeasure(i, { severity: e.target.value as ReportMeasure['severity'] })}
              />
              <TextArea
                id={`measure-${i}-finding`}
                label={t('improvementReport.finding')}
                value={m.finding}
                maxLength={4000}
                required
                error={fieldError(`measures[${i}].finding`)}
                onChange={(e) => setMeasure(i, { finding: e.target.value })}
              />
              <TextArea
                id={`measure-${i}-measure`}
                label={t('improvementReport.measure')}
                value={m.measure}
                maxLength={4000}
                required
                error={fieldError(`measures[${i}].measure`)}
                onChange={(e) => setMeasure(i, { measure: e.target.value })}
              />
              <DateTimeInput
                id={`measure-${i}-planned`}
                kind="date"
                label={t('improvementReport.plannedOn')}
                value={m.planned_on}
                required
                error={fieldError(`measures[${i}].planned_on`)}
                onChange={(value) => setMeasure(i, { planned_on: value })}
              />
              {m.item_id != null ? (
                <p className="hint">{t('improvementReport.itemMade', { id: m.item_id })}</p>
              ) : (
                <button type="button" className="secondary small" onClick={() => setMeasures((l) => l.filter((_, j) => j !== i))}>
                  {t('improvementReport.removeMeasure')}
                </button>
              )}
            </fieldset>
          ))}
          {measures.length < 50 && (
            <p>
              <button type="button" className="secondary" onClick={addMeasure}>
                {t('improvementReport.addMeasure')}
              </button>
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="secondary" disabled={busy}>
              {t('improvementReport.saveDraft')}
            </button>
            <button type="button" className="primary" disabled={busy} onClick={onSubmit} data-testid="submit-improvement-report">
              {t('improvementReport.submit')}
            </button>
          </div>
        </form>
      ) : report.exists ? (
        <dl className="facts">
          {REPORT_SECTIONS.map((k) => (
            <div className="row" key={k}>
              <dt>{t(`improvementReport.section.${k}`)}</dt>
              <dd className="pre">{report.sections[k]}</dd>
            </div>
          ))}
          <div className="row">
            <dt>{t('improvementReport.measures')}</dt>
            <dd>
              <ol>
                {report.measures.map((m, i) => (
                  <li key={i}>
                    {categoryLabel(m.category)} · {t(`improvement.severity.${m.severity}`)}: {m.finding} → {m.measure} (
                    {formatDate(m.planned_on)})
                  </li>
                ))}
              </ol>
            </dd>
          </div>
        </dl>
      ) : (
        <p className="empty">{t('improvementReport.none')}</p>
      )}
      {report.may.decide && (
        <div className="report-decision">
          <TextArea
            id="report-return-reason"
            label={t('improvementReport.reason')}
            value={reason}
            maxLength={2000}
            error={fieldError('reason')}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="button-row">
            <button type="button" className="primary" disabled={busy} onClick={() => decide('accept')}>
              {t('improvementReport.accept')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => decide('return')}>
              {t('improvementReport.return')}
            </button>
          </div>
        </div>
      )}
      {report.exists && (
        <p>
          <a href={report.print} target="_blank" rel="noopener" data-testid="improvement-report-print">
            {t('improvementReport.print')}
          </a>{' '}
          · <a href={report.docx} download data-testid="improvement-report-docx">
            {t('improvementReport.docx')}
          </a>
        </p>
      )}
    </div>
  );
}
