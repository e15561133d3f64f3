import type { Role, StaffView } from "../api/types";

/** Who may write to the ledger and the desk's books (as reception checks it). */
export const DESK_ROLES: Role[] = ["receptionist", "supervisor", "estate_manager", "technician", "admin"];
/** Who sees callers' numbers in full and may look a caller up. */
export const CALLBACK_ROLES: Role[] = ["receptionist", "supervisor", "estate_manager", "admin"];

export function hasAnyRole(staff: StaffView, roles: Role[]): boolean {
  return staff.roles.some((r) => roles.includes(r));
}
