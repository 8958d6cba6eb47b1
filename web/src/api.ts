// The client for the server's JSON API under /api/v1. The session is the HttpOnly cookie that
// sign-in sets, so every call goes with credentials: 'same-origin' and no token is kept in JS.

export type UnitKind = 'cert' | 'ministry' | 'regional_centre' | 'county_centre' | 'school' | 'soc' | 'other';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface Unit {
  oid: string;
  code: string;
  name: string;
  kind: UnitKind;
  parent_oid: string | null;
}

export interface Contact {
  unit_oid: string;
  slot: number;
  account: string;
  name: string;
  title: string;
  email: string;
  mobile: string;
  phone: string;
  account_manager: boolean;
  must_change_password: boolean;
}

export interface Me {
  unit: Unit | null;
  contact?: Contact | null;
  permissions: { sees_everything: boolean; reads_audit: boolean; account_manager: boolean };
  /** The policy asks for a second factor this person has not set up yet. */
  must_enrol_second_factor?: boolean;
}

export interface SignInEvent {
  at: string;
  remote: string;
}

export interface LoginResult extends Me {
  must_change_password: boolean;
  expires_at: string;
  previous_sign_in?: SignInEvent | null;
  failures_since?: { count: number; last: SignInEvent | null };
}

export interface SessionInfo {
  id: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  remote: string;
  user_agent: string;
  second_factor: '' | 'totp' | 'recovery_code';
  current: boolean;
}

/** The password was right; the second factor comes next. */
export interface SecondFactorChallenge {
  second_factor_required: true;
  challenge: string;
  expires_at: string;
}

export interface SecondFactorStatus {
  enrolled: boolean;
  pending: boolean;
  required: boolean;
  enrolled_at: string | null;
  recovery_codes_left: number;
}

export interface SecondFactorEnrolment {
  secret: string;
  otpauth_uri: string;
  qr_svg: string;
}

export type IncidentType = 'INT' | 'DEF';
export type IncidentState =
  | 'draft'
  | 'reported'
  | 'responded'
  | 'centre_review'
  | 'cert_review'
  | 'closed'
  | 'returned'
  | 'discarded';
export type InformationImpact =
  | 'none'
  | 'non_core_slight'
  | 'non_core_serious'
  | 'core_slight'
  | 'core_serious'
  | 'sensitive_slight'
  | 'sensitive_serious'
  | 'state_secret';
export type AvailabilityImpact =
  | 'none'
  | 'non_core_in_time'
  | 'non_core_late'
  | 'core_in_time'
  | 'core_late'
  | 'ci_in_time'
  | 'ci_late';

export interface PersonalDataImpact {
  leaked: boolean;
  people: number;
  special_categories: boolean;
  not_sensitive_reason: string;
}

export interface ImpactAnswers {
  confidentiality: InformationImpact;
  integrity: InformationImpact;
  availability: AvailabilityImpact;
  /** Absent until answered; a leak counts as sensitive information unless a reason says why not. */
  personal_data?: PersonalDataImpact;
  /** Under a policy profile with level criteria of its own (the 2002 notice): the keys of those
   *  that apply. The three answers above count for nothing there. */
  criteria?: string[];
}

/** A level criterion of a policy profile: the level it sets when the reporter marks it. */
export interface LevelCriterion {
  key: string;
  level: number;
  label_zh: string;
  label_en: string;
}

/** The policy profile in force for the caller's unit at a time of awareness. */
export interface Policy {
  name: string;
  version: string;
  title: string;
  effective_from: string;
  /** How the profile names levels 1 to 4 ("1".."4", or D C B A under the 2002 notice). */
  level_labels: string[];
  /** Empty: the level follows the confidentiality/integrity/availability answers. */
  level_criteria: LevelCriterion[];
  deadlines: {
    key: string;
    label_zh: string;
    label_en: string;
    from: string;
    /** Per level 1..4: minutes after the start; null where it does not apply or counts in months. */
    within_minutes: (number | null)[];
  }[];
}

export interface DimensionLevel {
  level: number;
  rule: string;
}

export interface LevelAssessment {
  level: number;
  /** The level as the profile names it. */
  level_label?: string;
  deciding: 'confidentiality' | 'integrity' | 'availability' | 'none' | 'criteria';
  /** Under a profile with criteria: the highest one marked (null when none was). */
  criterion?: LevelCriterion | null;
  /** Under a profile with criteria: those marked, in the profile's order. */
  criteria?: LevelCriterion[];
  reasoning: string;
  confidentiality: DimensionLevel;
  integrity: DimensionLevel;
  availability: DimensionLevel;
}

export interface Host {
  ip: string;
  hostname: string;
  os?: string;
  role?: string;
  owner?: string;
}

export interface IncidentReport {
  type: IncidentType;
  subcategory: string;
  aware_at: string | null;
  occurred_at: string | null;
  hosts: Host[];
  description: string;
  impact: ImpactAnswers;
  chosen_level: number | null;
  impact_scope: string;
  loss_assessment: string;
  support: { needed: boolean; kinds: string[]; detail: string };
  personal_data: boolean;
  law_enforcement: boolean;
  contact: { name: string; phone: string; email: string };
  offline_report: { reported_at: string; means: string; reason: string } | null;
}

