// API keys of a unit, for its machine clients (a SOC's feed, a sensor, a script): the unit's own
// account manager, a centre above it or the CERT lists them, issues one (its secret is shown
// once, here, with a copy button) and revokes one at once. Only a digest of a key is kept. A key
// only reads unless made to change things, and stops working after 30, 90 or 365 days if asked.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type ApiKey, type ApiKeyScope } from '../api';
import { serverNow, syncServerClock } from '../clock';
import { describeError } from '../errors';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { RadioGroup, SelectField, TextField } from './Field';
import { Loading } from './Loading';

const LIFETIMES = ['30', '90', '365', 'never'] as const;

function expired(k: ApiKey): boolean {
  return k.expires_at !== null && new Date(k.expires_at).getTime() <= serverNow();
}

export function ApiKeysSection({ oid }: { oid: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState('');
  // Least power first: a key that reads, for a quarter of a year.
  const [scope, setScope] = useState<ApiKeyScope>('read');
  const [lifetime, setLifetime] = useState<(typeof LIFETIMES)[number]>('90');
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<{ name: string; key: string } | null>(null);
  const [copied, setCopied] = useState('');
  const [revoking, setRevoking] = useState<number | null>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  const load = useCallback(() => api.apiKeys(oid).then((r) => setKeys(r.items)), [oid]);
  useEffect(() => {
    load().catch(setError);
    // Expiry is counted by the server's clock.
    void syncServerClock().catch(() => undefined);
  }, [load]);

  const say = (text: string) => {
    setStatus(text);
    window.setTimeout(() => statusRef.current?.focus(), 0);
  };

  const issue = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setStatus('');
    setIssued(null);
    setCopied('');
    if (!name.trim() || name.trim().length > 100) {
      setNameError(t('apiKeys.nameInvalid'));
      document.getElementById(`apikey-name-${oid}`)?.focus();
      return;
    }
    setNameError('');
    setBusy(true);
    try {
      const expires_at =
        lifetime === 'never' ? undefined : new Date(serverNow() + Number(lifetime) * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const r = await api.issueApiKey(oid, { name: name.trim(), scope, expires_at });
      setName('');
      await load();
      setIssued({ name: r.name, key: r.key });
      window.setTimeout(() => secretRef.current?.select(), 0);
    } catch (err) {
      const d = describeError(i18n, err);
      if (d.field === 'name') setNameError(d.message);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!issued) return;
    secretRef.current?.select();
    try {
      await navigator.clipboard.writeText(issued.key);
      setCopied(t('apiKeys.copied'));
    } catch {
      // No clipboard permission: the key stays selected for the person to copy.
      setCopied(document.execCommand?.('copy') ? t('apiKeys.copied') : t('apiKeys.copyByHand'));
    }
  };

  const revoke = async (k: ApiKey) => {
    setError(null);
    setStatus('');
    try {
      await api.revokeApiKey(k.id);
      setRevoking(null);
      await load();
      say(t('apiKeys.revoked', { name: k.name }));
    } catch (err) {
      setError(err);
    }
  };

  const headingId = `apikeys-heading-${oid}`;
  return (
    <section className="card" aria-labelledby={headingId} data-testid="api-keys">
      <h2 id={headingId}>{t('apiKeys.title')}</h2>
      <p className="hint">{t('apiKeys.intro')}</p>
      <div ref={statusRef} tabIndex={-1} className="status-focus">
        <div role="status" aria-live="polite">
          {status && <p className="alert alert-success">{status}</p>}
        </div>
      </div>
      <ErrorAlert error={error} />
      {issued && (
        <div className="alert alert-info" data-testid="api-key-secret">
          <p className="alert-message">{t('apiKeys.issued', { name: issued.name })}</p>
          <div className="field">
            <label htmlFor={`apikey-secret-${oid}`}>{t('apiKeys.secret')}</label>
            <input
              id={`apikey-secret-${oid}`}
              ref={secretRef}
              className="secret"
              readOnly
              value={issued.key}
              spellCheck={false}
              onFocus={(e) => e.currentTarget.select()}
            />
          </div>
          <div className="button-row">
            <button type="button" className="primary small" onClick={() => void copy()}>
              {t('apiKeys.copy')}
            </button>
            <button type="button" className="secondary small" onClick={() => setIssued(null)}>
              {t('apiKeys.done')}
            </button>
          </div>
          <p role="status" aria-live="polite" className="small">
            {copied}
          </p>
          <p className="small">{t('apiKeys.onlyOnce')}</p>
        </div>
      )}
      {!keys ? (
        <Loading shape="lines" />
      ) : keys.length === 0 ? (
        <p className="empty">{t('apiKeys.none')}</p>
      ) : (
        <ul className="session-list">
          {keys.map((k) => (
            <li key={k.id} className="session" data-testid="api-key">
              <p>
                <strong>{k.name}</strong>{' '}
                {k.revoked_at ? (
                  <span className="badge warn">{t('apiKeys.revokedBadge')}</span>
                ) : expired(k) ? (
                  <span className="badge warn">{t('apiKeys.expiredBadge')}</span>
                ) : (
                  <span className="badge">{t('apiKeys.validBadge')}</span>
                )}{' '}
                <span className="badge" data-testid="api-key-scope">
                  {k.scope === 'read' ? t('apiKeys.scopeReadBadge') : t('apiKeys.scopeReadWriteBadge')}
                </span>
              </p>
              <p className="small muted">
                <code>{k.prefix}…</code> · {t('apiKeys.createdBy', { who: k.created_by, time: formatTime(k.created_at) })}
                {k.revoked_at && <> · {t('apiKeys.revokedAt', { time: formatTime(k.revoked_at) })}</>}
              </p>
              <p className="small muted">
                {k.expires_at ? t('apiKeys.expiresAt', { time: formatTime(k.expires_at) }) : t('apiKeys.noExpiry')} ·{' '}
                <span data-testid="api-key-last-used">
                  {k.last_used_at ? t('apiKeys.lastUsed', { time: formatTime(k.last_used_at) }) : t('apiKeys.neverUsed')}
                </span>
              </p>
              {!k.revoked_at && revoking !== k.id && (
                <button type="button" className="secondary small" onClick={() => setRevoking(k.id)}>
                  {t('apiKeys.revoke', { name: k.name })}
                </button>
              )}
              {revoking === k.id && (
                <div className="confirm" role="group" aria-label={t('apiKeys.revoke', { name: k.name })}>
                  <p>{t('apiKeys.revokeConfirm', { name: k.name })}</p>
                  <div className="button-row">
                    <button type="button" className="primary small" onClick={() => void revoke(k)}>
                      {t('apiKeys.revokeYes')}
                    </button>
                    <button type="button" className="secondary small" onClick={() => setRevoking(null)}>
                      {t('common.cancel')}
                    </button>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={issue} noValidate aria-label={t('apiKeys.issueHeading')}>
        <h3>{t('apiKeys.issueHeading')}</h3>
        <TextField
          id={`apikey-name-${oid}`}
          label={t('apiKeys.name')}
          hint={t('apiKeys.nameHint')}
          required
          autoComplete="off"
          maxLength={100}
          error={nameError}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <RadioGroup
          name={`apikey-scope-${oid}`}
          legend={t('apiKeys.scope')}
          value={scope}
          onChange={(v) => setScope(v as ApiKeyScope)}
          options={[
            { value: 'read', label: t('apiKeys.scopeRead') },
            { value: 'read_write', label: t('apiKeys.scopeReadWrite') },
          ]}
        />
        <SelectField
          id={`apikey-lifetime-${oid}`}
          label={t('apiKeys.lifetime')}
          value={lifetime}
          onChange={(e) => setLifetime(e.target.value as (typeof LIFETIMES)[number])}
          options={LIFETIMES.map((l) => ({
            value: l,
            label: l === 'never' ? t('apiKeys.lifetimeNever') : t('apiKeys.lifetimeDays', { days: Number(l) }),
          }))}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('common.sending') : t('apiKeys.issue')}
        </button>
      </form>
    </section>
  );
}
