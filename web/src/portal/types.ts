// What the resident endpoints answer (gateway, repairs, complaints, billing).

export interface UnitRef {
  estate_id: string;
  unit_label: string;
}

export interface ResidentView {
  resident_id: string;
  group_id: string;
  display_name: string;
  phone: string;
  units: UnitRef[];
}

export interface ResidentSignedIn {
  token: string;
  expires_at: string;
  resident: ResidentView;
}

export interface Step {
  at: string;
  action: string;
  status: string | null;
}

export interface MyRepair {
  work_order_id: string;
  order_no: string;
  estate_id: string;
  unit_label: string | null;
  kind: string;
  status: string;
  stage: "received" | "scheduled" | "in_progress" | "done" | "closed";
  problem: string;
  appointment_start: string | null;
  appointment_end: string | null;
  completed_at: string | null;
  fee_fen: number;
  overall_rating: number | null;
  can_rate: boolean;
  created_at: string;
  progress?: Step[];
  photo_ids?: string[];
}

export interface MyComplaint {
  complaint_id: string;
  complaint_no: string;
  estate_id: string;
  unit_label: string | null;
  status: string;
  stage: "received" | "in_progress" | "replied" | "closed";
  description: string;
  details: { location?: string; demand?: string; reply?: string };
  satisfaction: string | null;
  can_rate: boolean;
  created_at: string;
  progress?: Step[];
}

export interface Charge {
  estate_id: string;
  charge_id: string;
  unit_label: string;
  source: string;
  description: string;
  amount_fen: number;
  paid_fen: number;
  created_at: string;
}

export interface Charges {
  items: Charge[];
  owed_fen: number;
}

export interface Payment {
  receipt_no: string;
  amount_fen: number;
}