export interface RootCause {
  first_infected_host: string;
  entry_vector: string;
  lateral_movement: string;
  scope_units: string;
  scope_systems: string;
  scope_endpoints: string;
  attack_techniques: string[];
}

export interface IncidentResponse {
  emergency_measures: string;
  solution: string;
  resolved_at: string | null;
  response_meeting: string;
  standby_people: string;
  logs_provided: string;
  root_cause: RootCause;
}

export interface UnitRef {
  oid: string;
  code: string;
  name: string;
}

export interface Ticket {
  id: number;
  number: string | null;
  state: IncidentState;
  drill: boolean;
  type: IncidentType;
  subcategory: string;
  subcategory_label: { 'zh-TW': string; en: string } | null;
  level: number;
  chosen_level: number | null;
  computed_level: number;
  assessment: LevelAssessment;
  under_reported: boolean;
  under_reporting?: string;
  unit: UnitRef;
  reviewer: UnitRef;
  report: IncidentReport;
  response: IncidentResponse | null;
  support: { needed: boolean; kinds: string[]; taken_by: string | null; taken_at: string | null };
  has_investigation_report: boolean;
  closing_requirements: { field: string; message: string }[];
  /** A coordinated incident: the parent it is part of, or how many children it holds. */
  coordinated?: { parent: { id: number; number: string | null } | null; children: number; open_children: number };
  allowed_actions: string[];
  created_at: string;
  reported_at: string | null;
  /** The latest filing: later than reported_at once a returned report was filed again. */
  filed_at: string | null;
  review: {
    reviewed_at: string | null;
    approved_at: string | null;
    below_computed_reason: string | null;
    /** The level whose clocks run: the stricter one while a chosen level below the computed one awaits review. */
    deadline_level: number;
  };
  responded_at: string | null;
  closed_at: string | null;
  updated_at: string;
  deadlines: Deadline[];
  /** Times given for earlier moments but entered more than a day later. */
  entered_long_after?: { field: string; claimed: string; entered: string; hours_apart: number }[];
  /** The response's ATT&CK techniques with their names. */
  attack_techniques?: { id: string; name: string }[];
  late: boolean;
  data_subject_notification?: DataSubjectNotification | null;
  law_enforcement_referral?: LawEnforcementReferral | null;
  /** The profile in force at the time of awareness: level_label names the ticket's level, level_labels all four. */
  policy: { name: string; version: string; title: string; level_label: string; level_labels?: string[] } | null;
}

export type Localised = { 'zh-TW': string; en: string };

export interface DataSubjectNotification {
  notified_at: string;
  channel: string;
  people: number;
  content: { what_happened: string; data_involved: string; measures_taken: string; contact_point: string; remedies: string };
}

export interface LawEnforcementReferral {
  agency: string;
  referred_at: string;
  case_number: string;
}

export type DeadlineState = 'not_started' | 'pending' | 'overdue' | 'met' | 'met_late';

/** One of the law's clocks on a ticket (report, centre review, recovery, investigation report…),
 *  computed by the server under the policy in force at the time of awareness. */
export interface Deadline {
  key: string;
  label: Localised;
  due_at: string | null;
  met_at: string | null;
  state: DeadlineState;
  late_by: ({ seconds: number } & Localised) | null;
  remaining_seconds: number | null;
}

/** The earliest deadline of a ticket still open, as ticket lists carry it. */
export interface NextDeadline {
  key: string;
  label: Localised;
  due_at: string;
  state: 'pending' | 'overdue';
  /** Set while pending. */
  remaining_seconds: number | null;
  /** Set once overdue. */
  late_by_seconds: number | null;
}

export interface TicketSummary {
  id: number;
  number: string | null;
  unit: UnitRef;
  type: IncidentType;
  subcategory: string;
  state: IncidentState;
  drill: boolean;
  level: number;
  chosen_level: number;
  computed_level: number;
  under_reported: boolean;
  aware_at: string | null;
  reported_at: string | null;
  closed_at: string | null;
  support_needed: boolean;
  /** null when nothing is due (closed, not reported yet, or every deadline met). */
  next_deadline: NextDeadline | null;
  /** Some deadline is overdue or was met late. */
  late: boolean;
  updated_at: string;
}

export type ImprovementStatus = 'planned' | 'in_progress' | 'done' | 'verified' | 'not_accepted';
export type ImprovementSeverity = 'major' | 'minor' | 'observation' | 'recommendation';
export type ImprovementSourceKind = 'incident' | 'audit' | 'drill' | 'advisory';
export const IMPROVEMENT_STATUSES: ImprovementStatus[] = ['planned', 'in_progress', 'done', 'verified', 'not_accepted'];
export const IMPROVEMENT_SEVERITIES: ImprovementSeverity[] = ['major', 'minor', 'observation', 'recommendation'];

