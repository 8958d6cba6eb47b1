// The fixed vocabularies of the API (src/core/incident.cpp, incident.h), in the order people
// know them. Their words live in the translation tables under the same keys.
import type { AvailabilityImpact, InformationImpact, IncidentType } from './api';

export const SUBCATEGORIES: Record<IncidentType, string[]> = {
  INT: [
    'system_compromise',
    'outbound_attack',
    'botnet',
    'other_intrusion',
    'malware_distribution',
    'relay',
    'spam',
    'c2_server',
    'targeted_attack',
    'email_social_engineering',
    'other',
  ],
  DEF: ['defacement', 'malicious_page', 'phishing_page', 'other_web_attack', 'malicious_comment', 'personal_data_leak'],
};

export const INFORMATION_IMPACTS: InformationImpact[] = [
  'none',
  'non_core_slight',
  'non_core_serious',
  'core_slight',
  'core_serious',
  'sensitive_slight',
  'sensitive_serious',
  'state_secret',
];

export const AVAILABILITY_IMPACTS: AvailabilityImpact[] = [
  'none',
  'non_core_in_time',
  'non_core_late',
  'core_in_time',
  'core_late',
  'ci_in_time',
  'ci_late',
];

export const SUPPORT_KINDS = ['forensics', 'onsite', 'analysis', 'recovery', 'consultation', 'other'];

export const LEVELS = [1, 2, 3, 4];

/** One IPv4 or IPv6 address (the server checks it properly); anything else is a host name. */
export function looksLikeIp(text: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) return v4.slice(1).every((n) => Number(n) <= 255);
  return /^[0-9a-fA-F:.]+$/.test(text) && text.includes(':');
}
