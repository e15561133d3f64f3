import type { Role, StaffView } from "../api/types";

/** Who may write to the ledger and the desk's books (as reception checks it). */
export const DESK_ROLES: Role[] = ["receptionist", "supervisor", "estate_manager", "technician", "admin"];
/** Who sees callers' numbers in full and may look a caller up. */
export const CALLBACK_ROLES: Role[] = ["receptionist", "supervisor", "estate_manager", "admin"];

export function hasAnyRole(staff: StaffView, roles: Role[]): boolean {
  return staff.roles.some((r) => roles.includes(r));
}

/** Who watches what is late, assigns and dispatches, approves the week and reads the month. */
export const SUPERVISOR_ROLES: Role[] = ["supervisor", "estate_manager", "admin"];
/** Who works orders on the phone. */
export const TECHNICIAN_ROLES: Role[] = ["technician"];
/** Who keeps a cash drawer (as billing checks it). */
export const CASH_ROLES: Role[] = ["cashier", "receptionist", "supervisor", "admin"];
/** Who uses the back office: fees, the month's run, reports, reversals (cashiers read and ask). */
export const OFFICE_ROLES: Role[] = ["supervisor", "estate_manager", "admin", "cashier"];
/** Who reads the pass register (证件). */
export const PASS_ROLES: Role[] = ["receptionist", "supervisor", "estate_manager", "admin"];
/** Who issues, renews and takes back passes (as documents checks it). */
export const PASS_WRITE_ROLES: Role[] = ["receptionist", "supervisor", "admin"];
/** Who opens and changes residents' portal accounts (as the gateway checks it). */
export const ACCOUNT_ROLES: Role[] = ["receptionist", "supervisor", "admin"];
/** Who agrees appointments, promises call backs and charges a special service when ordered (as repairs checks it). */
export const DISPATCH_ROLES: Role[] = ["receptionist", "supervisor", "estate_manager", "admin"];
/** Who records a complaint department's result (as complaints checks it; the technicians stand for the departments). */
export const RESOLVE_ROLES: Role[] = ["supervisor", "estate_manager", "admin", "technician"];
