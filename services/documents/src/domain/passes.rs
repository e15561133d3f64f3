//! Passes (证件), without I/O: what each kind costs, how long it runs, when it may be renewed
//! and handed back.
//!
//! - Resident pass (住户证): an owner or a household member of the unit (or someone with the
//!   owner's signed authorisation, which the desk checks on paper). Free. No end date unless the
//!   desk gives one.
//! - Tenant pass (租户证): a tenant of the unit with a lease in the registry. Deposit 10 yuan and
//!   card fee 5 yuan; runs one year, never past the lease end. Renewed within the lease for a
//!   2-yuan fee, again for at most a year from the day of renewal.
//! - Temporary pass (临时出入证) for decoration workers, brought by an owner of the unit. Deposit
//!   10 yuan and card fee 5 yuan; runs at most 3 months; a lapsed one is renewed (逾期续办) for
//!   the 5-yuan card fee, for at most 3 months again, keeping the deposit it holds.
//!
//! A pass with a fee or a deposit is handed over only against finance's receipt
//! (凭财务部收据方可领证): it is `pending` until billing announces its charges paid, then
//! `active`. The amounts here are the seeds' defaults; billing charges what the estate's fee
//! schedule says, and the pass records what was paid.
//!
//! The registry decides the lease: a tenant pass needs an active tenant of the unit with a lease
//! end (the holder's own when the holder is that tenant, otherwise the latest of the unit's
//! tenants), so a unit without a registered tenant gets no tenant pass.

use chrono::{Days, Months, NaiveDate};

pub const DEPOSIT_FEN: i64 = 1_000;
pub const CARD_FEE_FEN: i64 = 500;
pub const RENEWAL_FEE_FEN: i64 = 200;
pub const TENANT_MONTHS: u32 = 12;
pub const TEMPORARY_MONTHS: u32 = 3;

/// The kinds of pass, as stored and as sent.
pub const KINDS: [&str; 3] = ["resident", "tenant", "temporary"];
/// The statuses a list can be filtered by; `expired` is an active pass past its last day,
/// `pending` one waiting for finance's receipt.
pub const STATUSES: [&str; 4] = ["pending", "active", "expired", "returned"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Resident,
    Tenant,
    Temporary,
}

impl Kind {
    pub fn parse(raw: &str) -> Option<Kind> {
        match raw.trim() {
            "resident" => Some(Kind::Resident),
            "tenant" => Some(Kind::Tenant),
            "temporary" => Some(Kind::Temporary),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Resident => "resident",
            Kind::Tenant => "tenant",
            Kind::Temporary => "temporary",
        }
    }

    /// The deposit and the card fee, in fen.
    pub fn fees(self) -> (i64, i64) {
        match self {
            Kind::Resident => (0, 0),
            Kind::Tenant | Kind::Temporary => (DEPOSIT_FEN, CARD_FEE_FEN),
        }
    }

    /// A new pass of this kind: `pending` until finance's receipt when it costs anything,
    /// otherwise handed over at once.
    pub fn initial_status(self) -> &'static str {
        match self {
            Kind::Resident => "active",
            Kind::Tenant | Kind::Temporary => "pending",
        }
    }
}

/// A rule the request breaks, with its stable code and the words for the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub title: &'static str,
}

const fn refuse(code: &'static str, title: &'static str) -> Refusal {
    Refusal { code, title }
}

pub const NO_LEASE: Refusal = refuse(
    "no_tenant_lease",
    "The registry has no tenant with a lease for this unit: register the tenant and the lease first.",
);
pub const LEASE_ENDED: Refusal = refuse(
    "lease_ended",
    "The lease has ended: a tenant pass runs only within the lease.",
);
pub const BEYOND_LEASE: Refusal = refuse(
    "pass_beyond_lease_end",
    "A tenant pass cannot run past the end of the lease.",
);
pub const TENANT_TOO_LONG: Refusal = refuse(
    "tenant_pass_too_long",
    "A tenant pass runs for at most one year.",
);
pub const TEMPORARY_TOO_LONG: Refusal = refuse(
    "temporary_pass_too_long",
    "A temporary pass runs for at most 3 months; issue a new one after that.",
);
pub const ENDS_BEFORE_TODAY: Refusal = refuse(
    "pass_ends_in_the_past",
    "The last day of validity is before today.",
);
pub const NOT_RENEWABLE: Refusal = refuse(
    "pass_not_renewable",
    "A resident pass is not renewed; tenant and temporary passes are.",
);
pub const PENDING: Refusal = refuse(
    "pass_not_paid",
    "The pass waits for finance's receipt: its fee and deposit are paid at the cash desk first.",
);
pub const RETURNED: Refusal = refuse("pass_returned", "The pass has been handed back already.");
pub const NOTHING_TO_RENEW: Refusal = refuse(
    "nothing_to_renew",
    "The pass already runs as long as the lease allows.",
);