export type ImprovementReportStatus = 'draft' | 'submitted' | 'centre_accepted' | 'accepted' | 'returned';
export const REPORT_SECTIONS = ['course', 'cause', 'handling', 'tracking'] as const;
export type ReportSectionKey = (typeof REPORT_SECTIONS)[number];
export interface ReportMeasure {
  category: string;
  severity: ImprovementSeverity;
  finding: string;
  measure: string;
  planned_on: string;
  item_id?: number | null;
}
export interface ImprovementReport {
  incident_id: number;
  ticket_number: string;
  exists: boolean;
  status: ImprovementReportStatus;
  sections: Record<ReportSectionKey, string>;
  measures: ReportMeasure[];
  return_reason: string;
  first_submitted_at: string | null;
  submitted_at: string | null;
  centre_accepted_by: string;
  centre_accepted_at: string | null;
  accepted_by: string;
  accepted_at: string | null;
  updated_at: string | null;
  categories: ImprovementCategory[];
  may: { edit: boolean; decide: boolean };
  print: string;
  docx: string;
}

export interface ImprovementItem {
  id: number;
  owner: UnitRef | null;
  owner_person: string;
  source: {
    kind: ImprovementSourceKind;
    incident_id: number | null;
    advisory_id: number | null;
    audit_date: string | null;
    auditor: string;
    auditor_unit: UnitRef | null;
    reference: string;
    audit_item?: string;
    audit_group?: string;
  };
  category: string;
  severity: ImprovementSeverity;
  finding: string;
  measure: string;
  planned_on: string;
  completed_on: string | null;
  status: ImprovementStatus;
  overdue: boolean;
  days_overdue: number;
  age_days: number;
  decision: { verified: boolean; reason: string; by: string; at: string } | null;
  next_reminder_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ImprovementEvidence {
  id: number;
  update_id: number | null;
  file_name: string;
  declared_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
  download: string;
}

export interface ImprovementDetail extends ImprovementItem {
  may: { edit: boolean; progress: boolean; mark_done: boolean; decide: boolean };
  history: { id: number; at: string; by: string; action: string; note: string; status: ImprovementStatus }[];
  evidence: ImprovementEvidence[];
  update_id?: number;
}

export interface ImprovementInput {
  owner_oid?: string;
  owner_person?: string;
  source: {
    kind: ImprovementSourceKind;
    incident_id?: number;
    advisory_id?: number;
    audit_date?: string;
    auditor?: string;
    auditor_unit_oid?: string;
    reference?: string;
  };
  category: string;
  severity: ImprovementSeverity;
  finding: string;
  measure?: string;
  planned_on: string;
}

export interface ImprovementFilters {
  status?: 'open' | ImprovementStatus;
  category?: string;
  severity?: ImprovementSeverity;
  overdue?: boolean;
  unit?: string;
  incident_id?: number;
  limit?: number;
  offset?: number;
}

export interface ImprovementSummary {
  by_status: Partial<Record<ImprovementStatus, number>>;
  by_category: Record<string, number>;
  open_by_age: { under_30_days: number; '30_to_90_days': number; '90_to_180_days': number; over_180_days: number };
  open: number;
  overdue: number;
  /** The units with the most overdue main deficiencies, most first. */
  most_overdue_major?: { unit: UnitRef | null; overdue_major: number }[];
}

export interface ImprovementCategory {
  key: string;
  label_zh: string;
  label_en: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** Ticket and warning lists count no further than 10,000: at least `total` match. */
  total_capped?: boolean;
  /** The id the page ended at, to ask for the next one by (`before`). */
  next_before?: number | null;
  limit: number;
  offset: number;
}

export interface TimelineEvent {
  at: string;
  actor: string;
  /** The person (or API key) and unit, as people know them; null for the platform itself. */
  actor_name?: string | null;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  detail: Record<string, unknown> | null;
}

export interface OutboxMessage {
  id: number;
  channel: 'email' | 'sms';
  to: string;
  to_name: string;
  kind: string;
  subject: string;
  incident_id: number | null;
  state: 'pending' | 'sent' | 'dead';
  attempts: number;
  last_error: string | null;
  created_at: string;
  next_attempt_at: string | null;
  sent_at: string | null;
}

export type BlockState = 'blocked' | 'unblock_requested' | 'unblocked';
export type CleanupAction = 'reimaged' | 'scanned' | 'patched' | 'device_removed' | 'other';
export const CLEANUP_ACTIONS: CleanupAction[] = ['reimaged', 'scanned', 'patched', 'device_removed', 'other'];

/** An address or prefix a centre (or the CERT) blocked, and how its unblock stands. */
export interface Block {
  id: number;
  prefix: string;
  unit: UnitRef | null;
  centre: UnitRef | null;
  reason: string;
  warning_id: number | null;
  incident_id: number | null;
  state: BlockState;
  in_force: boolean;
  expired: boolean;
  blocked_by: string;
  blocked_at: string;
  expires_at: string | null;
  request: { actions: CleanupAction[]; note: string; by: string; at: string } | null;
  decision: { reason: string; by: string; at: string } | null;
  unblocked_at: string | null;
  updated_at: string;
  already_blocked?: boolean;
  events?: {
    at: string;
    by: string;
    action: 'blocked' | 'evidence_added' | 'unblock_requested' | 'unblock_refused' | 'unblocked';
    actions: CleanupAction[];
    note: string;
  }[];
  /** With one block: the files the unit gave with its request. */
  evidence?: BlockEvidenceFile[];
}

export interface BlockEvidenceFile {
  id: number;
  file_name: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
  download: string;
}

export interface BlockFigures {
  from: string;
  to: string;
  limit_days: number;
  in_force_now: number;
  blocked_in_period: number;
  unblocked_in_period: number;
  longer_than_limit: number;
  median_hours_to_unblock: number | null;
  curve: { day: string; in_force: number }[];
  units: { unit: UnitRef | null; in_force: number; longer_than_limit: number; oldest_blocked_at: string }[];
  units_with_blocks: number;
}

export interface OutbreakGroup {
  key: string;
  label: { 'zh-TW': string; en: string } | null;
  sightings: number;
  unit_count: number;
  first_seen: string;
  last_seen: string;
  units: { unit: UnitRef | null; first_seen: string; last_seen: string; warnings: number; tickets: number; blocks: number }[];
  /** Escalated: the coordinated incident the group is part of. */
  coordinated_incident?: { id: number; number: string } | null;
}

/** What a centre says of the whole event when it escalates a group (the rest comes from the group). */
export interface EscalationRequest {
  key: string;
  by: 'subcategory' | 'remote' | 'rule';
  from?: string;
  to?: string;
  units?: string[];
  report: {
    subcategory?: string;
    chosen_level: number;
    impact: { availability: AvailabilityImpact };
    support?: { needed: boolean; kinds: string[]; detail: string };
  };
}

/** Where one school of a coordinated incident stands. */
export interface CoordinatedChild {
  unit: UnitRef | null;
  ticket: { id: number; number: string | null; state: IncidentState };
  reported: boolean;
  cleaned: boolean;
  unblocked: boolean;
  warnings: number;
  blocks: { in_force: number; unblock_requested: number; ended: number };
}

export type AdvisorySeverity = 'low' | 'medium' | 'high' | 'critical';
export type AdvisoryAnswerKind = 'affected' | 'not_affected' | 'patched' | 'mitigated';
export const ADVISORY_ANSWERS: AdvisoryAnswerKind[] = ['affected', 'not_affected', 'patched', 'mitigated'];

export interface AdvisoryAnswer {
  answer: AdvisoryAnswerKind | null;
  note: string;
  answered_at: string | null;
  unit?: UnitRef | null;
}

export interface Advisory {
  id: number;
  number: string;
  issuer: UnitRef | null;
  title: string;
  text: string;
  severity: AdvisorySeverity;
  products: string[];
  cves: string[];
  references: string[];
  reply_by: string;
  created_at: string;
  recipients?: number;
  answered?: number;
  mine?: AdvisoryAnswer | null;
  overdue?: boolean;
  answers?: AdvisoryAnswer[];
  by_answer?: Record<string, number>;
  by_centre?: { centre: UnitRef | null; counts: Record<string, number> }[];
}

export interface AdvisoryInput {
  title: string;
  text: string;
  severity: AdvisorySeverity;
  products?: string[];
  cves?: string[];
  references?: string[];
  reply_by: string;
  ranges?: string[];
}

export interface BlockInput {
  prefix: string;
  reason: string;
  warning_id?: number;
  incident_id?: number;
  expires_at?: string;
}

export type WarningReplyKind = 'real_incident' | 'false_positive' | 'undetermined';

export interface EarlyWarning {
  id: number;
  number: string;
  /** On a single warning read by its unit: open tickets naming the same host, which it may join. */
  open_tickets?: { id: number; number: string }[];
  issuer_oid: string;
  unit_oid: string | null;
  /** Named even when outside the reader's subtree: a school sees who warned it. */
  issuer: { oid: string; code: string; name: string } | null;
  unit: { oid: string; code: string; name: string } | null;
  in_triage: boolean;
  host: string;
  addresses: { ip: string; role?: string }[];
  port: number | null;
  protocol: string;
  subcategory: string;
  subcategory_label?: Localised | null;
  description: string;
  evidence: string;
  rule_id: string;
  observed_at: string;
  first_seen: string;
  last_seen: string;
  count: number;
  state: 'open' | 'answered';
  due_at: string;
  overdue: boolean;
  answered_late: boolean;
  reply: WarningReplyKind | null;
  reply_reason: string;
  replied_at: string | null;
  incident_id: number | null;
  created_at: string;
}

export interface FullUnit extends Unit {
  ip_ranges: string[];
  created_at: string;
  updated_at: string;
}

export interface FullContact extends Contact {
  locale: 'zh-TW' | 'en';
  active: boolean;
}

export interface ContactChanges {
  account?: string;
  name?: string;
  title?: string;
  email?: string;
  mobile?: string;
  phone?: string;
  locale?: 'zh-TW' | 'en';
  account_manager?: boolean;
}

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  time: string;
}

