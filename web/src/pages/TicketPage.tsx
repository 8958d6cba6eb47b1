// One ticket: where it stands, its level and why, the report and the response, what closing still
// needs, its evidence and its history, and what this person may do next.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { api, type Attachment, type OutboxMessage, type Ticket, type TimelineEvent } from '../api';
import { ActionPanel, visibleActions } from '../components/ActionPanel';
import { Attachments } from '../components/Attachments';
import { Conversation } from '../components/Conversation';
import { CoordinatedSchools } from '../components/CoordinatedSchools';
import { DrillBadge, LevelBadge, StateBadge } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { FactRow } from '../components/FactRow';
import { FollowUps } from '../components/FollowUps';
import { ImprovementReportSection } from '../components/ImprovementReportSection';
import { LevelExplanation } from '../components/LevelExplanation';
import { PageHeading } from '../components/PageHeading';
import { Timeline } from '../components/Timeline';
import { formatDuration, formatTime } from '../format';
import { syncServerClock, useServerNow } from '../clock';
import { DeadlineList } from '../components/Deadlines';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { blocksAddresses, useSession } from '../session';
import { useFlash } from '../flash';
import { Loading } from '../components/Loading';
import { changesOf, ReportChanges, type ReportChange } from '../components/ReportChanges';
import { DESK_QUERY, useMediaQuery } from '../mediaQuery';
import { useMovable } from '../movable';

