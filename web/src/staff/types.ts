// Shapes of the answers the staff screens read (services/{complaints,repairs,billing}/openapi.json).

export interface StaffComplaint {
  complaint_id: string;
  complaint_no: string;
  estate_id: string;
  intake_id: string | null;
  type: string;
  severity: string;
  validity: string | null;
  status: string;
  channel: string;
  complainant_name: string | null;
  complainant_phone: string | null;
  unit_label: string | null;
  description: string;
  department: string | null;
  assigned_at: string | null;
  deadline_at: string | null;
  reply_due: string | null;
  overdue: boolean;
  escalation: string;
  resolved_at: string | null;
  replied_at: string | null;
  satisfaction: string | null;
  closed_at: string | null;
  created_at: string;
}

export interface ComplaintSettings {
  departments: string[];
  resolve_days: number;
}

export interface StaffWorkOrder {
  work_order_id: string;
  order_no: string;
  estate_id: string;
  intake_id: string | null;
  kind: string;
  status: string;
  contact_name: string | null;
  contact_phone: string | null;
  unit_label: string | null;
  problem: string;
  skill: string | null;
  technician_id: string | null;
  appointment_start: string | null;
  appointment_end: string | null;
  dispatched_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  fee_fen: number;
  follow_up_due: string | null;
  closed_at: string | null;
  needs_callback: boolean;
  /** When the desk promised to call the resident back (with needs_callback). */
  callback_due?: string | null;
  details: Record<string, unknown>;
  created_at: string;
}

/** An order on repairs' late list, with why: callback_overdue, appointment_missed, no_technician, follow_up_overdue. */
export interface LateOrder extends StaffWorkOrder {
  late?: string[];
}

export interface RosterEntry {
  technician_id: string;
  name: string;
  skills: string[];
  working_hours: string;
  max_open: number;
  active: boolean;
  open_orders: number;
}

export interface Colleague {
  staff_id: string;
  display_name: string;
  roles: string[];
}

export interface ComplaintStats {
  month: string;
  totals: {
    received: number;
    valid: number;
    invalid: number;
    resolved: number;
    on_time: number;
    replied: number;
    followed_up: number;
    satisfied: number;
    basically_satisfied: number;
    dissatisfied: number;
    due?: number;
    extended?: number;
  };
  rates: ComplaintRates;
  by_type: { type?: string; complaint_type?: string; severity: string; received: number; resolved: number; on_time: number }[];
  /** The month's report was handed in: `totals` and `rates` are as handed in. */
  frozen?: { frozen_at: string; frozen_by: string };
  /** A handed-in month's figures as they stand now. */
  live?: { totals: ComplaintStats["totals"]; rates: ComplaintRates };
  /** A handed-in month: live − handed in. */
  movement?: ComplaintStats["totals"];
}

export interface ComplaintRates {
  validity: number | null;
  on_time: number | null;
  satisfaction: number | null;
  follow_up: number | null;
}

export interface RepairStatRow {
  by: string;
  key: string;
  orders: number;
  completed: number;
  with_appointment: number;
  arrived_on_time: number;
  avg_minutes_to_complete: number | null;
  followed_up: number;
  avg_overall: number | null;
  revenue_fen: number;
}

export interface FollowUpRate {
  month: string;
  completed: number;
  followed_up: number;
  rate: number | null;
  floor: number;
  below_floor: boolean;
}

export const METHODS = ["cash", "card", "bank_transfer", "wechat", "alipay"] as const;
export type Method = (typeof METHODS)[number];

export interface Charge {
  charge_id: string;
  unit_label: string;
  source: string;
  source_id: string;
  description: string;
  amount_fen: number;
  paid_fen: number;
  created_at: string;
  period?: string;
}

export interface Charges {
  items: Charge[];
  owed_fen: number;
}

export interface PaymentRow {
  estate_id: string;
  payment_id: string;
  unit_label: string;
  method: string;
  amount_fen: number;
  receipt_no: string;
  cashier: string;
  taken_at: string;
  session_id: string | null;
  prints?: number;
}

export interface ReceiptLine {
  charge_id: string;
  amount_fen: number;
  description: string;
  source: string;
}

export interface Receipt {
  payment: PaymentRow;
  lines: ReceiptLine[];
  prints?: number;
  reversal?: { status: string; reason: string } | null;
}

export interface CashSession {
  estate_id: string;
  session_id: string;
  cashier: string;
  opened_at: string;
  opening_float_fen: number;
  closed_at: string | null;
  expected: Record<string, number> | null;
  counted: Record<string, number> | null;
  difference_fen: number | null;
  handed_over_at: string | null;
  hand_over_due: string | null;
  handed_over_late: boolean | null;
  /** Only on /current: what the drawer has taken so far, per method. */
  takings?: Record<string, number>;
}

export interface ReceiptsList {
  items: (PaymentRow & { reversal: string | null })[];
  summary: { receipts: number; taken_fen: number; reversed_fen: number; net_fen: number; by_method: Record<string, number> };
}

export interface MonthFigures {
  period: string;
  charges: number;
  charged_fen: number;
  collected_fen: number;
  arrears_fen: number;
  collection_rate_bp: number | null;
}

export interface FeesMonth {
  month: string;
  totals: MonthFigures | null;
  by_kind: { source: string; charges: number; charged_fen: number; collected_fen: number }[];
  payments: { receipts: number; net_fen: number; by_method: Record<string, number> };
  trend: MonthFigures[];
}

export interface AgeingBuckets {
  d0_30: number;
  d31_60: number;
  d61_90: number;
  d91_180: number;
  d180_plus: number;
}

export interface Arrears {
  as_of: string;
  owed_fen: number;
  ageing: AgeingBuckets;
  units: { unit_label: string; owed_fen: number; oldest_days: number; ageing: AgeingBuckets }[];
}

export interface WaitingReversal {
  payment_id: string;
  amount_fen: number;
  reason: string;
  status: string;
  requested_by: string;
  requested_at: string;
  method: string;
  receipt_no: string;
  unit_label: string;
}