export interface Captcha {
  id: string;
  image: string;
  expires_at: string;
}

export interface IncidentFilters {
  scope?: 'open' | 'history' | 'all';
  root?: string;
  mine?: boolean;
  /** One state, or several separated by commas (reported,responded). */
  state?: IncidentState | string;
  type?: IncidentType;
  subcategory?: string;
  level?: number;
  drill?: boolean;
  from?: string;
  to?: string;
  number?: string;
  /** A search: words all found in the ticket (number, unit, addresses, report text); open tickets first. */
  q?: string;
  /** Only tickets that missed a deadline (overdue now, or met late). */
  late?: boolean;
  /** Only tickets with a deadline passed and not yet met: the follow-up queue. */
  overdue?: boolean;
  limit?: number;
  offset?: number;
}

export interface StatisticsFilters {
  from?: string;
  to?: string;
  root?: string;
  drills?: boolean;
}

export type CommentRole = 'unit' | 'centre' | 'cert';

/** One comment of a ticket's conversation: kept as written, never edited. */
export interface TicketComment {
  id: number;
  author_name: string;
  author_unit: { oid: string; name: string };
  author_role: CommentRole;
  body: string;
  mentions: CommentRole[];
  created_at: string;
}

export interface Attachment {
  id: number;
  incident_id: number;
  file_name: string;
  kind: string;
  declared_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
  download: string;
}

