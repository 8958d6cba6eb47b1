// The quick report: everything the law asks for at the first report, on one page a teacher can
// fill in on a phone between lessons. The computed level and its reason show before sending.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  api,
  type AvailabilityImpact,
  type ImpactAnswers,
  type IncidentType,
  type InformationImpact,
  type LevelAssessment,
  type Policy,
  type Ticket,
} from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Checkbox, RadioGroup, SelectField, TextArea, TextField } from '../components/Field';
import { DateTimeInput } from '../components/DateTimeInput';
import { FormErrorSummary } from '../components/FormErrorSummary';
import { LevelExplanation } from '../components/LevelExplanation';
import { PageHeading } from '../components/PageHeading';
import { describeError, fieldKey } from '../errors';
import { serverNow } from '../clock';
import { leaveFlash } from '../flash';
import { useFormDraft } from '../formDraft';
import { formatDuration, fromTaipeiInput, toTaipeiInput } from '../format';
import { useI18n } from '../i18n';
import {
  AVAILABILITY_IMPACTS,
  INFORMATION_IMPACTS,
  LEVELS,
  looksLikeIp,
  SUBCATEGORIES,
  SUPPORT_KINDS,
} from '../incidentLabels';
import { Link, navigate, setLeaveGuard } from '../router';
import { useSession } from '../session';
import { Loading } from '../components/Loading';

// Server field names → the id of the input that holds them here.
const FIELD_IDS: Record<string, string> = {
  type: 'type-INT',
  subcategory: 'subcategory',
  hosts: 'host',
  'hosts.ip': 'host',
  'hosts.hostname': 'host',
  description: 'description',
  aware_at: 'aware_at',
  occurred_at: 'occurred_at',
  chosen_level: 'chosen_level-1',
  'contact.name': 'contact_name',
  'contact.phone': 'contact_phone',
  'contact.email': 'contact_email',
  'support.kinds': 'support_needed',
  'impact.criteria': 'criteria',
};

type Errors = Record<string, string>;

/** The quick report, or with `ticket` the same form to complete a draft (one opened from an
 *  early warning, say) or correct a returned report, then file it. */
