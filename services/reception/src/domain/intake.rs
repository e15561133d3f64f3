//! An intake (来电来访登记): one contact with the desk, its category and where it goes.

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
    /// 有偿服务 / 特约服务: becomes a paid work order.
    PaidService,
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
            },
            request,
        })
    }
}

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
        }
    }

    #[test]
    fn repairs_complaints_and_the_rest_go_where_the_rules_say() {
        assert_eq!(Category::Repair.route(), Route::Repairs);
        assert_eq!(Category::PaidService.route(), Route::Repairs);
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

    #[test]
    fn an_intake_is_forwarded_once() {
        assert_eq!(on_forwarded(Status::Open), Some(Status::Forwarded));
        assert_eq!(on_forwarded(Status::Forwarded), None);
        assert_eq!(on_forwarded(Status::Closed), None);
        assert_eq!(Status::parse("closed"), Some(Status::Closed));
        assert_eq!(Category::parse("paid_service"), Some(Category::PaidService));
    }
}