/// What a new pass runs for and costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    pub valid_from: NaiveDate,
    /// The last day it is valid; none for a resident pass without an end.
    pub valid_until: Option<NaiveDate>,
    pub deposit_fen: i64,
    pub card_fee_fen: i64,
}

fn last_day(from: NaiveDate, months: u32) -> NaiveDate {
    from.checked_add_months(Months::new(months))
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .unwrap_or(NaiveDate::MAX)
}

/// The terms of a new pass of `kind` issued `today`. `lease_end` is the tenant's lease end from
/// the registry; `asked_until` the last day the desk asks for (the longest allowed when none).
pub fn terms(
    kind: Kind,
    today: NaiveDate,
    lease_end: Option<NaiveDate>,
    asked_until: Option<NaiveDate>,
) -> Result<Terms, Refusal> {
    if asked_until.is_some_and(|d| d < today) {
        return Err(ENDS_BEFORE_TODAY);
    }
    let valid_until = match kind {
        Kind::Resident => asked_until,
        Kind::Tenant => {
            let lease_end = lease_end.ok_or(NO_LEASE)?;
            if lease_end < today {
                return Err(LEASE_ENDED);
            }
            let year = last_day(today, TENANT_MONTHS);
            let longest = year.min(lease_end);
            Some(match asked_until {
                None => longest,
                Some(d) if d > lease_end => return Err(BEYOND_LEASE),
                Some(d) if d > year => return Err(TENANT_TOO_LONG),
                Some(d) => d,
            })
        }
        Kind::Temporary => {
            let longest = last_day(today, TEMPORARY_MONTHS);
            Some(match asked_until {
                None => longest,
                Some(d) if d > longest => return Err(TEMPORARY_TOO_LONG),
                Some(d) => d,
            })
        }
    };
    let (deposit_fen, card_fee_fen) = kind.fees();
    Ok(Terms {
        valid_from: today,
        valid_until,
        deposit_fen,
        card_fee_fen,
    })
}

/// A renewal: the new last day and its fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Renewal {
    pub valid_until: NaiveDate,
    pub fee_fen: i64,
}

/// Renew a pass `today`, not handed back and paid for: a tenant pass within the lease, running
/// a year from today, not past the lease end, for the renewal fee; a temporary pass for three
/// months from today, for the card fee (the deposit it holds stays). Either must end later than
/// it did.
pub fn renewal(
    kind: Kind,
    stored_status: &str,
    valid_until: Option<NaiveDate>,
    today: NaiveDate,
    lease_end: Option<NaiveDate>,
) -> Result<Renewal, Refusal> {
    if kind == Kind::Resident {
        return Err(NOT_RENEWABLE);
    }
    match stored_status {
        "returned" => return Err(RETURNED),
        "pending" => return Err(PENDING),
        _ => {}
    }
    let (until, fee_fen) = match kind {
        Kind::Tenant => {
            let lease_end = lease_end.ok_or(NO_LEASE)?;
            if lease_end < today {
                return Err(LEASE_ENDED);
            }
            (
                last_day(today, TENANT_MONTHS).min(lease_end),
                RENEWAL_FEE_FEN,
            )
        }
        _ => (last_day(today, TEMPORARY_MONTHS), CARD_FEE_FEN),
    };
    if valid_until.is_some_and(|v| until <= v) {
        return Err(NOTHING_TO_RENEW);
    }
    Ok(Renewal {
        valid_until: until,
        fee_fen,
    })
}

