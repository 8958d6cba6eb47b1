import { useI18n } from '../i18n';
import { describeError } from '../errors';

/** An error announced at once by screen readers (role=alert), in the person's language. */
export function ErrorAlert({ error, id }: { error: unknown; id?: string }) {
  const i18n = useI18n();
  if (!error) return null;
  const text = describeError(i18n, error);
  return (
    <div className="alert alert-error" role="alert" id={id}>
      <p className="alert-message">{text.message}</p>
      {text.items && (
        <ul>
          {text.items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
      {text.detail && (
        <p className="alert-detail">
          {i18n.t('error.serverSays')} <span lang="en">{text.detail}</span>
        </p>
      )}
    </div>
  );
}

/** A message that needs no interruption: read out when the screen reader is idle. */
export function StatusMessage({ message }: { message: string }) {
  return (
    <div className="status-region" role="status" aria-live="polite">
      {message && <p className="alert alert-success">{message}</p>}
    </div>
  );
}
