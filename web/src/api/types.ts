// Shapes of the platform's answers that the desk reads (see services/*/openapi.json).

export type Role =
  | "receptionist"
  | "supervisor"
  | "estate_manager"
  | "technician"
  | "cashier"
  | "hq"
  | "admin";

export interface StaffView {
  staff_id: string;
  group_id: string;
  display_name: string;
  roles: Role[];
  scope: { kind: "group" } | { kind: "estates"; ids: string[] };
}

export interface SignedIn {
  token: string;
  expires_at: string;
  staff: StaffView;
}

export interface Estate {
  estate_id: string;
  code: string;
  name: string;
  service_centre_name: string;
  service_phone: string;
  greeting: string | null;
  business_hours: string;
}

export interface Page<T> {
  items: T[];
  next_before?: string | null;
}

export interface SearchHit {
  estate_id: string;
  estate_code: string;
  unit_id: string;
  unit_label: string;
  unit_status: string;
  resident?: { resident_id: string; name: string; relation: string; phone: string | null };
}

export interface SearchHits {
  understood_as: string;
  items: SearchHit[];
}

export interface Resident {
  resident_id: string;
  unit_id: string;
  name: string;
  relation: string;
  phone: string | null;
  phone_alt: string | null;
  move_in_date: string | null;
  lease_start: string | null;
  lease_end: string | null;
  active: boolean;
}

export interface UnitCard {
  unit: { unit_id: string; label: string; floor: number; area_m2: string; status: string };
  building: string;
  residents: Resident[];
}

export const CHANNELS = ["phone", "visit", "letter", "email", "web", "patrol"] as const;
export type Channel = (typeof CHANNELS)[number];

/** In the order of their number keys: 1 … 9, then 0. */
export const CATEGORIES = [
  "inquiry",
  "help",
  "repair",
  "paid_service",
  "complaint",
  "after_sales",
  "praise",
  "suggestion",
  "emergency",
  "other",
] as const;
/** The ten the desk picks from, and 有偿维修: a repair the desk marks as paid by the unit. */
export type Category = (typeof CATEGORIES)[number] | "paid_repair";

export interface Intake {
  intake_id: string;
  estate_id: string;
  channel: Channel;
  category: Category;
  caller: {
    name: string | null;
    phone: string | null;
    unit_label: string | null;
    unit_id: string | null;
    resident_id: string | null;
  };
  request: string;
  taken_by: string;
  /** Who owns the entry now (首问责任制): its taker until a handover or a supervisor passes it on. */
  owner_id?: string;
  /** An emergency whose work is not done yet. */
  pinned?: boolean;
  handled_at?: string | null;
  /** Where praise or a suggestion was passed, and what was done with it. */
  referral?: IntakeReferral;
  /** Who did what, and who owned the entry after each step (one entry only). */
  trail?: IntakeStep[];
  status: "open" | "forwarded" | "closed";
  due_at: string | null;
  promised_by: string | null;
  urgency?: "on_track" | "due" | "overdue";
  downstream?: {
    kind: "complaint" | "work_order";
    id: string;
    number: string | null;
    closed_at: string | null;
    result: string | null;
  };
  told_at: string | null;
  told_via: string | null;
  result: string | null;
  satisfaction: string | null;
  closed_at: string | null;
  created_at: string;
}

export type ReferralTo = "staff_record" | "estate_manager" | "hq";

export interface IntakeReferral {
  to: ReferralTo;
  staff_member: string | null;
  referred_at: string | null;
  referred_by: string | null;
  outcome: string | null;
  outcome_by: string | null;
  outcome_at: string | null;
}

export interface IntakeStep {
  step_id: string;
  at: string;
  actor: string;
  /** taken, note, handed_over, reassigned, referred, outcome, handled, closed */
  action: string;
  /** Who owned the entry after this step. */
  owner_id: string;
  note: string | null;
}

export interface CallerLookup {
  greeting: string | null;
  residents: {
    resident_id: string;
    name: string;
    relation: string;
    unit_id: string;
    unit_label: string | null;
    open_items: Intake[];
  }[];
}

export interface Visitor {
  visitor_id: string;
  name: string;
  company: string | null;
  phone: string | null;
  visiting: string;
  unit_label: string | null;
  purpose: string | null;
  arrived_at: string;
  left_at: string | null;
}

export interface Parcel {
  parcel_id: string;
  kind: string;
  carrier: string | null;
  tracking_no: string | null;
  recipient_name: string;
  unit_label: string | null;
  damage_note: string | null;
  status: "held" | "collected" | "returned";
  received_at: string;
  notified_at: string | null;
  notify_count: number;
  age_days: number;
  return_due: boolean;
  collected_at: string | null;
  collector_name: string | null;
  returned_at: string | null;
  return_reason: string | null;
}

export interface KeyLoan {
  loan_id: string;
  key_id: string;
  borrower_name: string;
  borrower_phone: string | null;
  outsider: boolean;
  deposit_fen: number;
  purpose: string | null;
  lent_at: string;
  due_at: string;
  overdue: boolean;
  returned_at: string | null;
}

export interface DeskKey {
  key_id: string;
  kind: string;
  label: string;
  building: string | null;
  floor: number | null;
  unit_id: string | null;
  loan: KeyLoan | null;
}

export interface KeyCount {
  count_id?: string;
  counted_at?: string;
  missing?: { key_id: string; label: string }[];
  [k: string]: unknown;
}

export interface ShiftNote {
  note_id: string;
  body: string;
  important: boolean;
  created_at: string;
}

export interface HandoverEntry {
  intake_id: string;
  category: Category;
  status: string;
  unit_label: string | null;
  request: string;
  due_at: string | null;
  urgency: string | null;
  downstream_no: string | null;
}

export interface Shift {
  shift_id: string;
  kind: "day" | "night";
  status: "open" | "handed_over" | "acknowledged";
  opened_by: string;
  opened_at: string;
  handed_over_by: string | null;
  handed_over_at: string | null;
  acknowledged_at: string | null;
  handover?: { open_entries: HandoverEntry[]; open_entries_total: number; notes: ShiftNote[] };
  notes: ShiftNote[];
}

export interface CurrentShift {
  shift: Shift | null;
  previous: Shift | null;
}

export interface Complaint {
  complaint_id: string;
  complaint_no: string;
  intake_id: string | null;
  severity: string;
  status: string;
  channel: string;
  complainant_name: string | null;
  complainant_phone: string | null;
  unit_label: string | null;
  description: string;
  created_at: string;
}

export interface WorkOrder {
  work_order_id: string;
  order_no: string;
  intake_id: string | null;
  kind: string;
  status: string;
  contact_name: string | null;
  contact_phone: string | null;
  unit_label: string | null;
  problem: string;
  created_at: string;
}
