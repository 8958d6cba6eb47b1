import { useRef, useState, type FormEvent } from 'react';
import { api, type Attachment } from '../api';
import { formatBytes, formatTime } from '../format';
import { useI18n } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { SelectField } from './Field';

const KINDS = ['evidence', 'investigation_report', 'other'];

export function Attachments({
  ticketId,
  items,
  canUpload,
  onUploaded,
}: {
  ticketId: number;
  items: Attachment[];
  canUpload: boolean;
  onUploaded: (a: Attachment) => void;
}) {
  const { t, tx } = useI18n();
  const [kind, setKind] = useState('evidence');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [fileName, setFileName] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);

  const upload = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    setMissing(!file);
    setError(null);
    if (!file) {
      fileRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      onUploaded(await api.upload(ticketId, file, kind));
      if (fileRef.current) fileRef.current.value = '';
      setFileName('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {items.length === 0 ? (
        <p className="empty">{t('attachments.empty')}</p>
      ) : (
        <ul className="attachment-list">
          {items.map((a) => (
            <li key={a.id}>
              <a href={a.download} download={a.file_name}>
                {a.file_name}
              </a>{' '}
              <span className="muted">
                ({tx(`attachment.${a.kind}`, a.kind)}, {formatBytes(a.size_bytes)})
              </span>
              <p className="muted small">
                {t('attachments.uploaded', { who: a.uploaded_by, time: formatTime(a.uploaded_at) })}
                <br />
                <span className="hash">SHA-256 {a.sha256.slice(0, 16)}…</span>
              </p>
            </li>
          ))}
        </ul>
      )}
      {canUpload && (
        <form onSubmit={upload} noValidate className="upload-form">
          {/* The native file input speaks the browser's language, not the page's: it stays in
              place for keyboards and screen readers but shows as our own button and text. */}
          <div className={`field file-field${missing ? ' field-invalid' : ''}`}>
            <input
              id="attachment-file"
              ref={fileRef}
              type="file"
              className="file-input"
              onChange={(e) => {
                setFileName(e.target.files?.[0]?.name ?? '');
                setMissing(false);
              }}
              aria-invalid={missing || undefined}
              aria-describedby={`attachment-file-name${missing ? ' attachment-file-error' : ''}`}
            />
            <label htmlFor="attachment-file" className="button secondary file-button">
              {t('attachments.file')}
            </label>
            <span id="attachment-file-name" className="file-name">
              {fileName || t('attachments.noFile')}
            </span>
            {missing && (
              <p className="field-error" id="attachment-file-error" role="alert">
                {t('attachments.fileMissing')}
              </p>
            )}
          </div>
          <SelectField
            id="attachment-kind"
            label={t('attachments.kind')}
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            options={KINDS.map((k) => ({ value: k, label: tx(`attachment.${k}`, k) }))}
          />
          <ErrorAlert error={error} />
          <button type="submit" className="secondary" disabled={busy}>
            {busy ? t('attachments.uploading') : t('attachments.upload')}
          </button>
        </form>
      )}
    </>
  );
}
