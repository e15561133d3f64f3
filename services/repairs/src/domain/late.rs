//! What makes an open work order late in the supervisor's list, and the desk's promises of a
//! call back, without I/O.

use chrono::{DateTime, Duration, Utc};

/// When the desk promises a call back without naming a time: within the hour (001 7.3.7: the
/// desk calls the technician at once and calls the resident back 第一时间).
pub const DEFAULT_CALLBACK_MINUTES: i64 = 60;

/// An order waiting this long without a technician is late.
pub const NO_TECHNICIAN_HOURS: i64 = 24;

/// The time the desk promises to call back: the one it names (in the future), or the default.
pub fn callback_due(
    now: DateTime<Utc>,
    promised: Option<DateTime<Utc>>,
) -> Result<DateTime<Utc>, &'static str> {
    match promised {
        Some(at) if at <= now => Err("callback_due: in the future"),
        Some(at) => Ok(at),
        None => Ok(now + Duration::minutes(DEFAULT_CALLBACK_MINUTES)),
    }
}

/// What the lateness rules read of an order.
#[derive(Debug, Clone, Default)]
pub struct Open<'a> {
    pub status: &'a str,
    pub created_at: DateTime<Utc>,
    pub needs_callback: bool,
    pub callback_due: Option<DateTime<Utc>>,
    pub appointment_end: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub follow_up_due: Option<DateTime<Utc>>,
    pub followed_up: bool,
}

/// Why the order is late at `now`, in the supervisor's words; empty when it is not.
pub fn reasons(o: &Open<'_>, now: DateTime<Utc>) -> Vec<&'static str> {
    let waiting = matches!(o.status, "awaiting_dispatch" | "reopened");
    let mut out = Vec::new();
    if o.needs_callback && o.callback_due.is_some_and(|d| d <= now) {
        out.push("callback_overdue");
    }
    if o.started_at.is_none()
        && matches!(
            o.status,
            "awaiting_dispatch" | "reopened" | "dispatched" | "accepted"
        )
        && o.appointment_end.is_some_and(|e| e <= now)
    {
        out.push("appointment_missed");
    }
    if waiting && now - o.created_at >= Duration::hours(NO_TECHNICIAN_HOURS) {
        out.push("no_technician");
    }
    if o.status == "completed" && !o.followed_up && o.follow_up_due.is_some_and(|d| d <= now) {
        out.push("follow_up_overdue");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn a_call_back_promise_always_has_a_time() {
        let now = at("2026-12-02T02:00:00Z");
        assert_eq!(callback_due(now, None), Ok(at("2026-12-02T03:00:00Z")));
        assert_eq!(
            callback_due(now, Some(at("2026-12-02T06:00:00Z"))),
            Ok(at("2026-12-02T06:00:00Z"))
        );
        assert!(
            callback_due(now, Some(now)).is_err(),
            "a promise is for later"
        );
    }

    #[test]
    fn a_call_back_past_its_time_is_late() {
        let now = at("2026-12-02T02:00:00Z");
        let mut o = Open {
            status: "awaiting_dispatch",
            created_at: now - Duration::hours(1),
            needs_callback: true,
            callback_due: Some(now + Duration::minutes(30)),
            ..Open::default()
        };
        assert!(reasons(&o, now).is_empty());
        o.callback_due = Some(now - Duration::minutes(1));
        assert_eq!(reasons(&o, now), vec!["callback_overdue"]);
        o.needs_callback = false;
        assert!(reasons(&o, now).is_empty(), "called back: nothing owed");
    }

    #[test]
    fn a_missed_follow_up_a_missed_window_and_a_day_without_a_technician_are_late() {
        let now = at("2026-12-09T02:00:00Z");
        let done = Open {
            status: "completed",
            created_at: now - Duration::days(9),
            follow_up_due: Some(now - Duration::hours(1)),
            ..Open::default()
        };
        assert_eq!(reasons(&done, now), vec!["follow_up_overdue"]);
        let visited = Open {
            followed_up: true,
            ..done.clone()
        };
        assert!(reasons(&visited, now).is_empty());
        let waiting = Open {
            status: "dispatched",
            created_at: now - Duration::hours(3),
            appointment_end: Some(now - Duration::minutes(5)),
            ..Open::default()
        };
        assert_eq!(reasons(&waiting, now), vec!["appointment_missed"]);
        let nobody = Open {
            status: "awaiting_dispatch",
            created_at: now - Duration::hours(25),
            ..Open::default()
        };
        assert_eq!(reasons(&nobody, now), vec!["no_technician"]);
    }
}
