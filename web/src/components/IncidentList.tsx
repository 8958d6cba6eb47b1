import type { TicketSummary } from '../api';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { DrillBadge, LevelBadge, StateBadge } from './Badges';
import { NextDue } from './Deadlines';

/** Tickets as a list of cards: one column reads well on a phone and with a screen reader. */
export function IncidentList({
  items,
  showUnit,
  emptyText,
}: {
  items: TicketSummary[];
  showUnit?: boolean;
  emptyText: string;
}) {
  const { t, tx } = useI18n();
  if (items.length === 0) return <p className="empty">{emptyText}</p>;
  return (
    <ul className="ticket-list">
      {items.map((s) => (
        <li key={s.id} className="ticket-card">
          <Link href={`/incidents/${s.id}`} className="ticket-link">
            <span className="ticket-number">{s.number ?? t('ticket.draftNumber', { id: s.id })}</span>
            <span className="ticket-sub">
              {tx(`type.${s.type}`, s.type)} · {tx(`subcategory.${s.subcategory}`, s.subcategory || t('ticket.noSubcategory'))}
            </span>
          </Link>
          <div className="ticket-meta">
            <StateBadge state={s.state} />
            <LevelBadge level={s.level} />
            {s.drill && <DrillBadge />}
            {/* Once a reviewer has raised the level, the ticket is no longer under-reported. */}
            {s.level < s.computed_level && <span className="badge warn">{t('ticket.underReportedShort')}</span>}
            {s.support_needed && <span className="badge support">{t('ticket.supportNeededShort')}</span>}
            {s.late && s.state !== 'closed' && <span className="badge warn">{t('ticket.lateShort')}</span>}
          </div>
          {showUnit && <p className="ticket-unit">{s.unit.name}</p>}
          <p className="ticket-time">
            {s.reported_at
              ? t('ticket.reportedAtShort', { time: formatTime(s.reported_at) })
              : t('ticket.notReportedYet')}
          </p>
          {/* The list carries each ticket's next deadline; the countdown runs on the server's clock. */}
          {s.state !== 'closed' && <NextDue deadline={s.next_deadline} />}
        </li>
      ))}
    </ul>
  );
}
