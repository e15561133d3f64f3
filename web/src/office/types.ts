// What billing and documents answer to the back office (see services/billing/openapi.json).

export type ItemKind = "monthly" | "per_use" | "per_hour" | "top_up";
export const ITEM_KINDS: ItemKind[] = ["monthly", "per_use", "per_hour", "top_up"];

export interface FeeItem {
  code: string;
  name: string;
  kind: ItemKind;
  price_fen: number;
}

export interface FeeSchedule {
  management_fen_per_m2: number;
  items: FeeItem[];
}

export interface ChargeRow {
  charge_id: string;
  unit_label: string;
  description: string;
  amount_fen: number;
  period: string;
}

export type ReversalState = "requested" | "approved" | "refused" | null;

export interface ReceiptRow {
  payment_id: string;
  unit_label: string;
  method: string;
  amount_fen: number;
  receipt_no: string;
  cashier: string;
  taken_at: string;
  reversal: ReversalState;
}

export interface ReceiptsSummary {
  from: string;
  to: string;
  receipts: number;
  taken_fen: number;
  reversed_fen: number;
  net_fen: number;
  by_method: Record<string, number>;
}

export interface ReceiptsList {
  items: ReceiptRow[];
  summary: ReceiptsSummary;
}

export interface MonthFigures {
  estate_id: string;
  period: string;
  charges: number;
  charged_fen: number;
  collected_fen: number;
  arrears_fen: number;
  collection_rate_bp: number | null;
}

export interface KindRow {
  source: string;
  charges: number;
  charged_fen: number;
  collected_fen: number;
}

export interface MonthlyReport {
  month: string;
  totals: MonthFigures | null;
  by_kind: KindRow[];
  payments: ReceiptsSummary;
  trend: MonthFigures[];
}

export interface Ageing {
  d0_30: number;
  d31_60: number;
  d61_90: number;
  d91_180: number;
  d180_plus: number;
}
export const AGE_BANDS: (keyof Ageing)[] = ["d0_30", "d31_60", "d61_90", "d91_180", "d180_plus"];

export interface UnitArrears {
  unit_label: string;
  owed_fen: number;
  oldest_days: number;
  ageing: Ageing;
}

export interface ArrearsReport {
  as_of: string;
  units: UnitArrears[];
  ageing: Ageing;
  owed_fen: number;
}

export interface CashSessionRow {
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
  /** Past its deadline without a hand-over, or handed over after it (read from the clock). */
  late?: boolean;
  handed_over_by?: string | null;
  /** Finance's confirmation of what it received. */
  confirmed_by?: string | null;
  confirmed_at?: string | null;
  /** How a difference was dealt with when confirmed. */
  resolution?: "settled" | "explained" | null;
  resolution_note?: string | null;
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

export type DepositStatus = "unpaid" | "held" | "refund_due" | "refunded" | "void";
export const DEPOSIT_STATUSES: DepositStatus[] = ["unpaid", "held", "refund_due", "refunded", "void"];

export interface DepositRow {
  deposit_id: string;
  unit_label: string;
  holder_name: string;
  pass_no: string;
  amount_fen: number;
  status: DepositStatus;
  receipt_no: string | null;
  returned_at: string | null;
  refunded_at: string | null;
  created_at: string;
}

export interface Imported {
  buildings: number;
  units: number;
  residents: number;
}

export const PAY_METHODS = ["cash", "card", "bank_transfer", "wechat", "alipay"];
