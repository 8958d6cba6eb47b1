import { useI18n } from '../i18n';

/** After a failed check, one alert that says how many fields need attention and lists them;
 *  each field also shows its own message beside it. */
export function FormErrorSummary({ errors, compact }: { errors: Record<string, string | undefined>; compact?: boolean }) {
  const { t } = useI18n();
  const messages = Object.values(errors).filter((m): m is string => Boolean(m));
  if (messages.length === 0) return null;
  // A short form shows each message right beside its field: one line is enough here.
  if (compact)
    return (
      <p className="alert alert-error" role="alert">
        {t('form.fixErrorsShort', { n: messages.length })}
      </p>
    );
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-message">{t('form.fixErrors', { n: messages.length })}</p>
      <ul>
        {messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
