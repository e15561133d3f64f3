//! An intake (来电来访登记): one contact with the desk, its category and where it goes.

use chrono::{DateTime, Duration, Utc};
use desk_platform::local::Zone;
use serde::{Deserialize, Serialize};

/// How the contact reached the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 来电
    Phone,
    /// 来访
    Visit,
    /// 来信
    Letter,
    Email,
    Web,
    /// 巡视 / 值班治安员: passed on by a patrolling guard or a technician.
    Patrol,
}

/// What the person wants; each category has its handling rule (DOMAIN.md, "Intake").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 事务咨询: answer on the spot, or promise a time.
    Inquiry,
    /// 事务求助: record in detail and send someone.
    Help,
    /// 报修: becomes a work order.
    Repair,
    /// 有偿服务 / 特约服务: becomes a special service, charged when ordered.
    PaidService,
    /// 有偿维修: a repair the unit pays for, charged when the work is done.
    PaidRepair,
    /// 投诉: becomes a complaint.
    Complaint,
    /// 售后: a return-repair note to the developer's after-sales team.
    AfterSales,
    /// 表扬
    Praise,
    /// 建议
    Suggestion,
    /// 紧急求援: security or engineering at once.
    Emergency,
    /// 其它
    Other,
}

/// Who takes the intake over from the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The desk itself answers and closes it.
    Desk,
    /// The complaints service opens a complaint.
    Complaints,
    /// The repairs service opens a work order.
    Repairs,
}

impl Category {
    pub fn route(self) -> Route {
        match self {
            Category::Repair
            | Category::PaidService
            | Category::PaidRepair
            | Category::AfterSales
            | Category::Emergency => Route::Repairs,
            Category::Complaint => Route::Complaints,
            Category::Inquiry
            | Category::Help
            | Category::Praise
            | Category::Suggestion
            | Category::Other => Route::Desk,
        }
    }
}

macro_rules! text_enum {
    ($t:ty { $($v:ident => $s:literal),+ $(,)? }) => {
        impl $t {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some(Self::$v),)+ _ => None }
            }
        }
    };
}

text_enum!(Channel { Phone => "phone", Visit => "visit", Letter => "letter", Email => "email", Web => "web", Patrol => "patrol" });
text_enum!(Category {
    Inquiry => "inquiry", Help => "help", Repair => "repair", PaidService => "paid_service",
    PaidRepair => "paid_repair",
    Complaint => "complaint", AfterSales => "after_sales", Praise => "praise",
    Suggestion => "suggestion", Emergency => "emergency", Other => "other",
});

/// Where the intake stands in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Logged; the desk owns it.
    Open,
    /// Taken over by complaints or repairs; the desk still follows it (首问责任制).
    Forwarded,
    /// 注销: done and the person told.
    Closed,
}

text_enum!(Status { Open => "open", Forwarded => "forwarded", Closed => "closed" });

/// The person on the line or at the counter; any part may be unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub unit_label: Option<String>,
    /// The desk picked the unit or resident from the registry.
    pub registry_link: bool,
}

/// A checked, normalised intake ready to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIntake {
    pub channel: Channel,
    pub category: Category,
    pub caller: Caller,
    pub request: String,
}

pub const MAX_REQUEST_CHARS: usize = 2000;
pub const MAX_NAME_CHARS: usize = 50;
pub const MAX_UNIT_CHARS: usize = 32;

/// A field that does not pass; the message names the field, never its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct Invalid {
    pub field: &'static str,
    pub reason: &'static str,
}

fn invalid(field: &'static str, reason: &'static str) -> Invalid {
    Invalid { field, reason }
}

