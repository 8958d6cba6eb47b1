import { useMemo, useState } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import type { TicketSummary } from '../api';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { DESK_QUERY, useMediaQuery } from '../mediaQuery';
import { Link } from '../router';
import { DrillBadge, LevelBadge, StateBadge } from './Badges';
import { NextDue } from './Deadlines';

interface ListProps {
  items: TicketSummary[];
  showUnit?: boolean;
  emptyText: string;
}

/** Tickets as cards on a phone (one column reads well there and with a screen reader) and as a
 *  table sorted by any column on a desk. */
export function IncidentList(props: ListProps) {
  const desk = useMediaQuery(DESK_QUERY);
  if (props.items.length === 0) return <p className="empty">{props.emptyText}</p>;
  return desk ? <IncidentTable {...props} /> : <IncidentCards {...props} />;
}

function IncidentCards({ items, showUnit }: ListProps) {
  const { t } = useI18n();
  return (
    <ul className="ticket-list">
      {items.map((s) => (
        <li key={s.id} className="ticket-card">
          <TicketLink s={s} />
          <Marks s={s} />
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

function TicketLink({ s }: { s: TicketSummary }) {
  const { t, tx } = useI18n();
  return (
    <Link href={`/incidents/${s.id}`} className="ticket-link">
      <span className="ticket-number">{s.number ?? t('ticket.draftNumber', { id: s.id })}</span>
      <span className="ticket-sub">
        {tx(`type.${s.type}`, s.type)} · {tx(`subcategory.${s.subcategory}`, s.subcategory || t('ticket.noSubcategory'))}
      </span>
    </Link>
  );
}

function Marks({ s, withLevel = true }: { s: TicketSummary; withLevel?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="ticket-meta">
      <StateBadge state={s.state} />
      {withLevel && <LevelBadge level={s.level} />}
      {s.drill && <DrillBadge />}
      {/* Once a reviewer has raised the level, the ticket is no longer under-reported. */}
      {s.level < s.computed_level && <span className="badge warn">{t('ticket.underReportedShort')}</span>}
      {s.support_needed && <span className="badge support">{t('ticket.supportNeededShort')}</span>}
      {s.late && s.state !== 'closed' && <span className="badge warn">{t('ticket.lateShort')}</span>}
    </div>
  );
}

/** Nothing due sorts after every due time, whichever way the column is sorted. */
const NEVER = Number.MAX_SAFE_INTEGER;

function IncidentTable({ items, showUnit }: ListProps) {
  const { t, lang } = useI18n();
  const [sorting, setSorting] = useState<SortingState>([]);
  const columns = useMemo<ColumnDef<TicketSummary>[]>(
    () => [
      {
        id: 'number',
        header: t('list.column.ticket'),
        accessorFn: (s) => s.number ?? '',
        cell: ({ row }) => <TicketLink s={row.original} />,
      },
      ...(showUnit
        ? [
            {
              id: 'unit',
              header: t('list.column.unit'),
              accessorFn: (s: TicketSummary) => s.unit.name,
              sortingFn: (a, b) => a.original.unit.name.localeCompare(b.original.unit.name, lang),
              cell: ({ row }) => row.original.unit.name,
            } satisfies ColumnDef<TicketSummary>,
          ]
        : []),
      {
        id: 'state',
        header: t('list.column.state'),
        accessorFn: (s) => s.state,
        cell: ({ row }) => <Marks s={row.original} withLevel={false} />,
      },
      {
        id: 'level',
        header: t('list.column.level'),
        accessorFn: (s) => s.level,
        cell: ({ row }) => <LevelBadge level={row.original.level} />,
      },
      {
        id: 'reported',
        header: t('list.column.reported'),
        accessorFn: (s) => (s.reported_at ? Date.parse(s.reported_at) : 0),
        cell: ({ row }) =>
          row.original.reported_at ? (
            <time dateTime={row.original.reported_at}>{formatTime(row.original.reported_at)}</time>
          ) : (
            t('ticket.notReportedYet')
          ),
      },
      {
        id: 'due',
        header: t('list.column.nextDue'),
        accessorFn: (s) => (s.state !== 'closed' && s.next_deadline ? Date.parse(s.next_deadline.due_at) : NEVER),
        cell: ({ row }) => (row.original.state !== 'closed' ? <NextDue deadline={row.original.next_deadline} /> : null),
      },
    ],
    [t, lang, showUnit],
  );
  const table = useReactTable({
    data: items,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    // The first tap sorts up (oldest, lowest, A first), the second down, the third as the server sent.
    sortDescFirst: false,
  });
  return (
    <div className="table-scroll">
      <table className="ticket-list ticket-table">
        <caption className="visually-hidden">{t('list.caption')}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      <span className="sort-mark" aria-hidden="true">
                        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="ticket-card">
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
