//! How a complaint reads to the resident who made it in the portal. No I/O.

use super::flow::Status;

/// Where the complaint stands, in the resident's words: received, in_progress, replied (the
/// answer is there, waiting for the resident's word) or closed.
pub fn stage(status: &str) -> &'static str {
    match Status::parse(status) {
        Some(Status::Received | Status::Reopened) | None => "received",
        Some(Status::Assigned | Status::Resolved) => "in_progress",
        Some(Status::Replied) => "replied",
        Some(Status::Closed) => "closed",
    }
}

/// The resident may say how satisfied they are once the estate has replied.
pub fn can_rate(status: &str) -> bool {
    status == Status::Replied.as_str()
}

/// The details a resident sees of their own complaint: what they told us and the estate's
/// reply; never the internal result, who resolved it, or notes of the follow-up.
pub const VISIBLE_DETAILS: [&str; 5] = [
    "location",
    "demand",
    "occurred_at",
    "reply",
    "reply_channel",
];

/// The visible part of a complaint's details.
pub fn visible_details(details: &serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    if let Some(o) = details.as_object() {
        for k in VISIBLE_DETAILS {
            if let Some(v) = o.get(k) {
                out.insert(k.to_string(), v.clone());
            }
        }
    }
    serde_json::Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_and_rating() {
        assert_eq!(stage("received"), "received");
        assert_eq!(stage("reopened"), "received");
        assert_eq!(stage("assigned"), "in_progress");
        assert_eq!(stage("resolved"), "in_progress");
        assert_eq!(stage("replied"), "replied");
        assert_eq!(stage("closed"), "closed");
        assert!(can_rate("replied"));
        assert!(!can_rate("resolved"));
        assert!(!can_rate("closed"));
    }

    #[test]
    fn internal_details_stay_internal() {
        let d = serde_json::json!({
            "location": "2栋大堂", "reply": "已处理", "result": "internal", "resolved_by": "x",
            "follow_up_note": "n"
        });
        let v = visible_details(&d);
        assert_eq!(v["location"], "2栋大堂");
        assert_eq!(v["reply"], "已处理");
        assert!(v.get("result").is_none());
        assert!(v.get("resolved_by").is_none());
        assert!(v.get("follow_up_note").is_none());
    }
}
