// Turns an API error into words for the person, in their language. The server's own messages
// are English only, so known codes are translated here and the server's text is kept as detail
// (in the Chinese interface, where it adds something; marked lang="en" by ErrorAlert).
import { ApiError } from './api';
import type { I18n } from './i18n';
import { MAX_LENGTH, MIN_LENGTH } from './passwordStrength';

export interface ErrorText {
  message: string;
  /** The server's explanation, shown under the message when it adds something. */
  detail?: string;
  /** The form field to mark and focus, in the server's naming (e.g. "contact.name"). */
  field?: string;
  items?: string[];
}

/** "hosts[0].ip" → "hosts.ip", the key shape of the field labels. */
export function fieldKey(field: string): string {
  return field.replace(/\[\d+\]/g, '');
}

export function fieldLabel(i18n: I18n, field: string): string {
  return i18n.tx(`field.${fieldKey(field)}`, field);
}

export function describeError(i18n: I18n, error: unknown): ErrorText {
  const { t } = i18n;
  if (!(error instanceof ApiError)) return { message: t('error.unknown') };
  const detail = i18n.lang === 'en' ? undefined : error.message;
  switch (error.code) {
    case 'network':
      return { message: t('error.network') };
    case 'invalid_credentials':
      return { message: t('error.invalidCredentials') };
    case 'too_many_attempts':
      return { message: t('error.tooManyAttempts', { seconds: error.retryAfterSeconds ?? 60 }) };
    case 'busy':
      return { message: t('error.busy') };
    case 'wrong_password':
      return { message: t('error.wrongPassword'), field: error.field ?? 'current_password' };
    case 'unauthenticated':
      return { message: t('error.unauthenticated') };
    case 'password_change_required':
      return { message: t('error.passwordChangeRequired') };
    case 'wrong_second_factor':
      return { message: t('error.wrongSecondFactor'), field: error.field ?? 'code' };
    case 'challenge_expired':
      return { message: t('error.challengeExpired') };
    case 'second_factor_enrolment_required':
      return { message: t('error.secondFactorEnrolmentRequired') };
    case 'second_factor_required':
      return { message: t('error.secondFactorRequired') };
    case 'statistics_not_ready':
      return { message: t('error.statisticsNotReady'), detail: error.message };
    case 'password_too_short':
      return { message: t('password.tooShort', { min: MIN_LENGTH }), field: error.field ?? undefined };
    case 'password_too_long':
      return { message: t('error.passwordTooLong', { max: MAX_LENGTH }), field: error.field ?? undefined };
    case 'common_password':
      return { message: t('error.commonPassword'), field: error.field ?? undefined };
    case 'weak_password':
      return {
        message: t('error.weakPassword'),
        field: error.field ?? undefined,
        items: error.suggestions.map((s) => i18n.tx(`password.suggestion.${s}`, s)),
      };
    case 'forbidden':
      return { message: t('error.forbidden'), detail: error.message };
    case 'key_scope':
      return { message: t('error.keyScope'), detail: error.message };
    case 'not_found':
      return { message: t('error.notFound') };
    case 'invalid_state':
      return { message: t('error.invalidState'), detail: error.message };
    case 'closing_requirements':
      return {
        message: t('error.closingRequirements'),
        items: (error.rows.length ? error.rows : [{ field: error.field ?? '', message: error.message }]).map((r) =>
          i18n.tx(`closing.${r.field}`, r.message),
        ),
      };
    case 'payload_too_large':
    case 'http_413':
      return { message: t('error.tooLarge') };
    case 'internal_error':
      return { message: t('error.server') };
    case 'conflict':
      return { message: t('error.conflict'), detail, field: error.field ?? undefined };
    case 'missing_field':
      if (error.field)
        return { message: t('error.missingField', { field: fieldLabel(i18n, error.field) }), detail, field: error.field };
      break;
    case 'invalid_type':
      if (error.field)
        return { message: t('error.invalidType', { field: fieldLabel(i18n, error.field) }), detail, field: error.field };
      break;
    case 'malformed_json':
    case 'method_not_allowed':
      return { message: t('error.client'), detail };
    case 'no_country_database':
      return { message: t('error.noCountryDatabase') };
    case 'no_second_factor':
      return { message: t('error.noSecondFactor') };
    case 'rate_limited':
      return { message: t('error.tooManyAttempts', { seconds: error.retryAfterSeconds ?? 60 }) };
    case 'server_busy':
    case 'database_unavailable':
      return { message: t('error.serverBusy') };
    case 'file_too_large':
      return { message: t('error.tooLarge'), field: error.field ?? undefined };
    case 'unsupported_media_type':
      return { message: t('error.unsupportedType') };
    case 'too_many_items':
      if (error.field)
        return { message: t('error.tooManyItems', { field: fieldLabel(i18n, error.field) }), detail, field: error.field };
      break;
    case 'too_many_files':
      return { message: t('error.tooManyFiles'), detail };
    case 'too_many_updates':
      return { message: t('error.tooManyUpdates'), detail };
    case 'evidence_required':
      return { message: t('error.evidenceRequired'), field: error.field ?? undefined };
    case 'already_requested':
      return { message: t('error.alreadyRequested') };
    case 'already_unblocked':
      return { message: t('error.alreadyUnblocked') };
    case 'already_coordinated':
      return { message: t('error.alreadyCoordinated'), detail };
  }
  if (error.field) {
    return {
      message: t('error.field', { field: fieldLabel(i18n, error.field) }),
      detail: i18n.lang === 'en' ? error.message : detail,
      field: error.field,
    };
  }
  if (error.status >= 500) return { message: t('error.server') };
  return { message: t('error.unknown'), detail: error.message };
}
