// The conversation on a ticket: comments between its unit, the centres above it and the CERT,
// apart from the formal history. Whoever reads the ticket reads and writes here; a comment may
// tell the unit, its reviewing centre or the CERT by mail. Comments are kept as written.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type CommentRole, type Ticket, type TicketComment } from '../api';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { ErrorAlert, StatusMessage } from './ErrorAlert';
import { TextArea } from './Field';

const MAX_LENGTH = 4000;
const ROLES: CommentRole[] = ['unit', 'centre', 'cert'];

/** Characters as the server counts them (code points), after trimming. */
function length(text: string): number {
  return [...text.trim()].length;
}

export function Conversation({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [items, setItems] = useState<TicketComment[] | null>(null);
  const [limit, setLimit] = useState(300);
  const [body, setBody] = useState('');
  const [mentions, setMentions] = useState<CommentRole[]>([]);
  const [fieldError, setFieldError] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [sending, setSending] = useState(false);

  const load = useCallback(async () => {
    const list = await api.comments(ticket.id);
    setItems(list.items);
    setLimit(list.limit);
  }, [ticket.id]);

  useEffect(() => {
    load().catch(setError);
  }, [load]);

  const own = me.unit?.oid;
  // A draft is its unit's own (unless a coordinated incident opened it): only the unit may be told.
  const privateDraft = ticket.state === 'draft' && !ticket.coordinated?.parent;
  const offered = ROLES.filter((role) => {
    if (role === 'unit') return ticket.unit.oid !== own;
    if (privateDraft) return false;
    if (role === 'centre') return ticket.reviewer.oid !== ticket.unit.oid && ticket.reviewer.oid !== own;
    return me.unit?.kind !== 'cert';
  });
  const mayWrite = me.unit?.kind !== 'ministry';
  const roleLabel = (role: CommentRole) => t(`conversation.asRole.${role}`);
  const mentionLabel = (role: CommentRole) =>
    role === 'unit'
      ? t('conversation.mention.unit', { name: ticket.unit.name })
      : role === 'centre'
        ? t('conversation.mention.centre', { name: ticket.reviewer.name })
        : t('conversation.mention.cert');

  const send = async (e: FormEvent) => {
    e.preventDefault();
    setStatus('');
    setError(null);
    const n = length(body);
    if (n === 0) return setFieldError(t('conversation.bodyRequired'));
    if (n > MAX_LENGTH) return setFieldError(t('conversation.bodyTooLong', { max: MAX_LENGTH }));
    setFieldError('');
    setSending(true);
    try {
      const chosen = ROLES.filter((r) => mentions.includes(r));
      await api.addComment(ticket.id, body, chosen);
      setBody('');
      setMentions([]);
      setStatus(chosen.length ? t('conversation.sentMentioning', { n: chosen.length }) : t('conversation.sent'));
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'too_many_comments') setFieldError(t('conversation.full', { max: limit }));
      else setError(err);
    } finally {
      setSending(false);
    }
  };

  const left = MAX_LENGTH - length(body);
  return (
    <div className="conversation">
      <p className="muted small">{t('conversation.intro')}</p>
      {items === null ? (
        error ? null : (
          <p className="loading" role="status">
            {t('common.loading')}
          </p>
        )
      ) : (
        <>
          <p data-testid="conversation-count">{t('conversation.count', { n: items.length })}</p>
          {items.length > 0 && (
            <ol className="comments" data-testid="comments">
              {items.map((c) => (
                <li key={c.id} className="comment">
                  <p className="comment-head">
                    <strong>
                      {t('conversation.byline', { name: c.author_name, unit: c.author_unit.name, role: roleLabel(c.author_role) })}
                    </strong>{' '}
                    <time dateTime={c.created_at}>{formatTime(c.created_at)}</time>
                  </p>
                  <p className="comment-body">{c.body}</p>
                  {c.mentions.length > 0 && (
                    <p className="muted small">
                      {t('conversation.mentioned', { roles: c.mentions.map(roleLabel).join(t('conversation.listSeparator')) })}
                    </p>
                  )}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      <ErrorAlert error={error} />
      <StatusMessage message={status} />
      {mayWrite && (
        <form className="comment-form" onSubmit={send} noValidate>
          <TextArea
            id="comment-body"
            label={t('conversation.body')}
            hint={`${t('conversation.bodyHint', { max: MAX_LENGTH })} ${
              left >= 0 ? t('conversation.bodyLeft', { n: left }) : t('conversation.bodyTooLong', { max: MAX_LENGTH })
            }`}
            error={fieldError}
            required
            rows={4}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          {offered.length > 0 && (
            <fieldset className="field mentions">
              <legend>{t('conversation.mentions')}</legend>
              <div className="radio-options">
                {offered.map((role) => (
                  <label key={role} className="radio-option" htmlFor={`mention-${role}`}>
                    <input
                      type="checkbox"
                      id={`mention-${role}`}
                      checked={mentions.includes(role)}
                      onChange={(e) =>
                        setMentions((m) => (e.target.checked ? [...m, role] : m.filter((x) => x !== role)))
                      }
                    />
                    <span>{mentionLabel(role)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <button type="submit" className="primary" disabled={sending}>
            {sending ? t('conversation.sending') : t('conversation.send')}
          </button>
        </form>
      )}
    </div>
  );
}