export function QuickReportPage({ ticket }: { ticket?: Ticket }) {
  const i18n = useI18n();
  const { t, tx, lang } = i18n;
  const { me } = useSession();
  const r = ticket?.report;
  const taipei = (iso: string | null | undefined) => (iso ? toTaipeiInput(new Date(iso)) : '');
  const [type, setType] = useState<IncidentType>(r?.type ?? 'INT');
  const [subcategory, setSubcategory] = useState(r?.subcategory ?? '');
  const [host, setHost] = useState(r?.hosts[0] ? r.hosts[0].ip || r.hosts[0].hostname : '');
  const [description, setDescription] = useState(r?.description ?? '');
  const [awareAt, setAwareAt] = useState(() => taipei(r?.aware_at) || toTaipeiInput(new Date(serverNow())));
  const [impact, setImpact] = useState<ImpactAnswers>(
    r?.impact ?? { confidentiality: 'none', integrity: 'none', availability: 'none' },
  );
  // null: follow the computed level until the reporter picks one.
  const [chosenLevel, setChosenLevel] = useState<number | null>(r?.chosen_level ?? null);
  const [contactName, setContactName] = useState(r?.contact.name || me.contact?.name || '');
  const [contactPhone, setContactPhone] = useState(r?.contact.phone || me.contact?.phone || me.contact?.mobile || '');
  const [contactEmail, setContactEmail] = useState(r?.contact.email || me.contact?.email || '');
  const [occurredAt, setOccurredAt] = useState(taipei(r?.occurred_at));
  const [supportNeeded, setSupportNeeded] = useState(r?.support.needed ?? false);
  const [supportKinds, setSupportKinds] = useState<string[]>(r?.support.kinds ?? []);
  const [personalData, setPersonalData] = useState(r?.personal_data ?? false);
  const [lawEnforcement, setLawEnforcement] = useState(r?.law_enforcement ?? false);
  const [drill, setDrill] = useState(ticket?.drill ?? false);

  // A new report is kept on this device until it is sent (a ticket's edit lives on the server).
  const kept = {
    type, subcategory, host, description, awareAt, impact, chosenLevel, contactName, contactPhone, contactEmail,
    occurredAt, supportNeeded, supportKinds, personalData, lawEnforcement, drill,
  };
  const restore = (v: typeof kept) => {
    setType(v.type);
    setSubcategory(v.subcategory);
    setHost(v.host);
    setDescription(v.description);
    setAwareAt(v.awareAt);
    setImpact(v.impact);
    setChosenLevel(v.chosenLevel);
    setContactName(v.contactName);
    setContactPhone(v.contactPhone);
    setContactEmail(v.contactEmail);
    setOccurredAt(v.occurredAt);
    setSupportNeeded(v.supportNeeded);
    setSupportKinds(v.supportKinds);
    setPersonalData(v.personalData);
    setLawEnforcement(v.lawEnforcement);
    setDrill(v.drill);
  };
  const untouched = useRef(kept);
  const draft = useFormDraft(ticket ? null : `tongbao.draft.report.${me.unit?.oid}.${me.contact?.slot}`, kept, restore);
  useEffect(() => {
    draft.guard(() => window.confirm(t('report.leaveConfirm')));
  });
  useEffect(() => () => setLeaveGuard(null), []);

  const [policy, setPolicy] = useState<Policy | null>(null);
  const [policyError, setPolicyError] = useState<unknown>(null);
  const [assessment, setAssessment] = useState<LevelAssessment | null>(null);
  const [assessError, setAssessError] = useState<unknown>(null);
  const [errors, setErrors] = useState<Errors>({});
  // The summary lists the form's own checks; a server refusal shows in its own alert.
  const [checked, setChecked] = useState<Errors>({});
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // The profile in force at the time of awareness says what to ask: its own level criteria (the
  // 2002 notice), or the regulation's three impact questions.
  const awareIso = fromTaipeiInput(awareAt) ?? undefined;
  useEffect(() => {
    let live = true;
    api
      .policy(awareIso)
      .then((p) => live && (setPolicy(p), setPolicyError(null)))
      .catch((e) => live && setPolicyError(e));
    return () => {
      live = false;
    };
  }, [awareIso]);
  const byCriteria = (policy?.level_criteria.length ?? 0) > 0;
  const criteria = impact.criteria ?? [];
  // What is sent is what the form shows: the criteria marked, or the three answers.
  const answers = useMemo<ImpactAnswers>(
    () =>
      byCriteria
        ? { confidentiality: 'none', integrity: 'none', availability: 'none', criteria: impact.criteria ?? [] }
        : {
            confidentiality: impact.confidentiality,
            integrity: impact.integrity,
            availability: impact.availability,
            ...(impact.personal_data ? { personal_data: impact.personal_data } : {}),
          },
    [impact, byCriteria],
  );

  // Ask the server for the level whenever an answer changes: the rules live there.
  useEffect(() => {
    let live = true;
    api
      .assessLevel(answers, awareIso)
      .then((a) => live && (setAssessment(a), setAssessError(null)))
      .catch((e) => live && setAssessError(e));
    return () => {
      live = false;
    };
  }, [answers, awareIso]);

  const level = chosenLevel ?? assessment?.level ?? 1;
  const underReported = assessment !== null && level < assessment.level;
  // The profile names its levels (D C B A under the 2002 notice).
  const levelName = (l: number) => policy?.level_labels[l - 1] ?? String(l);
  // The report deadline of the profile in force, at the level the report runs on.
  const reportDueHint = () => {
    const rule = policy?.deadlines.find((d) => d.key === 'report' && d.from === 'aware');
    // A level in doubt runs on the stricter clock: the higher of the chosen and the computed one.
    const runs = Math.max(level, assessment?.level ?? 1);
    const minutes = rule?.within_minutes[Math.max(1, Math.min(4, runs)) - 1];
    if (minutes === undefined || minutes === null) return t('report.awareAtHintPlain');
    const within =
      minutes >= 60 && minutes % 60 === 0 ? t('report.withinHours', { h: minutes / 60 }) : formatDuration(minutes * 60000, t);
    return t('report.awareAtHintDue', { within });
  };

  const focusField = (field: string) => {
    const id = FIELD_IDS[fieldKey(field)] ?? FIELD_IDS[field];
    const el = id ? formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(id)}`) : null;
    el?.focus();
  };

  const validate = (): Errors => {
    const e: Errors = {};
    if (!subcategory) e.subcategory = t('report.subcategoryMissing');
    if (!host.trim()) e.hosts = t('report.hostMissing');
    else if (/^[\d.]+$/.test(host.trim()) && !looksLikeIp(host.trim())) e.hosts = t('report.hostInvalid');
    if (!description.trim()) e.description = t('report.descriptionMissing');
    const aware = fromTaipeiInput(awareAt);
    if (!aware) e.aware_at = t('report.awareMissing');
    else if (new Date(aware).getTime() > serverNow() + 5 * 60 * 1000) e.aware_at = t('report.awareFuture');
    if (occurredAt) {
      const occurred = fromTaipeiInput(occurredAt);
      if (occurred && aware && new Date(occurred) > new Date(aware)) e.occurred_at = t('report.occurredAfterAware');
    }
    if (!contactName.trim()) e['contact.name'] = t('report.contactNameMissing');
    if (!contactPhone.trim() && !contactEmail.trim()) e['contact.phone'] = t('report.contactReachMissing');
    if (supportNeeded && supportKinds.length === 0) e['support.kinds'] = t('report.supportKindsMissing');
    return e;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setSubmitError(null);
    const found = validate();
    setErrors(found);
    setChecked(found);
    const first = Object.keys(found)[0];
    if (first) {
      focusField(first);
      return;
    }
    const h = host.trim();
    setBusy(true);
    try {
      const report = {
        type,
        subcategory,
        aware_at: fromTaipeiInput(awareAt)!,
        ...(occurredAt ? { occurred_at: fromTaipeiInput(occurredAt)! } : {}),
        // The form edits the first host; any others (a draft from several warnings) are kept.
        hosts: [looksLikeIp(h) ? { ip: h } : { hostname: h }, ...(r?.hosts.slice(1) ?? [])],
        description: description.trim(),
        impact: answers,
        chosen_level: level,
        support: { needed: supportNeeded, kinds: supportNeeded ? supportKinds : [] },
        personal_data: personalData,
        law_enforcement: lawEnforcement,
        contact: { name: contactName.trim(), phone: contactPhone.trim(), email: contactEmail.trim() },
      };
      let filed: Ticket;
      if (ticket) {
        filed = await api.editReport(ticket.id, report);
        if (filed.allowed_actions.includes('submit_report')) filed = await api.submitReport(ticket.id);
      } else {
        filed = await api.createIncident({ ...report, drill });
      }
      draft.clear();
      leaveFlash(`/incidents/${filed.id}`, t('report.filed', { number: filed.number ?? String(filed.id) }));
      navigate(`/incidents/${filed.id}`);
    } catch (err) {
      setSubmitError(err);
      const field = describeError(i18n, err).field;
      if (field) {
        // The one host field holds both the address and the name the server checks apart.
        const key = fieldKey(field).startsWith('hosts') ? 'hosts' : fieldKey(field);
        setErrors({ [key]: describeError(i18n, err).message });
        focusField(field);
      }
    } finally {
      setBusy(false);
    }
  };

  const personalDataImpact = impact.personal_data ?? { leaked: false, people: 0, special_categories: false, not_sensitive_reason: '' };
  const infoOptions = INFORMATION_IMPACTS.map((v) => ({ value: v, label: tx(`impact.information.${v}`, v) }));
  const availabilityOptions = AVAILABILITY_IMPACTS.map((v) => ({ value: v, label: tx(`impact.availability.${v}`, v) }));

  return (
    <section className="card report-form">
      {ticket ? (
        <>
          <PageHeading title={t('report.editTitle')}>{t('report.editTitle')}</PageHeading>
          <p className="lead">
            {t(ticket.state === 'returned' ? 'report.editReturned' : 'report.editDraft', {
              number: ticket.number ?? t('ticket.draftNumber', { id: ticket.id }),
            })}
          </p>
        </>
      ) : (
        <>
          <PageHeading title={t('report.title')}>{t('report.title')}</PageHeading>
          <p className="lead">{t('report.intro')}</p>
          {draft.restored && (
            <div className="alert alert-info" role="status" data-testid="draft-restored">
              <p>{t('report.draftRestored')}</p>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  draft.discard();
                  restore(untouched.current);
                }}
              >
                {t('report.draftDiscard')}
              </button>
            </div>
          )}
        </>
      )}
      <form ref={formRef} onSubmit={submit} noValidate>
        <fieldset className="group">
          <legend>{t('report.whatHappened')}</legend>
          <RadioGroup
            name="type"
            legend={t('report.type')}
            inline
            value={type}
            onChange={(v) => {
              setType(v as IncidentType);
              setSubcategory('');
            }}
            options={(['INT', 'DEF'] as const).map((v) => ({ value: v, label: t(`type.${v}`) }))}
          />
          <SelectField
            id="subcategory"
            label={t('report.subcategory')}
            required
            value={subcategory}
            onChange={(e) => setSubcategory(e.target.value)}
            error={errors.subcategory}
            options={[
              { value: '', label: t('report.choose') },
              ...SUBCATEGORIES[type].map((k) => ({ value: k, label: tx(`subcategory.${k}`, k) })),
            ]}
          />
          <TextField
            id="host"
            label={t('report.host')}
            hint={t('report.hostHint')}
            required
            autoCapitalize="none"
            spellCheck={false}
            value={host}
            onChange={(e) => setHost(e.target.value)}
            error={errors.hosts}
          />
          <TextArea
            id="description"
            label={t('report.description')}
            hint={t('report.descriptionHint')}
            required
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            error={errors.description}
          />
          <DateTimeInput
            id="aware_at"
            kind="datetime"
            label={t('report.awareAt')}
            hint={reportDueHint()}
            required
            value={awareAt}
            max={toTaipeiInput(new Date(serverNow() + 5 * 60 * 1000))}
            onChange={setAwareAt}
            error={errors.aware_at}
          />
        </fieldset>

        <fieldset className="group">
          <legend>{t('report.impact')}</legend>
          <ErrorAlert error={policyError} />
          {!policy && !policyError ? (
            <Loading shape="lines" />
          ) : byCriteria && policy ? (
            <fieldset className="field sub-options" id="criteria" tabIndex={-1} aria-describedby={errors['impact.criteria'] ? 'criteria-error' : 'criteria-hint'}>
              <legend>{t('report.criteria')}</legend>
              <p className="hint" id="criteria-hint">
                {t('report.criteriaHint', { title: policy.title })}
              </p>
              {policy.level_criteria.map((c) => (
                <Checkbox
                  key={c.key}
                  id={`criterion-${c.key}`}
                  label={t('report.criterionLabel', {
                    label: lang === 'en' ? c.label_en : c.label_zh,
                    level: t('level.value', { level: levelName(c.level) }),
                  })}
                  checked={criteria.includes(c.key)}
                  onChange={(on) =>
                    setImpact({ ...impact, criteria: on ? [...criteria, c.key] : criteria.filter((k) => k !== c.key) })
                  }
                />
              ))}
              {errors['impact.criteria'] && (
                <p className="field-error" id="criteria-error">
                  {errors['impact.criteria']}
                </p>
              )}
            </fieldset>
          ) : (
            <>
              <p className="hint">{t('report.impactHint')}</p>
              <SelectField
                id="confidentiality"
                label={t('report.confidentiality')}
                value={impact.confidentiality}
                onChange={(e) => setImpact({ ...impact, confidentiality: e.target.value as InformationImpact })}
                options={infoOptions}
              />
              <SelectField
                id="integrity"
                label={t('report.integrity')}
                value={impact.integrity}
                onChange={(e) => setImpact({ ...impact, integrity: e.target.value as InformationImpact })}
                options={infoOptions}
              />
              <SelectField
                id="availability"
                label={t('report.availability')}
                value={impact.availability}
                onChange={(e) => setImpact({ ...impact, availability: e.target.value as AvailabilityImpact })}
                options={availabilityOptions}
              />
              <Checkbox
                id="personal_data_leaked"
                label={t('report.personalDataLeaked')}
                checked={personalDataImpact.leaked}
                onChange={(on) => setImpact({ ...impact, personal_data: { ...personalDataImpact, leaked: on } })}
              />
              {personalDataImpact.leaked && (
                <div className="nested">
                  <TextField
                    id="personal_data_people"
                    type="number"
                    min={0}
                    inputMode="numeric"
                    label={t('report.personalDataPeople')}
                    value={personalDataImpact.people ? String(personalDataImpact.people) : ''}
                    onChange={(e) =>
                      setImpact({ ...impact, personal_data: { ...personalDataImpact, people: Math.max(0, Number(e.target.value) || 0) } })
                    }
                  />
                  <Checkbox
                    id="personal_data_special"
                    label={t('report.personalDataSpecial')}
                    checked={personalDataImpact.special_categories}
                    onChange={(on) => setImpact({ ...impact, personal_data: { ...personalDataImpact, special_categories: on } })}
                  />
                  <TextArea
                    id="personal_data_reason"
                    label={t('report.personalDataNotSensitive')}
                    hint={t('report.personalDataNotSensitiveHint')}
                    value={personalDataImpact.not_sensitive_reason}
                    onChange={(e) =>
                      setImpact({ ...impact, personal_data: { ...personalDataImpact, not_sensitive_reason: e.target.value } })
                    }
                  />
                </div>
              )}
            </>
          )}
        </fieldset>

        <fieldset className="group">
          <legend>{t('report.level')}</legend>
          {/* Read out when the computed level changes, without taking focus. */}
          <div aria-live="polite" aria-atomic="true" className="assessment">
            {assessment && <LevelExplanation assessment={assessment} impact={answers} />}
          </div>
          <ErrorAlert error={assessError} />
          <RadioGroup
            name="chosen_level"
            legend={t('report.chosenLevel')}
            hint={t('report.chosenLevelHint')}
            inline
            value={String(level)}
            onChange={(v) => setChosenLevel(Number(v))}
            error={errors.chosen_level}
            grid
          options={LEVELS.map((l) => ({ value: String(l), label: t('level.value', { level: levelName(l) }) }))}
          />
          {underReported && assessment && (
            <p className="alert alert-warn" role="status">
              {t('report.underReported', { chosen: levelName(level), computed: levelName(assessment.level) })}
            </p>
          )}
        </fieldset>

        <fieldset className="group">
          <legend>{t('report.contact')}</legend>
          <TextField
            id="contact_name"
            label={t('report.contactName')}
            required
            autoComplete="name"
            value={contactName}
            onChange={(e) => setContactName(e.target.value)}
            error={errors['contact.name']}
          />
          <TextField
            id="contact_phone"
            type="tel"
            label={t('report.contactPhone')}
            hint={t('report.contactReachHint')}
            autoComplete="tel"
            value={contactPhone}
            onChange={(e) => setContactPhone(e.target.value)}
            error={errors['contact.phone']}
          />
          <TextField
            id="contact_email"
            type="email"
            label={t('report.contactEmail')}
            autoComplete="email"
            value={contactEmail}
            onChange={(e) => setContactEmail(e.target.value)}
            error={errors['contact.email']}
          />
        </fieldset>

        <details className="group more" open={supportNeeded || Boolean(errors.occurred_at) || undefined}>
          <summary>{t('report.more')}</summary>
          <DateTimeInput
            id="occurred_at"
            kind="datetime"
            label={t('report.occurredAt')}
            hint={t('report.occurredAtHint')}
            value={occurredAt}
            onChange={setOccurredAt}
            error={errors.occurred_at}
          />
          <Checkbox id="support_needed" label={t('report.supportNeeded')} checked={supportNeeded} onChange={setSupportNeeded} />
          {supportNeeded && (
            <fieldset className="field sub-options" aria-describedby={errors['support.kinds'] ? 'support-kinds-error' : undefined}>
              <legend>{t('report.supportKinds')}</legend>
              {SUPPORT_KINDS.map((k) => (
                <Checkbox
                  key={k}
                  id={`support-${k}`}
                  label={t(`support.${k}` as 'support.other')}
                  checked={supportKinds.includes(k)}
                  onChange={(on) => setSupportKinds(on ? [...supportKinds, k] : supportKinds.filter((x) => x !== k))}
                />
              ))}
              {errors['support.kinds'] && (
                <p className="field-error" id="support-kinds-error">
                  {errors['support.kinds']}
                </p>
              )}
            </fieldset>
          )}
          <Checkbox id="personal_data" label={t('report.personalData')} checked={personalData} onChange={setPersonalData} />
          <Checkbox id="law_enforcement" label={t('report.lawEnforcement')} checked={lawEnforcement} onChange={setLawEnforcement} />
          {!ticket && <Checkbox id="drill" label={t('report.drill')} checked={drill} onChange={setDrill} />}
        </details>

        <FormErrorSummary errors={checked} />
        <ErrorAlert error={submitError} />
        <div className="form-actions">
          <button type="submit" className="primary wide" disabled={busy}>
            {busy ? t('report.submitting') : t('report.submit', { level: levelName(level) })}
          </button>
          <Link href={ticket ? `/incidents/${ticket.id}` : '/'} className="button secondary wide">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
