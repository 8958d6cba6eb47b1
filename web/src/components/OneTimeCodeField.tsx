// The six digits of an authenticator app: a numeric keypad on phones, and the browser may offer
// a code it received (autocomplete="one-time-code").
import type { Ref } from 'react';
import { useI18n } from '../i18n';
import { TextField } from './Field';

export function OneTimeCodeField({
  id,
  value,
  onChange,
  error,
  inputRef,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useI18n();
  return (
    <TextField
      id={id}
      ref={inputRef}
      label={t('signin.code')}
      hint={t('signin.codeHint')}
      required
      inputMode="numeric"
      pattern="[0-9 ]*"
      autoComplete="one-time-code"
      maxLength={7}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
    />
  );
}