fn tidy(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// Normalise a phone number the platform's one way.
pub fn normalise_phone(raw: &str) -> Result<String, Invalid> {
    desk_platform::mask::normalise_phone(raw).map_err(|e| invalid("caller.phone", e.reason()))
}

impl NewIntake {
    /// Check and normalise what the desk typed.
    pub fn new(
        channel: Channel,
        category: Category,
        caller: Caller,
        request: String,
    ) -> Result<Self, Invalid> {
        let request = request.trim().to_string();
        if request.is_empty() {
            return Err(invalid("request", "must say what the person wants"));
        }
        if request.chars().count() > MAX_REQUEST_CHARS {
            return Err(invalid("request", "is longer than 2000 characters"));
        }
        let name = tidy(caller.name);
        if name
            .as_ref()
            .is_some_and(|n| n.chars().count() > MAX_NAME_CHARS)
        {
            return Err(invalid("caller.name", "is longer than 50 characters"));
        }
        let unit_label = tidy(caller.unit_label);
        if unit_label
            .as_ref()
            .is_some_and(|u| u.chars().count() > MAX_UNIT_CHARS)
        {
            return Err(invalid("caller.unit_label", "is longer than 32 characters"));
        }
        let phone = match tidy(caller.phone) {
            Some(p) => Some(normalise_phone(&p)?),
            None => None,
        };
        // A forwarded intake must let the next team reach the person or the place.
        if category.route() != Route::Desk
            && phone.is_none()
            && unit_label.is_none()
            && !caller.registry_link
            && channel != Channel::Patrol
        {
            return Err(invalid(
                "caller",
                "a repair or complaint needs a phone number or a unit",
            ));
        }
        Ok(Self {
            channel,
            category,
            caller: Caller {
                name,
                phone,
                unit_label,
                registry_link: caller.registry_link,
            },
            request,
        })
    }
}

/// A rule of the ledger that a request breaks, with its stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Refusal {
    pub code: &'static str,
    pub message: &'static str,
}

const fn refusal(code: &'static str, message: &'static str) -> Refusal {
    Refusal { code, message }
}

/// When the desk owes the person an outcome, counting from when the intake was logged: a
/// promised time when one was given, else the usual time for the category, on the estate's
/// dates: an emergency in the hour, a complaint in three days (the desk tells the person 2–3
/// days, until the complaint's own deadline is known), an after-sales defect within a week (by
/// the end of the seventh day), anything else by the end of the next day.
pub fn due_at(
    category: Category,
    logged_at: DateTime<Utc>,
    promised_by: Option<DateTime<Utc>>,
    zone: Zone,
) -> DateTime<Utc> {
    if let Some(p) = promised_by {
        return p;
    }
    let days = match category {
        Category::Emergency => return logged_at + Duration::hours(EMERGENCY_DUE_HOURS),
        Category::Complaint => return logged_at + Duration::hours(COMPLAINT_DUE_HOURS),
        Category::AfterSales => AFTER_SALES_DUE_DAYS,
        Category::Repair
        | Category::PaidService
        | Category::PaidRepair
        | Category::Help
        | Category::Inquiry
        | Category::Praise
        | Category::Suggestion
        | Category::Other => NEXT_DAY,
    };
    let day = zone.date(logged_at) + chrono::Days::new(days);
    zone.day_bounds(day).1
}

/// An emergency is answered within the hour.
pub const EMERGENCY_DUE_HOURS: i64 = 1;
/// A complaint's callback, until its deadline is set downstream.
pub const COMPLAINT_DUE_HOURS: i64 = 72;
/// "The next day": by the end of the estate's next date.
pub const NEXT_DAY: u64 = 1;
/// "Within a week": by the end of the seventh date after the call.
pub const AFTER_SALES_DUE_DAYS: u64 = 7;

/// Where an open intake stands against its due time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Due after today.
    OnTrack,
    /// Due by the end of the estate's today (midnight included: "by the end of the day").
    Due,
    /// Past its due time and not closed.
    Overdue,
}

pub fn urgency(due: DateTime<Utc>, now: DateTime<Utc>, zone: Zone) -> Urgency {
    if due < now {
        Urgency::Overdue
    } else if due <= end_of_today(now, zone) {
        Urgency::Due
    } else {
        Urgency::OnTrack
    }
}

/// Midnight at the end of `now`'s date at the estate, where the desk keeps its days.
pub fn end_of_today(now: DateTime<Utc>, zone: Zone) -> DateTime<Utc> {
    zone.day_bounds(zone.date(now)).1
}

/// A category may change only while the intake is still the desk's own: open, of a category
/// the desk handles itself (nothing has gone downstream).
pub fn may_recategorize(status: Status, current: Category) -> Result<(), Refusal> {
    if status == Status::Closed {
        return Err(refusal("intake_closed", "The intake is closed."));
    }
    if status == Status::Forwarded || current.route() != Route::Desk {
        return Err(refusal(
            "category_locked_after_forwarding",
            "The intake has gone to complaints or repairs; its category can no longer change.",
        ));
    }
    Ok(())
}

/// An intake is closed (注销) only when what it asked for is done and the person was told:
/// for one handled downstream, the complaint or work order must be closed first.
pub fn may_close(
    status: Status,
    category: Category,
    downstream_closed: bool,
    outcome_recorded: bool,
) -> Result<(), Refusal> {
    if status == Status::Closed {
        return Err(refusal("intake_closed", "The intake is already closed."));
    }
    super::ownership::may_close_with_outcome(category, outcome_recorded)?;
    if category.route() != Route::Desk && !downstream_closed {
        return Err(refusal(
            "downstream_still_open",
            "The complaint or work order is not closed yet; the entry closes after it.",
        ));
    }
    Ok(())
}