/** The report as POST /incidents takes it; `submit: false` would keep a draft. */
export interface NewReport {
  type: IncidentType;
  subcategory: string;
  aware_at: string;
  occurred_at?: string;
  hosts: { ip?: string; hostname?: string }[];
  description: string;
  impact: ImpactAnswers;
  chosen_level: number;
  support?: { needed: boolean; kinds: string[]; detail?: string };
  personal_data?: boolean;
  law_enforcement?: boolean;
  contact: { name: string; phone?: string; email?: string };
  drill?: boolean;
  submit?: boolean;
}

/** One problem of one row of an imported CSV file; the header is row 1. */
/** An audit's findings register imported as CSV (seed 003's columns). */
export interface AuditRegisterParams {
  audit_date: string;
  auditor: string;
  owner?: string;
}
export interface AuditRegisterRow {
  row: number;
  item: string;
  category: string;
  reference: string;
  group: string;
  finding: string;
  measure: string;
  planned_on: string | null;
  done: boolean;
  severity: ImprovementSeverity;
  id: number | null;
}
export interface AuditRegisterImport {
  dry_run: boolean;
  owner_oid: string;
  created: number;
  rows: AuditRegisterRow[];
}

export interface RowError {
  row?: number;
  field: string;
  message: string;
}

/** An API key of a unit for machine clients; the secret itself is shown once, at issue. */
export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  /** read: GET and HEAD only; read_write: all the unit may. */
  scope: ApiKeyScope;
  expires_at: string | null;
  last_used_at: string | null;
}

export type ApiKeyScope = 'read' | 'read_write';

export type WarningSubcategory =
  | 'outbound_attack'
  | 'suspicious_connection'
  | 'suspected_outbound_attack'
  | 'suspected_vulnerability'
  | 'suspicious_program'
  | 'suspected_leak'
  | 'suspected_spam'
  | 'other';

/** A warning as POST /warnings takes it. */
export interface WarningInput {
  addresses: { ip: string; role?: 'source' | 'destination' }[];
  observed_at: string;
  subcategory: WarningSubcategory;
  description: string;
  port?: number;
  protocol?: string;
  evidence?: string;
  rule_id?: string;
}

/** Where an issued warning went: a unit, or the CERT's triage (unit_oid null). */
export interface IssuedWarning {
  id: number;
  number: string;
  merged: boolean;
  unit_oid: string | null;
}

/** Where a warning would go, were it issued (dry_run): nothing is stored. */
export interface WarningPreview {
  index: number;
  host: string;
  unit: { oid: string; code: string; name: string } | null;
  unit_oid: string | null;
  in_triage: boolean;
  merged: boolean;
  merges_with: string | null;
  repeats_index: number | null;
}

export interface ImportNote {
  object: string;
  reason: string;
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  dry_run: boolean;
}

/** Every error the server sends has this shape; `status` 0 means the server was not reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
    readonly retryAfterSeconds: number | null = null,
    /** Problems by row of an imported file (row 1 is the header); other errors leave it empty. */
    readonly rows: RowError[] = [],
    /** What would make a refused password stronger (weak_password), as codes to translate. */
    readonly suggestions: string[] = [],
  ) {
    super(message);
  }
}

type Listener = (error: ApiError) => void;
const sessionListeners = new Set<Listener>();

/** The app listens here so an expired session or a pending password change redirects at once. */
export function onSessionProblem(listener: Listener): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

async function request<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof Blob) {
    payload = body;
    headers['Content-Type'] = body.type || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const e = (data as { error?: Record<string, unknown> } | null)?.error ?? {};
    const error = new ApiError(
      response.status,
      typeof e.code === 'string' ? e.code : `http_${response.status}`,
      typeof e.message === 'string' ? e.message : response.statusText,
      typeof e.field === 'string' ? e.field : null,
      typeof e.retry_after_seconds === 'number' ? e.retry_after_seconds : Number(response.headers.get('Retry-After')) || null,
      Array.isArray(e.rows) ? (e.rows as RowError[]) : [],
      Array.isArray(e.suggestions) ? e.suggestions.filter((s): s is string => typeof s === 'string') : [],
    );
    const signIn = path === '/auth/login';
    if (
      !signIn &&
      (error.code === 'unauthenticated' ||
        error.code === 'password_change_required' ||
        error.code === 'second_factor_enrolment_required')
    )
      sessionListeners.forEach((l) => l(error));
    throw error;
  }
  return data as T;
}

export const q = (params: Record<string, string | number | boolean | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
};

