// Who may do what with a desk entry's ownership (首问责任制), as reception checks it: the screen
// offers only what the one signed in may do; reception still decides, and its refusal is shown.

import type { Intake, StaffView } from "../api/types";

export interface Colleague {
  staff_id: string;
  display_name: string;
  roles: string[];
}

/** Who owns desk entries: adds notes, owns and closes their own. */
const DESK = ["receptionist", "supervisor", "estate_manager"];
/** Who closes and reassigns any entry of the estate. */
const OVERSEER = ["supervisor", "estate_manager"];

export interface Ownership {
  owner: string;
  mine: boolean;
  /** Adds a note (any desk colleague, while the entry is open). */
  note: boolean;
  /** Closes the entry: its owner or a supervisor. */
  close: boolean;
  /** Gives the entry to someone else: a supervisor or the estate manager. */
  reassign: boolean;
  /** Praise or a suggestion: passed on, and closed only with its outcome. */
  referable: boolean;
  /** Passes it on: the owner or a supervisor, once. */
  refer: boolean;
  /** Records the outcome: whoever it was passed to. */
  recordOutcome: boolean;
}

export function ownership(i: Intake, staff: StaffView): Ownership {
  const has = (roles: string[]) => staff.roles.some((r) => roles.includes(r));
  const owner = i.owner_id ?? i.taken_by;
  const mine = owner === staff.staff_id;
  const open = i.status !== "closed";
  const desk = has(DESK);
  const overseer = has(OVERSEER);
  const close = open && (overseer || (desk && mine));
  const referable = i.category === "praise" || i.category === "suggestion";
  const to = i.referral?.to;
  const recipient =
    to === "staff_record" ? overseer : to === "estate_manager" ? has(["estate_manager"]) : to === "hq" ? has(["hq"]) : false;
  return {
    owner,
    mine,
    note: open && desk,
    close,
    reassign: open && overseer,
    referable,
    refer: referable && close && !i.referral,
    recordOutcome: open && recipient && !i.referral?.outcome,
  };
}