function Section({ id, title, children, className }: { id: string; title: string; children: ReactNode; className?: string }) {
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={`${id}-heading`} id={id}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

export function TicketPage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t, tx, lang } = i18n;
  const { me } = useSession();
  const now = useServerNow(30000);
  const desk = useMediaQuery(DESK_QUERY);
  // What can be done stands beside the report on a desk and after it on a phone: moved between the
  // two, never mounted afresh, so an open form keeps what was typed when the layout changes.
  const actionsPlace = useMovable();
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [timeline, setTimeline] = useState<TimelineEvent[]>([]);
  const [messages, setMessages] = useState<OutboxMessage[]>([]);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useFlash(`/incidents/${id}`);
  const statusRef = useRef<HTMLDivElement>(null);

  const loadSide = useCallback(async () => {
    const [tl, at] = await Promise.all([api.timeline(id), api.attachments(id)]);
    setTimeline(tl.items);
    setMessages(tl.messages ?? []);
    setAttachments(at.items);
  }, [id]);

  useEffect(() => {
    let live = true;
    // The countdowns read the server's clock: ask for it beside the ticket.
    Promise.all([api.incident(id), loadSide(), syncServerClock().catch(() => undefined)])
      .then(([tk]) => live && setTicket(tk))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id, loadSide]);

  const actionDone = (updated: Ticket, action: string) => {
    setTicket(updated);
    setStatus(t('actions.done', { action: tx(`action.${action}`, action), state: tx(`state.${updated.state}`, updated.state) }));
    // The form that had focus is gone: put focus on the message that says what happened.
    window.setTimeout(() => statusRef.current?.focus(), 0);
    void loadSide().catch(setError);
  };

  const uploaded = (a: Attachment) => {
    setStatus(t('attachments.done', { name: a.file_name }));
    void Promise.all([api.incident(id).then(setTicket), loadSide()]).catch(setError);
  };

  const reportChanged = () => {
    void Promise.all([api.incident(id).then(setTicket), loadSide()]).catch(setError);
  };

  if (!ticket) {
    return (
      <>
        <PageHeading title={t('ticket.title')}>{t('ticket.title')}</PageHeading>
        {error ? (
          <ErrorAlert error={error} />
        ) : (
          <Loading shape="page" />
        )}
      </>
    );
  }

  const r = ticket.report;
  const resp = ticket.response;
  const number = ticket.number ?? t('ticket.draftNumber', { id: ticket.id });
  // A centre (or the CERT) reading a unit's ticket may block a host of it in one step.
  const canBlock = blocksAddresses(me.unit?.kind) && ticket.unit.oid !== me.unit?.oid;
  const subLabel = ticket.subcategory_label?.[lang] ?? tx(`subcategory.${ticket.subcategory}`, ticket.subcategory);
  // The profile names its levels (the 2002 rules call them A to D): pages say what mails say.
  const levelLabel = ticket.policy ? t('level.value', { level: ticket.policy.level_label }) : undefined;
  const refiled = ticket.filed_at !== null && ticket.reported_at !== null && ticket.filed_at !== ticket.reported_at;
  const sinceAware = r.aware_at ? now - new Date(r.aware_at).getTime() : null;
  const mainActions = visibleActions(ticket);
  // Why a returned report came back, at the top where a phone shows it first (not deep in the history).
  const lastReturn =
    ticket.state === 'returned' ? [...timeline].reverse().find((e) => e.kind === 'returned') : undefined;
  const returnReason = typeof lastReturn?.detail?.reason === 'string' ? lastReturn.detail.reason : null;
  // For the reviewer, once a returned report is filed again: what the unit changed since the return
  // (each field from what it was then to what it is now).
  const sinceReturn = (() => {
    if (ticket.state === 'returned' || ticket.unit.oid === me.unit?.oid) return [];
    const at = timeline.map((e) => e.kind).lastIndexOf('returned');
    if (at < 0) return [];
    const merged = new Map<string, ReportChange>();
    for (const e of timeline.slice(at + 1))
      if (e.kind === 'report_edited')
        for (const c of changesOf(e)) merged.set(c.field, { field: c.field, from: merged.get(c.field)?.from ?? c.from, to: c.to });
    return [...merged.values()].filter((c) => c.from !== c.to);
  })();
  const yesNo = (b: boolean) => (b ? t('common.yes') : t('common.no'));
  const orDash = (s: string | null | undefined) => (s && s.trim() ? s : t('common.notGiven'));

  const deadlinesSection = (
      <Section id="deadlines" title={t('ticket.deadlines')}>
        {ticket.late && ticket.state !== 'closed' && (
          <p className="alert alert-warn" data-testid="ticket-late">
            {t('ticket.lateWarning')}
          </p>
        )}
        <DeadlineList ticket={ticket} />
      </Section>
  );
  const actionsSection = (
      <Section id="actions" title={t('ticket.actions')}>
        {ticket.allowed_actions.includes('edit_report') && (
          <p>
            <Link href={`/incidents/${ticket.id}/edit`} className="button primary">
              {ticket.state === 'draft' ? t('ticket.completeDraft') : t('ticket.editReport')}
            </Link>
          </p>
        )}
        <ActionPanel ticket={ticket} onDone={actionDone} />
        {me.unit?.kind !== 'ministry' && (
          <p>
            <Link href={`/improvements?new=1&incident=${ticket.id}`} data-testid="open-improvement">
              {t('ticket.openImprovement')}
            </Link>
          </p>
        )}
      </Section>
  );

  return (
    <div>
      <div className="ticket-head">
        <p className="eyebrow">{t('ticket.title')}</p>
        <PageHeading title={number}>
          <span className="ticket-number-title">{number}</span>
        </PageHeading>
        <p className="ticket-sub">
          {tx(`type.${ticket.type}`, ticket.type)} · {subLabel}
        </p>
        <div className="ticket-meta">
          <StateBadge state={ticket.state} />
          <LevelBadge level={ticket.level} label={levelLabel} />
          {ticket.drill && <DrillBadge />}
        </div>
        <p className="muted">{t('ticket.unitLine', { unit: ticket.unit.name, reviewer: ticket.reviewer.name })}</p>
        {ticket.coordinated?.parent && (
          <p data-testid="coordinated-parent">
            {t('coordinated.partOf')}{' '}
            <Link href={`/incidents/${ticket.coordinated.parent.id}`}>
              {ticket.coordinated.parent.number ?? t('ticket.draftNumber', { id: ticket.coordinated.parent.id })}
            </Link>
          </p>
        )}
        {lastReturn && (
          <div className="alert alert-warn" data-testid="return-reason">
            <p>
              <strong>{t('ticket.returnedBy', { reviewer: ticket.reviewer.name, at: formatTime(lastReturn.at) })}</strong>
            </p>
            {returnReason && <p>{returnReason}</p>}
          </div>
        )}
        <p className="print-only">{t('ticket.printedAt', { time: formatTime(new Date(now).toISOString()), name: me.contact?.name ?? '', unit: me.unit?.name ?? '' })}</p>
        <p className="no-print">
          <button type="button" className="secondary small" onClick={() => window.print()}>
            {t('ticket.print')}
          </button>
        </p>
        {sinceReturn.length > 0 && (
          <div className="alert alert-info" data-testid="changes-since-return">
            <p>
              <strong>{t('changes.sinceReturn', { unit: ticket.unit.name, n: sinceReturn.length })}</strong>
            </p>
            <ReportChanges changes={sinceReturn} />
          </div>
        )}
        {mainActions.length > 0 && !desk && (
          <p>
            <a href="#actions" className="button secondary small">
              {t('ticket.jumpToActions', { n: mainActions.length })}
            </a>
          </p>
        )}
      </div>

      <div ref={statusRef} tabIndex={-1} className="status-focus">
        <div role="status" aria-live="polite">
          {status && <p className="alert alert-success">{status}</p>}
        </div>
      </div>
      <ErrorAlert error={error} />

      <div className="ticket-columns">
      <div className="ticket-main">
      {!desk && deadlinesSection}

      {(ticket.coordinated?.children ?? 0) > 0 && (
        <Section id="coordinated" title={t('coordinated.title', { n: ticket.coordinated!.children })}>
          <CoordinatedSchools ticketId={ticket.id} />
        </Section>
      )}

      <Section id="times" title={t('ticket.times')}>
        <dl className="facts">
          <FactRow label={refiled ? t('ticket.firstReportedAt') : t('ticket.reportedAt')}>
            <span data-testid="reported-at">{ticket.reported_at ? formatTime(ticket.reported_at) : t('ticket.notReportedYet')}</span>
          </FactRow>
          {refiled && ticket.filed_at && (
            <FactRow label={t('ticket.filedAgainAt')}>
              <span data-testid="filed-again-at">{formatTime(ticket.filed_at)}</span>
            </FactRow>
          )}
          {ticket.review.reviewed_at && (
            <FactRow label={t('ticket.reviewedAt')}>
              <span data-testid="reviewed-at">{formatTime(ticket.review.reviewed_at)}</span>
            </FactRow>
          )}
          {ticket.review.approved_at && (
            <FactRow label={t('ticket.approvedAt')}>
              <span data-testid="approved-at">{formatTime(ticket.review.approved_at)}</span>
            </FactRow>
          )}
          <FactRow label={t('ticket.awareAt')}>{formatTime(r.aware_at) || t('common.notGiven')}</FactRow>
          <FactRow label={t('ticket.sinceAware')}>
            {sinceAware !== null && ticket.state !== 'closed' ? formatDuration(sinceAware, t) : t('common.notApplicable')}
          </FactRow>
          {r.occurred_at && <FactRow label={t('ticket.occurredAt')}>{formatTime(r.occurred_at)}</FactRow>}
          {ticket.closed_at && <FactRow label={t('ticket.closedAt')}>{formatTime(ticket.closed_at)}</FactRow>}
        </dl>
        {(ticket.entered_long_after ?? []).map((e) => (
          <p key={e.field} className="alert alert-info" data-testid="entered-long-after">
            {t('ticket.enteredLongAfter', {
              what: tx(`entered.${e.field}`, e.field),
              claimed: formatTime(e.claimed),
              entered: formatTime(e.entered),
              hours: e.hours_apart,
            })}
          </p>
        ))}
        <p className="tz-note muted small">{t('ticket.timezone')}</p>
      </Section>

      <Section id="level" title={t('ticket.levelTitle')}>
        {/* The server flags the reporter's choice for good; whether it still matters depends on
            the level in force, which a reviewer may have raised since. */}
        {ticket.under_reported && ticket.level < ticket.computed_level && (
          <div className="alert alert-warn" data-testid="under-reported">
            <p className="alert-message">
              {t('ticket.underReported', { chosen: ticket.chosen_level ?? '?', computed: ticket.computed_level })}
            </p>
          </div>
        )}
        {ticket.under_reported && ticket.level >= ticket.computed_level && (
          <p className="alert alert-info" data-testid="under-reported-corrected">
            {t('ticket.underReportedCorrected', {
              chosen: ticket.chosen_level ?? '?',
              computed: ticket.computed_level,
              level: ticket.level,
            })}
          </p>
        )}
        {ticket.review.deadline_level > ticket.level && (
          <p className="alert alert-info" data-testid="stricter-clock">
            {t('ticket.stricterClock', { level: ticket.review.deadline_level })}
          </p>
        )}
        <dl className="facts">
          {ticket.review.below_computed_reason && (
            <FactRow label={t('ticket.belowComputedReason')}>
              <span data-testid="below-computed-reason">{ticket.review.below_computed_reason}</span>
            </FactRow>
          )}
          <FactRow label={t('ticket.levelInForce')}>
            <LevelBadge level={ticket.level} label={levelLabel} />
          </FactRow>
          <FactRow label={t('ticket.chosenLevel')}>
            {ticket.chosen_level
              ? t('level.value', { level: ticket.policy?.level_labels?.[ticket.chosen_level - 1] ?? ticket.chosen_level })
              : t('common.notGiven')}
          </FactRow>
        </dl>
        <LevelExplanation assessment={ticket.assessment} impact={r.impact} />
      </Section>

      <Section id="report" title={t('ticket.report')}>
        <dl className="facts">
          <FactRow label={t('report.type')}>{tx(`type.${ticket.type}`, ticket.type)}</FactRow>
          <FactRow label={t('report.subcategory')}>{subLabel}</FactRow>
          <FactRow label={t('ticket.hosts')}>
            {r.hosts.length === 0
              ? t('common.notGiven')
              : r.hosts.map((h, i) => (
                  <span key={i} className="host">
                    {[h.ip, h.hostname].filter(Boolean).join(' / ')}
                    {h.ip && canBlock && (
                      <>
                        {' '}
                        <Link href={`/blocks?prefix=${encodeURIComponent(h.ip)}&incident=${ticket.id}`}>{t('ticket.blockHost')}</Link>
                      </>
                    )}
                  </span>
                ))}
          </FactRow>
          <FactRow label={t('report.description')}>
            <span className="pre">{orDash(r.description)}</span>
          </FactRow>
          {ticket.assessment.deciding === 'criteria' ? (
            <FactRow label={t('ticket.criteriaMarked')}>
              {ticket.assessment.criteria?.length
                ? ticket.assessment.criteria.map((c) => (lang === 'en' ? c.label_en : c.label_zh)).join(lang === 'en' ? '; ' : '；')
                : t('ticket.noCriteria')}
            </FactRow>
          ) : (
            <>
              <FactRow label={t('report.confidentiality')}>{tx(`impact.information.${r.impact.confidentiality}`, r.impact.confidentiality)}</FactRow>
              <FactRow label={t('report.integrity')}>{tx(`impact.information.${r.impact.integrity}`, r.impact.integrity)}</FactRow>
              <FactRow label={t('report.availability')}>{tx(`impact.availability.${r.impact.availability}`, r.impact.availability)}</FactRow>
            </>
          )}
          <FactRow label={t('ticket.supportNeeded')}>
            {r.support.needed
              ? r.support.kinds.map((k) => tx(`support.${k}`, k)).join('、') +
                (ticket.support.taken_by ? ` — ${t('ticket.supportTaken', { by: ticket.support.taken_by })}` : '')
              : t('common.no')}
          </FactRow>
          <FactRow label={t('ticket.personalData')}>{yesNo(r.personal_data)}</FactRow>
          <FactRow label={t('ticket.lawEnforcement')}>{yesNo(r.law_enforcement)}</FactRow>
          <FactRow label={t('report.contact')}>
            {[r.contact.name, r.contact.phone, r.contact.email].filter(Boolean).join(' · ') || t('common.notGiven')}
          </FactRow>
          {r.offline_report && (
            <FactRow label={t('ticket.offline')}>
              {t('ticket.offlineText', {
                time: formatTime(r.offline_report.reported_at),
                means: r.offline_report.means,
                reason: r.offline_report.reason,
              })}
            </FactRow>
          )}
        </dl>
      </Section>

      <Section id="response" title={t('ticket.response')}>
        {!resp ? (
          <p className="empty">{t('ticket.noResponse')}</p>
        ) : (
          <dl className="facts">
            <FactRow label={t('field.emergency_measures')}>
              <span className="pre">{orDash(resp.emergency_measures)}</span>
            </FactRow>
            <FactRow label={t('field.solution')}>
              <span className="pre">{orDash(resp.solution)}</span>
            </FactRow>
            <FactRow label={t('field.resolved_at')}>{resp.resolved_at ? formatTime(resp.resolved_at) : t('common.notGiven')}</FactRow>
            <FactRow label={t('field.root_cause.first_infected_host')}>{orDash(resp.root_cause.first_infected_host)}</FactRow>
            <FactRow label={t('field.root_cause.entry_vector')}>{orDash(resp.root_cause.entry_vector)}</FactRow>
            {resp.root_cause.lateral_movement && (
              <FactRow label={t('field.root_cause.lateral_movement')}>{resp.root_cause.lateral_movement}</FactRow>
            )}
            {resp.root_cause.attack_techniques.length > 0 && (
              <FactRow label={t('field.root_cause.attack_techniques')}>
                <span data-testid="attack-techniques">
                  {(ticket.attack_techniques ?? resp.root_cause.attack_techniques.map((id) => ({ id, name: '' })))
                    .map((x) => (x.name ? `${x.id} ${x.name}` : x.id))
                    .join('、')}
                </span>
              </FactRow>
            )}
            {ticket.level >= 3 && (
              <>
                <FactRow label={t('field.response_meeting')}>{orDash(resp.response_meeting)}</FactRow>
                <FactRow label={t('field.standby_people')}>{orDash(resp.standby_people)}</FactRow>
                <FactRow label={t('field.logs_provided')}>{orDash(resp.logs_provided)}</FactRow>
              </>
            )}
            {ticket.responded_at && <FactRow label={t('ticket.respondedAt')}>{formatTime(ticket.responded_at)}</FactRow>}
          </dl>
        )}
      </Section>

      <Section id="follow-up" title={t('followUp.title')}>
        <FollowUps ticket={ticket} onDone={actionDone} />
      </Section>

      {ticket.state !== 'draft' && (
        <Section id="improvement-report" title={t('improvementReport.title')}>
          <ImprovementReportSection ticketId={ticket.id} onChanged={reportChanged} />
        </Section>
      )}

      <Section id="closing" title={t('ticket.closing')}>
        {ticket.state === 'closed' ? (
          <p>{t('ticket.closed')}</p>
        ) : ticket.closing_requirements.length === 0 ? (
          <p className="ok">{t('ticket.closingMet')}</p>
        ) : (
          <>
            <p>{t('ticket.closingIntro')}</p>
            <ul className="requirements">
              {ticket.closing_requirements.map((m) => (
                <li key={m.field}>{tx(`closing.${m.field}`, m.message)}</li>
              ))}
            </ul>
          </>
        )}
      </Section>

      {!desk && <div ref={actionsPlace.slot} />}

      <Section id="attachments" title={t('ticket.attachments')}>
        <Attachments
          ticketId={ticket.id}
          items={attachments}
          canUpload={ticket.allowed_actions.includes('add_attachment')}
          onUploaded={uploaded}
        />
      </Section>

      <Section id="conversation" title={t('conversation.title')}>
        <Conversation ticket={ticket} />
      </Section>

      <Section id="timeline" title={t('ticket.timeline')}>
        <Timeline items={timeline} messages={messages} />
      </Section>
      </div>
      {/* On a desk the deadlines and what can be done stand beside the report, kept in view. */}
      {desk && (
        <aside className="ticket-side" aria-label={t('ticket.sideLabel')}>
          {deadlinesSection}
          <div ref={actionsPlace.slot} />
        </aside>
      )}
      </div>
      {createPortal(actionsSection, actionsPlace.node)}

      <p>
        <Link href="/">{t('ticket.back')}</Link>
      </p>
    </div>
  );
}
