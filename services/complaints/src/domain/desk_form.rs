//! What the desk writes down of a complaint (投诉内容登记: 事情发生的地点、时间、经过、内容及
//!要求). The desk's form sends the four parts apart (`IntakeLogged.complaint`), and the
//! consumer takes them as they are. An entry without them (logged before the form sent them,
//! or recategorised into a complaint later) is read here from the ledger's text, one line each
//! under a fixed heading (`地点：`, `时间：`, `经过：`, `诉求：`). A request written freely is
//! kept whole as the description.

use chrono::{DateTime, NaiveDateTime, Utc};
use desk_platform::local::Zone;

/// The four parts of a complaint as the desk took them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskComplaint {
    pub location: Option<String>,
    pub occurred_at: Option<DateTime<Utc>>,
    /// What happened: the complaint's description.
    pub description: String,
    pub demand: Option<String>,
}

const WHERE: &str = "地点";
const WHEN: &str = "时间";
const WHAT: &str = "经过";
const ASKS: &str = "诉求";

/// The heading a line starts with, and the rest (after a full-width or ASCII colon).
fn headed(line: &str) -> Option<(&'static str, &str)> {
    let line = line.trim();
    [WHERE, WHEN, WHAT, ASKS].into_iter().find_map(|h| {
        let rest = line.strip_prefix(h)?.trim_start();
        let rest = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))?;
        Some((h, rest.trim()))
    })
}

/// The estate's wall-clock time as the desk typed it (`2026-12-01 23:10`), as an instant.
fn when(text: &str, zone: Zone) -> Option<DateTime<Utc>> {
    ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text.trim(), f).ok())
        .map(|t| zone.at(t.date(), t.time()))
}

/// The parts of the entry's request text; the whole text as the description when it does not
/// follow the form.
pub fn parse(request: &str, zone: Zone) -> DeskComplaint {
    let mut out = DeskComplaint::default();
    let mut what: Vec<&str> = Vec::new();
    let mut current: Option<&'static str> = None;
    let mut found = false;
    for line in request.lines() {
        match headed(line) {
            Some((h, rest)) => {
                found = true;
                current = Some(h);
                let some = |s: &str| Some(s.to_string()).filter(|v| !v.is_empty());
                match h {
                    WHERE => out.location = some(rest),
                    WHEN => out.occurred_at = when(rest, zone),
                    ASKS => out.demand = some(rest),
                    _ => what.push(rest),
                }
            }
            // A line without a heading continues the part above it.
            None => match current {
                Some(WHAT) => what.push(line.trim()),
                Some(ASKS) => {
                    let extra = line.trim();
                    if !extra.is_empty() {
                        out.demand = Some(match out.demand.take() {
                            Some(d) => format!("{d}\n{extra}"),
                            None => extra.to_string(),
                        });
                    }
                }
                _ => what.push(line.trim()),
            },
        }
    }
    let joined = what.join("\n").trim().to_string();
    out.description = if found && !joined.is_empty() {
        joined
    } else {
        request.trim().to_string()
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_desks_four_parts_are_kept_apart() {
        let c = parse(
            "地点：4栋电梯\n时间：2026-12-01 23:10\n经过：电梯困人二十分钟无人应答\n诉求：赔礼道歉并检修",
            Zone::default(),
        );
        assert_eq!(c.location.as_deref(), Some("4栋电梯"));
        assert_eq!(
            c.occurred_at.map(|t| t.to_rfc3339()),
            Some("2026-12-01T15:10:00+00:00".to_string()),
            "23:10 in Beijing"
        );
        assert_eq!(c.description, "电梯困人二十分钟无人应答");
        assert_eq!(c.demand.as_deref(), Some("赔礼道歉并检修"));
    }

    #[test]
    fn a_request_written_freely_is_kept_whole() {
        let c = parse("保安夜间巡逻不到位,车辆被刮", Zone::default());
        assert_eq!(c.description, "保安夜间巡逻不到位,车辆被刮");
        assert_eq!((c.location, c.occurred_at, c.demand), (None, None, None));
    }

    #[test]
    fn ascii_colons_and_continued_lines_are_read_too() {
        let c = parse(
            "地点: 3号楼大堂\n经过: 保洁未到岗\n地面积水\n诉求:",
            Zone::default(),
        );
        assert_eq!(c.location.as_deref(), Some("3号楼大堂"));
        assert_eq!(c.description, "保洁未到岗\n地面积水");
        assert_eq!(c.demand, None);
    }
}
