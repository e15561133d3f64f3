// The pass register's answers (services/documents/src/http/passes.rs).

import type { PassKind } from "./words";

export type PassStatus = "pending" | "active" | "expired" | "returned";

export interface PassView {
  pass_id: string;
  pass_no: string;
  kind: PassKind;
  unit_id: string;
  unit_label: string;
  holder_name: string;
  holder_phone: string | null;
  /** Always masked by the service. */
  holder_id_number: string;
  resident_id: string | null;
  owner_resident_id: string | null;
  lease_end: string | null;
  valid_from: string;
  valid_until: string | null;
  status: PassStatus;
  deposit_fen: number;
  card_fee_fen: number;
  renewal_fees_fen: number;
  renewals: number;
  issued_at: string;
  issued_by: string;
  returned_at: string | null;
  version: number;
}

export interface PassPage {
  items: PassView[];
  next_before: number | null;
}