/// A pass can be handed back once.
pub fn can_return(stored_status: &str) -> Result<(), Refusal> {
    if stored_status == "returned" {
        Err(RETURNED)
    } else {
        Ok(())
    }
}

/// The status as the desk sees it on `today`: an active pass past its last day is expired.
pub fn status_on(stored_status: &str, valid_until: Option<NaiveDate>, today: NaiveDate) -> &str {
    match (stored_status, valid_until) {
        ("active", Some(d)) if d < today => "expired",
        (s, _) => s,
    }
}

/// The printed pass number: the estate's code, `P`, and the estate's own sequence, e.g.
/// `SUN-P-000123`.
pub fn pass_no(estate_code: &str, seq: i64) -> String {
    format!("{estate_code}-P-{seq:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn a_resident_pass_is_free_and_open_ended_unless_asked() {
        let t = terms(Kind::Resident, d("2026-11-24"), None, None);
        assert_eq!(
            t,
            Ok(Terms {
                valid_from: d("2026-11-24"),
                valid_until: None,
                deposit_fen: 0,
                card_fee_fen: 0,
            })
        );
        let t = terms(Kind::Resident, d("2026-11-24"), None, Some(d("2030-01-01")));
        assert_eq!(t.map(|t| t.valid_until), Ok(Some(d("2030-01-01"))));
    }

    #[test]
    fn a_tenant_pass_runs_a_year_within_the_lease_for_a_deposit_and_a_fee() {
        let today = d("2026-11-24");
        let t = terms(Kind::Tenant, today, Some(d("2028-06-30")), None);
        assert_eq!(
            t,
            Ok(Terms {
                valid_from: today,
                valid_until: Some(d("2027-11-23")),
                deposit_fen: 1_000,
                card_fee_fen: 500,
            })
        );
        // The lease ends first: so does the pass.
        let t = terms(Kind::Tenant, today, Some(d("2027-03-31")), None);
        assert_eq!(t.map(|t| t.valid_until), Ok(Some(d("2027-03-31"))));
        // Ending today is still within the lease.
        assert!(terms(Kind::Tenant, today, Some(today), None).is_ok());
        assert_eq!(
            terms(
                Kind::Tenant,
                today,
                Some(d("2027-03-31")),
                Some(d("2027-04-01"))
            ),
            Err(BEYOND_LEASE)
        );
        assert_eq!(
            terms(
                Kind::Tenant,
                today,
                Some(d("2029-01-01")),
                Some(d("2027-11-24"))
            ),
            Err(TENANT_TOO_LONG)
        );
        assert_eq!(
            terms(
                Kind::Tenant,
                today,
                Some(d("2029-01-01")),
                Some(d("2027-11-23"))
            )
            .map(|t| t.valid_until),
            Ok(Some(d("2027-11-23")))
        );
        assert_eq!(terms(Kind::Tenant, today, None, None), Err(NO_LEASE));
        assert_eq!(
            terms(Kind::Tenant, today, Some(d("2026-11-23")), None),
            Err(LEASE_ENDED)
        );
    }

    #[test]
    fn a_temporary_pass_runs_at_most_three_months() {
        let today = d("2026-11-24");
        let t = terms(Kind::Temporary, today, None, None);
        assert_eq!(
            t.map(|t| (t.valid_until, t.deposit_fen, t.card_fee_fen)),
            Ok((Some(d("2027-02-23")), 1_000, 500))
        );
        assert!(terms(Kind::Temporary, today, None, Some(d("2027-02-23"))).is_ok());
        assert_eq!(
            terms(Kind::Temporary, today, None, Some(d("2027-02-24"))),
            Err(TEMPORARY_TOO_LONG)
        );
        assert_eq!(
            terms(Kind::Temporary, today, None, Some(d("2027-03-24"))),
            Err(TEMPORARY_TOO_LONG),
            "four months"
        );
        assert_eq!(
            terms(Kind::Temporary, today, None, Some(d("2026-11-23"))),
            Err(ENDS_BEFORE_TODAY)
        );
        // The end of a short month.
        assert_eq!(
            terms(Kind::Temporary, d("2026-11-30"), None, None).map(|t| t.valid_until),
            Ok(Some(d("2027-02-27")))
        );
    }

    #[test]
    fn a_tenant_pass_is_renewed_within_the_lease_for_two_yuan() {
        let today = d("2027-11-20");
        let lease = Some(d("2029-06-30"));
        let r = renewal(Kind::Tenant, "active", Some(d("2027-11-23")), today, lease);
        assert_eq!(
            r,
            Ok(Renewal {
                valid_until: d("2028-11-19"),
                fee_fen: 200,
            })
        );
        // Expired passes are renewed too (the holder brings the expired pass).
        assert!(renewal(Kind::Tenant, "active", Some(d("2027-10-01")), today, lease).is_ok());
        assert_eq!(
            renewal(Kind::Resident, "active", None, today, lease),
            Err(NOT_RENEWABLE)
        );
        assert_eq!(
            renewal(
                Kind::Tenant,
                "returned",
                Some(d("2027-11-23")),
                today,
                lease
            ),
            Err(RETURNED)
        );
        assert_eq!(
            renewal(
                Kind::Tenant,
                "active",
                Some(d("2027-11-23")),
                today,
                Some(d("2027-11-19"))
            ),
            Err(LEASE_ENDED)
        );
        // The pass already runs to the lease end.
        assert_eq!(
            renewal(
                Kind::Tenant,
                "active",
                Some(d("2028-01-31")),
                today,
                Some(d("2028-01-31"))
            ),
            Err(NOTHING_TO_RENEW)
        );
        assert_eq!(
            renewal(Kind::Tenant, "active", Some(d("2027-11-23")), today, None),
            Err(NO_LEASE)
        );
    }

    #[test]
    fn statuses_numbers_and_returns() {
        let today = d("2026-11-24");
        assert_eq!(status_on("active", Some(d("2026-11-24")), today), "active");
        assert_eq!(status_on("active", Some(d("2026-11-23")), today), "expired");
        assert_eq!(status_on("active", None, today), "active");
        assert_eq!(
            status_on("returned", Some(d("2026-11-23")), today),
            "returned"
        );
        assert_eq!(pass_no("SUN", 123), "SUN-P-000123");
        assert_eq!(pass_no("SUN", 1_234_567), "SUN-P-1234567");
        assert_eq!(can_return("active"), Ok(()));
        assert_eq!(can_return("returned"), Err(RETURNED));
        assert_eq!(Kind::parse(" tenant "), Some(Kind::Tenant));
        assert_eq!(Kind::parse("visitor"), None);
        for k in KINDS {
            assert_eq!(Kind::parse(k).map(Kind::as_str), Some(k));
        }
    }

    #[test]
    fn a_lapsed_temporary_pass_is_renewed_for_the_card_fee_not_reissued() {
        let today = d("2027-03-01");
        let r = renewal(
            Kind::Temporary,
            "active",
            Some(d("2027-02-23")),
            today,
            None,
        );
        assert_eq!(
            r,
            Ok(Renewal {
                valid_until: d("2027-05-31"),
                fee_fen: CARD_FEE_FEN,
            })
        );
        assert_eq!(CARD_FEE_FEN, 500);
        assert_eq!(
            renewal(
                Kind::Temporary,
                "active",
                Some(d("2027-06-30")),
                today,
                None
            ),
            Err(NOTHING_TO_RENEW)
        );
        assert_eq!(
            renewal(Kind::Resident, "active", None, today, None),
            Err(NOT_RENEWABLE)
        );
    }

    #[test]
    fn a_pass_that_costs_anything_waits_for_finances_receipt() {
        assert_eq!(Kind::Resident.initial_status(), "active");
        assert_eq!(Kind::Tenant.initial_status(), "pending");
        assert_eq!(Kind::Temporary.initial_status(), "pending");
        assert_eq!(
            renewal(
                Kind::Tenant,
                "pending",
                Some(d("2027-01-01")),
                d("2026-12-02"),
                Some(d("2028-01-01"))
            ),
            Err(PENDING)
        );
        assert_eq!(
            status_on("pending", Some(d("2026-01-01")), d("2026-12-02")),
            "pending"
        );
    }
}