/// Who is alerted at once for an emergency.
pub fn emergency_alerts() -> Vec<String> {
    vec!["security".to_string(), "engineering".to_string()]
}

/// How the person was told of the outcome.
pub const TOLD_VIA: [&str; 5] = ["phone", "in_person", "sms", "letter", "app"];

/// The status an intake moves to when its downstream item is opened.
pub fn on_forwarded(current: Status) -> Option<Status> {
    match current {
        Status::Open => Some(Status::Forwarded),
        Status::Forwarded | Status::Closed => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(phone: Option<&str>, unit: Option<&str>) -> Caller {
        Caller {
            name: Some(" 王先生 ".into()),
            phone: phone.map(str::to_string),
            unit_label: unit.map(str::to_string),
            registry_link: false,
        }
    }

    #[test]
    fn repairs_complaints_and_the_rest_go_where_the_rules_say() {
        assert_eq!(Category::Repair.route(), Route::Repairs);
        assert_eq!(Category::PaidService.route(), Route::Repairs);
        assert_eq!(Category::PaidRepair.route(), Route::Repairs);
        assert_eq!(Category::AfterSales.route(), Route::Repairs);
        assert_eq!(Category::Emergency.route(), Route::Repairs);
        assert_eq!(Category::Complaint.route(), Route::Complaints);
        assert_eq!(Category::Inquiry.route(), Route::Desk);
        assert_eq!(Category::Praise.route(), Route::Desk);
    }

    #[test]
    fn intake_is_trimmed_and_the_phone_normalised() {
        let i = NewIntake::new(
            Channel::Phone,
            Category::Repair,
            caller(Some("138-1234 5678"), Some("3-2-1101")),
            "  厨房水管漏水 ".into(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(i.request, "厨房水管漏水");
        assert_eq!(i.caller.name.as_deref(), Some("王先生"));
        assert_eq!(i.caller.phone.as_deref(), Some("13812345678"));
        assert_eq!(
            normalise_phone("+86 138 1234 5678"),
            Ok("+8613812345678".into())
        );
    }

    #[test]
    fn empty_overlong_and_unreachable_intakes_are_refused() {
        let e = NewIntake::new(
            Channel::Visit,
            Category::Inquiry,
            Caller::default(),
            "   ".into(),
        );
        assert_eq!(e.map_err(|e| e.field), Err("request"));
        let e = NewIntake::new(
            Channel::Visit,
            Category::Inquiry,
            Caller::default(),
            "x".repeat(2001),
        );
        assert_eq!(e.map_err(|e| e.field), Err("request"));
        let e = NewIntake::new(
            Channel::Phone,
            Category::Complaint,
            Caller::default(),
            "噪音".into(),
        );
        assert_eq!(e.map_err(|e| e.field), Err("caller"));
        let e = NewIntake::new(
            Channel::Phone,
            Category::Inquiry,
            caller(Some("12ab"), None),
            "问".into(),
        );
        assert_eq!(e.map_err(|e| e.field), Err("caller.phone"));
        // A unit or resident picked from the registry is enough to reach them.
        let linked = Caller {
            registry_link: true,
            ..Caller::default()
        };
        assert!(NewIntake::new(Channel::Phone, Category::Repair, linked, "漏水".into()).is_ok());
        // An inquiry from an unknown caller is fine.
        assert!(
            NewIntake::new(
                Channel::Phone,
                Category::Inquiry,
                Caller::default(),
                "停水几点恢复?".into()
            )
            .is_ok()
        );
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn due_times_follow_the_category_or_the_promise() {
        let z = Zone::default();
        let t = Utc::now();
        assert_eq!(
            due_at(Category::Emergency, t, None, z),
            t + Duration::hours(1)
        );
        assert_eq!(
            due_at(Category::Complaint, t, None, z),
            t + Duration::hours(72)
        );
        let promised = t + Duration::hours(5);
        assert_eq!(due_at(Category::Inquiry, t, Some(promised), z), promised);
        assert_eq!(urgency(t - Duration::minutes(1), t, z), Urgency::Overdue);
        assert_eq!(urgency(t + Duration::hours(50), t, z), Urgency::OnTrack);
        // 09:00 in Beijing: due at 17:00 today is due; due at 09:00 tomorrow is not yet.
        let morning = at("2026-11-24T01:00:00Z");
        assert_eq!(
            urgency(morning + Duration::hours(8), morning, z),
            Urgency::Due
        );
        assert_eq!(
            urgency(morning + Duration::hours(24), morning, z),
            Urgency::OnTrack
        );
        assert_eq!(
            end_of_today(morning, z).to_rfc3339(),
            "2026-11-24T16:00:00+00:00"
        );
        // Due "by the end of today" is due today, not tomorrow.
        assert_eq!(urgency(end_of_today(morning, z), morning, z), Urgency::Due);
    }

    #[test]
    fn the_next_day_and_within_a_week_are_the_estates_dates() {
        let z = Zone::default();
        // 23:30 on 24 November in Beijing is still 15:30 UTC that day: "the next day" is the
        // 25th in Beijing, ending at 16:00 UTC on the 25th, not 24 clock hours later.
        let late = at("2026-11-24T15:30:00Z");
        assert_eq!(
            due_at(Category::Repair, late, None, z).to_rfc3339(),
            "2026-11-25T16:00:00+00:00"
        );
        // 00:30 on 25 November in Beijing (16:30 UTC on the 24th): the next day is the 26th.
        let after_midnight = at("2026-11-24T16:30:00Z");
        assert_eq!(
            due_at(Category::Inquiry, after_midnight, None, z).to_rfc3339(),
            "2026-11-26T16:00:00+00:00"
        );
        // An after-sales defect within a week: by the end of the seventh date after the call.
        assert_eq!(
            due_at(Category::AfterSales, after_midnight, None, z).to_rfc3339(),
            "2026-12-02T16:00:00+00:00"
        );
        // "Today" at 00:30 Beijing is the 25th: an entry due at 23:00 Beijing that day is due
        // today, though by UTC's calendar it falls on another date.
        assert_eq!(
            urgency(at("2026-11-25T15:00:00Z"), after_midnight, z),
            Urgency::Due
        );
    }

    #[test]
    fn each_estate_reads_its_dates_in_its_own_zone() {
        let shanghai = Zone::default();
        let urumqi: Zone = "Asia/Urumqi".parse().unwrap_or_default();
        // 17:30 UTC on the 24th: already the 25th in Shanghai (01:30), still the 24th's
        // 23:30 in Urumqi: "the next day" is the 26th for one and the 25th for the other.
        let t = at("2026-11-24T17:30:00Z");
        assert_eq!(
            due_at(Category::Inquiry, t, None, shanghai).to_rfc3339(),
            "2026-11-26T16:00:00+00:00"
        );
        assert_eq!(
            due_at(Category::Inquiry, t, None, urumqi).to_rfc3339(),
            "2026-11-25T18:00:00+00:00"
        );
    }

    #[test]
    fn categories_change_only_before_anything_went_downstream() {
        assert!(may_recategorize(Status::Open, Category::Inquiry).is_ok());
        assert_eq!(
            may_recategorize(Status::Open, Category::Repair).map_err(|r| r.code),
            Err("category_locked_after_forwarding")
        );
        assert_eq!(
            may_recategorize(Status::Forwarded, Category::Complaint).map_err(|r| r.code),
            Err("category_locked_after_forwarding")
        );
        assert_eq!(
            may_recategorize(Status::Closed, Category::Inquiry).map_err(|r| r.code),
            Err("intake_closed")
        );
    }

    #[test]
    fn an_entry_closes_only_after_its_downstream_item() {
        assert!(may_close(Status::Open, Category::Inquiry, false, false).is_ok());
        assert_eq!(
            may_close(Status::Forwarded, Category::Repair, false, false).map_err(|r| r.code),
            Err("downstream_still_open")
        );
        assert!(may_close(Status::Forwarded, Category::Repair, true, false).is_ok());
        assert_eq!(
            may_close(Status::Closed, Category::Inquiry, true, false).map_err(|r| r.code),
            Err("intake_closed")
        );
        assert_eq!(
            may_close(Status::Open, Category::Praise, false, false).map_err(|r| r.code),
            Err("outcome_required")
        );
        assert!(may_close(Status::Open, Category::Praise, false, true).is_ok());
    }

    #[test]
    fn an_intake_is_forwarded_once() {
        assert_eq!(on_forwarded(Status::Open), Some(Status::Forwarded));
        assert_eq!(on_forwarded(Status::Forwarded), None);
        assert_eq!(on_forwarded(Status::Closed), None);
        assert_eq!(Status::parse("closed"), Some(Status::Closed));
        assert_eq!(Category::parse("paid_service"), Some(Category::PaidService));
        assert_eq!(Category::parse("paid_repair"), Some(Category::PaidRepair));
    }
}
