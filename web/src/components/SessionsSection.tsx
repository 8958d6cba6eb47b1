// One's own sessions on "My details": where and on what each began and when it was last used,
// with "sign out there" and "sign out everywhere else", so a session left open on a shared
// computer, or opened by someone else, can be ended from the phone.
import Bowser from 'bowser';
import { useCallback, useEffect, useState } from 'react';
import { api, type SessionInfo } from '../api';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { ErrorAlert } from './ErrorAlert';

function device(userAgent: string, unknown: string): string {
  if (!userAgent) return unknown;
  const { browser, os } = Bowser.parse(userAgent);
  const parts = [browser.name, os.name].filter(Boolean);
  return parts.length ? parts.join(' · ') : userAgent.slice(0, 60);
}

export function SessionsSection() {
  const { t } = useI18n();
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  const load = useCallback(() => api.sessions().then((r) => setSessions(r.items)), []);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  const act = async (action: () => Promise<{ ended: number }>) => {
    setError(null);
    try {
      const r = await action();
      setStatus(t('sessions.ended', { n: r.ended }));
      await load();
    } catch (e) {
      setError(e);
    }
  };

  const others = (sessions ?? []).filter((s) => !s.current).length;
  return (
    <section className="card" aria-labelledby="sessions-title" data-testid="sessions">
      <h2 id="sessions-title">{t('sessions.title')}</h2>
      <p className="muted">{t('sessions.intro')}</p>
      <div role="status" aria-live="polite">
        {status && <p className="alert alert-success">{status}</p>}
      </div>
      <ErrorAlert error={error} />
      <ul className="session-list">
        {(sessions ?? []).map((s) => (
          <li key={s.id} className="session">
            <p>
              <strong>{device(s.user_agent, t('sessions.unknownDevice'))}</strong>{' '}
              {s.current && <span className="badge">{t('sessions.thisOne')}</span>}
            </p>
            <p className="muted small">
              {t('sessions.line', { remote: s.remote || '–', used: formatTime(s.last_used_at), began: formatTime(s.created_at) })}
            </p>
            {!s.current && (
              <button type="button" className="secondary small" onClick={() => void act(() => api.endSession(s.id))}>
                {t('sessions.signOutThere')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {others > 0 && (
        <button type="button" className="secondary" onClick={() => void act(() => api.endOtherSessions())}>
          {t('sessions.signOutOthers')}
        </button>
      )}
    </section>
  );
}

/** After signing in: the previous sign-in and the failed attempts since, to notice what was not theirs. */
export function SignInNotice({
  previous,
  failures,
  onClose,
}: {
  previous: { at: string; remote: string } | null | undefined;
  failures: { count: number; last: { at: string; remote: string } | null } | undefined;
  onClose: () => void;
}) {
  const { t } = useI18n();
  if (!previous && !failures?.count) return null;
  return (
    <div className={`alert ${failures?.count ? 'alert-warn' : 'alert-info'} signin-notice`} data-testid="signin-notice">
      {previous && <p>{t('signinNotice.previous', { at: formatTime(previous.at), remote: previous.remote })}</p>}
      {failures && failures.count > 0 && failures.last && (
        <p>
          {t('signinNotice.failures', { n: failures.count, at: formatTime(failures.last.at), remote: failures.last.remote })}
        </p>
      )}
      <button type="button" className="link-button" onClick={onClose}>
        {t('signinNotice.close')}
      </button>
    </div>
  );
}