export const api = {
  login: (oid: string, account: string, password: string) =>
    request<LoginResult | SecondFactorChallenge>('POST', '/auth/login', { oid, account, password }),
  loginSecondFactor: (challenge: string, answer: { code: string } | { recovery_code: string }) =>
    request<LoginResult>('POST', '/auth/login/second-factor', { challenge, ...answer }),
  sessions: () => request<{ items: SessionInfo[] }>('GET', '/auth/sessions'),
  endSession: (id: string) => request<{ ended: number }>('DELETE', `/auth/sessions/${encodeURIComponent(id)}`),
  endOtherSessions: () => request<{ ended: number }>('POST', '/auth/sessions/sign-out-others'),
  secondFactor: () => request<SecondFactorStatus>('GET', '/auth/second-factor'),
  beginSecondFactor: () => request<SecondFactorEnrolment>('POST', '/auth/second-factor/enrolment'),
  confirmSecondFactor: (code: string) =>
    request<{ recovery_codes: string[] }>('POST', '/auth/second-factor/confirmation', { code }),
  renewRecoveryCodes: (code: string) =>
    request<{ recovery_codes: string[] }>('POST', '/auth/second-factor/recovery-codes', { code }),
  removeSecondFactor: (answer: { code: string } | { recovery_code: string }) =>
    request<SecondFactorStatus>('POST', '/auth/second-factor/removal', answer),
  logout: () => request<{ signed_out: boolean }>('POST', '/auth/logout'),
  me: () => request<Me>('GET', '/auth/me'),
  changePassword: (current_password: string, new_password: string) =>
    request<{ changed: boolean }>('POST', '/auth/password', { current_password, new_password }),

  health: () => request<Health>('GET', '/health'),
  captcha: () => request<Captcha>('POST', '/auth/captcha'),
  mailedCode: (oid: string, email: string) =>
    request<{ id: string; expires_at: string }>('POST', '/auth/captcha/mailed-code', { oid, email }),
  forgottenPassword: (body: { oid: string; name: string; email: string; mobile: string; captcha_id: string; captcha_answer: string }) =>
    request<{ message: string }>('POST', '/auth/forgotten-password', body),

  incidents: (params: IncidentFilters = {}) => request<Page<TicketSummary>>('GET', `/incidents${q({ ...params })}`),
  supportRequests: () => request<Page<TicketSummary>>('GET', `/support-requests${q({ limit: 100 })}`),
  assessLevel: (impact: ImpactAnswers, awareAt?: string) =>
    request<LevelAssessment>('POST', '/incidents/level-assessment', { ...impact, ...(awareAt ? { aware_at: awareAt } : {}) }),
  policy: (awareAt?: string) => request<Policy>('GET', `/policy${q({ aware_at: awareAt })}`),
  createIncident: (report: NewReport) => request<Ticket>('POST', '/incidents', report),
  incident: (id: number) => request<Ticket>('GET', `/incidents/${id}`),
  timeline: (id: number) =>
    request<{ items: TimelineEvent[]; messages?: OutboxMessage[] }>('GET', `/incidents/${id}/timeline`),
  attachments: (id: number) => request<{ items: Attachment[] }>('GET', `/incidents/${id}/attachments`),
  comments: (id: number) => request<{ items: TicketComment[]; limit: number }>('GET', `/incidents/${id}/comments`),
  addComment: (id: number, body: string, mentions: CommentRole[]) =>
    request<TicketComment>('POST', `/incidents/${id}/comments`, { body, mentions }),
  addBlockEvidence: (id: number, file: File) => request<BlockEvidenceFile>('POST', `/blocks/${id}/evidence${q({ name: file.name })}`, file),
  upload: (id: number, file: File, kind: string) =>
    request<Attachment>('POST', `/incidents/${id}/attachments${q({ name: file.name, kind })}`, file),

  editReport: (id: number, report: Omit<NewReport, 'drill' | 'submit'>) => request<Ticket>('PUT', `/incidents/${id}/report`, report),
  submitReport: (id: number) => request<Ticket>('POST', `/incidents/${id}/submit`),
  fileResponse: (id: number, response: Partial<IncidentResponse>) =>
    request<Ticket>('PUT', `/incidents/${id}/response`, response),
  reviewReport: (id: number, reason: string) =>
    request<Ticket>('POST', `/incidents/${id}/review`, reason ? { reason } : undefined),
  changeLevel: (id: number, level: number, reason: string) =>
    request<Ticket>('POST', `/incidents/${id}/level`, { level, reason }),
  approve: (id: number, comment: string, reason = '') =>
    request<Ticket>('POST', `/incidents/${id}/approve`, comment || reason ? { comment, reason } : undefined),
  discard: (id: number, reason: string) => request<Ticket>('POST', `/incidents/${id}/discard`, { reason }),
  attackTechniques: () =>
    request<{ version: string; items: { id: string; name: string; tactics: { id: string; name: string }[] }[] }>(
      'GET',
      '/attack/techniques',
    ),
  requestSupport: (id: number, kinds: string[], detail: string) =>
    request<Ticket>('POST', `/incidents/${id}/support`, { kinds, detail }),
  returnTicket: (id: number, reason: string) => request<Ticket>('POST', `/incidents/${id}/return`, { reason }),
  close: (id: number, comment: string) =>
    request<Ticket>('POST', `/incidents/${id}/close`, comment ? { comment } : undefined),
  reopen: (id: number, reason: string) => request<Ticket>('POST', `/incidents/${id}/reopen`, { reason }),
  takeSupport: (id: number) => request<Ticket>('POST', `/incidents/${id}/support/take`),
  recordNotification: (id: number, n: DataSubjectNotification) =>
    request<Ticket>('PUT', `/incidents/${id}/data-subject-notification`, n),
  recordReferral: (id: number, r: LawEnforcementReferral) =>
    request<Ticket>('PUT', `/incidents/${id}/law-enforcement-referral`, r),

  warnings: (params: { state?: 'open' | 'answered'; overdue?: boolean; triage?: boolean; q?: string; limit?: number; offset?: number } = {}) =>
    request<Page<EarlyWarning>>('GET', `/warnings${q({ ...params })}`),
  warningSummary: () => request<{ unanswered: number }>('GET', '/warnings/summary'),
  warning: (id: number) => request<EarlyWarning>('GET', `/warnings/${id}`),
  replyWarnings: (ids: number[], reply: WarningReplyKind, reason: string, incidentId?: number) =>
    request<{ items: EarlyWarning[] }>('POST', '/warnings/replies', {
      ids,
      reply,
      ...(reason ? { reason } : {}),
      ...(incidentId ? { incident_id: incidentId } : {}),
    }),
  assignWarning: (id: number, unit_oid: string) => request<EarlyWarning>('POST', `/warnings/${id}/assign`, { unit_oid }),

  improvements: (params: ImprovementFilters = {}) =>
    request<Page<ImprovementItem>>('GET', `/improvements${q({ ...params })}`),
  improvementSummary: (params: ImprovementFilters = {}) =>
    request<ImprovementSummary>('GET', `/improvements/summary${q({ ...params })}`),
  improvementCategories: () =>
    request<{ items: ImprovementCategory[]; severities: ImprovementSeverity[] }>('GET', '/improvements/categories'),
  improvement: (id: number) => request<ImprovementDetail>('GET', `/improvements/${id}`),
  /** The register as CSV or as an Excel workbook (.xlsx); the server tells them apart by their bytes. */
  importAuditRegister: (file: Blob, params: AuditRegisterParams, dryRun: boolean) =>
    request<AuditRegisterImport>(
      'POST',
      `/improvements/audit-register${q({ ...params, dry_run: dryRun })}`,
      new Blob([file], { type: file.type === XLSX_TYPE ? XLSX_TYPE : 'text/csv' }),
    ),
  createImprovement: (body: ImprovementInput) => request<ImprovementDetail>('POST', '/improvements', body),
  editImprovement: (id: number, body: Partial<Omit<ImprovementInput, 'source' | 'owner_oid'>>) =>
    request<ImprovementDetail>('PATCH', `/improvements/${id}`, body),
  improvementProgress: (id: number, note: string) =>
    request<ImprovementDetail>('POST', `/improvements/${id}/progress`, { note }),
  improvementEvidence: (id: number, file: File, update?: number) =>
    request<ImprovementEvidence>('POST', `/improvements/${id}/evidence${q({ name: file.name, update })}`, file),
  improvementDone: (id: number, note: string, completed_on?: string) =>
    request<ImprovementDetail>('POST', `/improvements/${id}/done`, { ...(note ? { note } : {}), ...(completed_on ? { completed_on } : {}) }),
  improvementReport: (incident: number) => request<ImprovementReport>('GET', `/incidents/${incident}/improvement-report`),
  saveImprovementReport: (incident: number, body: { sections: Record<ReportSectionKey, string>; measures: ReportMeasure[] }) =>
    request<ImprovementReport>('PUT', `/incidents/${incident}/improvement-report`, body),
  submitImprovementReport: (incident: number) =>
    request<ImprovementReport>('POST', `/incidents/${incident}/improvement-report/submit`, {}),
  decideImprovementReport: (incident: number, decision: 'accept' | 'return', reason: string) =>
    request<ImprovementReport>('POST', `/incidents/${incident}/improvement-report/decision`, {
      decision,
      ...(reason ? { reason } : {}),
    }),
  decideImprovement: (id: number, decision: 'verify' | 'not_accept', reason: string) =>
    request<ImprovementDetail>('POST', `/improvements/${id}/decision`, { decision, ...(reason ? { reason } : {}) }),
  blocks: (params: { standing?: 'in_force' | 'requested' | 'ended'; mine?: boolean; limit?: number; offset?: number } = {}) =>
    request<Page<Block>>('GET', `/blocks${q({ ...params })}`),
  block: (id: number) => request<Block>('GET', `/blocks/${id}`),
  advisories: (params: { issued?: boolean; limit?: number; offset?: number } = {}) =>
    request<Page<Advisory>>('GET', `/advisories${q({ ...params })}`),
  advisory: (id: number) => request<Advisory>('GET', `/advisories/${id}`),
  issueAdvisory: (a: AdvisoryInput) => request<Advisory>('POST', '/advisories', a),
  answerAdvisory: (id: number, answer: AdvisoryAnswerKind, note: string) =>
    request<AdvisoryAnswer>('POST', `/advisories/${id}/answer`, { answer, ...(note ? { note } : {}) }),
  escalateOutbreak: (body: EscalationRequest) => request<Ticket>('POST', '/outbreaks/escalate', body),
  coordinatedChildren: (id: number) => request<{ items: CoordinatedChild[] }>('GET', `/incidents/${id}/children`),
  outbreaks: (params: { from?: string; to?: string; by?: 'subcategory' | 'remote' | 'rule'; min_units?: number } = {}) =>
    request<{ from: string; to: string; groups: OutbreakGroup[] }>('GET', `/outbreaks${q({ ...params })}`),
  setBlockLimit: (days: number) => request<{ days: number }>('PUT', '/blocks/limit', { days }),
  blockFigures: (params: { from?: string; to?: string; unit?: string; longer_than_days?: number } = {}) =>
    request<BlockFigures>('GET', `/blocks/figures${q({ ...params })}`),
  createBlocks: (items: BlockInput[]) => request<{ items: Block[]; created: number }>('POST', '/blocks', items),
  requestUnblock: (id: number, actions: CleanupAction[], note: string) =>
    request<Block>('POST', `/blocks/${id}/unblock-request`, { actions, ...(note ? { note } : {}) }),
  decideUnblock: (id: number, decision: 'approve' | 'refuse', reason: string) =>
    request<Block>('POST', `/blocks/${id}/decision`, { decision, ...(reason ? { reason } : {}) }),

  units: (params: { root?: string; kind?: UnitKind; q?: string; limit?: number; offset?: number } = {}) =>
    request<Page<FullUnit>>('GET', `/units${q({ ...params })}`),
  unit: (oid: string) => request<FullUnit>('GET', `/units/${encodeURIComponent(oid)}`),
  contacts: (oid: string) => request<{ items: FullContact[] }>('GET', `/units/${encodeURIComponent(oid)}/contacts`),
  resetContactPassword: (oid: string, slot: number) =>
    request<FullContact & { one_time_password: string }>(
      'POST',
      `/units/${encodeURIComponent(oid)}/contacts/${slot}/password-reset`,
    ),
  resetContactSecondFactor: (oid: string, slot: number) =>
    request<{ reset: boolean }>('POST', `/units/${encodeURIComponent(oid)}/contacts/${slot}/second-factor-reset`),
  openContact: (oid: string, slot: number, c: ContactChanges) =>
    request<FullContact & { one_time_password: string }>('PUT', `/units/${encodeURIComponent(oid)}/contacts/${slot}`, c),
  updateContact: (oid: string, slot: number, c: ContactChanges) =>
    request<FullContact>('PATCH', `/units/${encodeURIComponent(oid)}/contacts/${slot}`, c),
  closeContact: (oid: string, slot: number) =>
    request<FullContact>('DELETE', `/units/${encodeURIComponent(oid)}/contacts/${slot}`),

  apiKeys: (oid: string) => request<{ items: ApiKey[] }>('GET', `/units/${encodeURIComponent(oid)}/api-keys`),
  issueApiKey: (oid: string, key: { name: string; scope: ApiKeyScope; expires_at?: string }) =>
    request<ApiKey & { key: string }>('POST', `/units/${encodeURIComponent(oid)}/api-keys`, key),
  revokeApiKey: (id: number) => request<ApiKey>('DELETE', `/api-keys/${id}`),
  importUnits: (csv: Blob, dryRun: boolean) =>
    request<ImportSummary>('POST', `/units/import${q({ dry_run: dryRun })}`, new Blob([csv], { type: 'text/csv' })),

  issueWarnings: (items: WarningInput[]) => request<{ items: IssuedWarning[] }>('POST', '/warnings', items),
  previewWarnings: (items: WarningInput[]) =>
    request<{ items: WarningPreview[] }>('POST', `/warnings${q({ dry_run: true })}`, items),
  importWarnings: (file: Blob, format: 'csv' | 'stix' | 'misp', subcategory?: WarningSubcategory) =>
    request<{ items: IssuedWarning[] }>(
      'POST',
      `/warnings/import${q({ format, subcategory })}`,
      new Blob([file], { type: format === 'csv' ? 'text/csv' : 'application/json' }),
    ),
  previewImport: (file: Blob, format: 'csv' | 'stix' | 'misp', subcategory?: WarningSubcategory) =>
    request<{ items: WarningPreview[]; skipped: ImportNote[]; unmapped: ImportNote[] }>(
      'POST',
      `/warnings/import${q({ format, subcategory, dry_run: true })}`,
      new Blob([file], { type: format === 'csv' ? 'text/csv' : 'application/json' }),
    ),

  counts: (f: StatisticsFilters) => request<Record<string, unknown>>('GET', `/statistics/counts${q({ ...f })}`),
  timeliness: (f: StatisticsFilters & { by?: 'unit' | 'reviewer' }) =>
    request<{ items: Record<string, unknown>[] }>('GET', `/statistics/timeliness${q({ ...f })}`),
  sourceCountries: (f: StatisticsFilters) =>
    request<Record<string, unknown>>('GET', `/statistics/source-countries${q({ ...f })}`),
};

/** The address of an API resource, for links the browser follows itself (downloads, printing). */
export function apiHref(path: string, params: Record<string, string | number | boolean | undefined> = {}): string {
  return `/api/v1${path}${q(params)}`;
}
