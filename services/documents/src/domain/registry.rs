//! What a valid estate, unit and resident is.

use chrono::NaiveDate;
use desk_platform::mask::normalise_phone;

/// A field that does not pass; the message names the field, never its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct Invalid {
    pub field: &'static str,
    pub reason: &'static str,
}

pub fn invalid(field: &'static str, reason: &'static str) -> Invalid {
    Invalid { field, reason }
}

/// Unit statuses.
pub const UNIT_STATUSES: [&str; 4] = ["vacant", "occupied", "rented", "decorating"];
/// How a resident relates to a unit.
pub const RELATIONS: [&str; 3] = ["owner", "household", "tenant"];
/// Departments an estate may have.
pub const DEPARTMENTS: [&str; 6] = [
    "engineering",
    "security",
    "cleaning",
    "greening",
    "customer_service",
    "finance",
];

fn text(field: &'static str, raw: &str, max: usize) -> Result<String, Invalid> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    if v.chars().count() > max {
        return Err(invalid(field, "is too long"));
    }
    if v.chars().any(char::is_control) {
        return Err(invalid(field, "must not hold control characters"));
    }
    Ok(v.to_string())
}

/// An estate code: 2 to 10 capital letters or digits, e.g. `SUN`.
pub fn estate_code(raw: &str) -> Result<String, Invalid> {
    let v = raw.trim().to_uppercase();
    if !(2..=10).contains(&v.len())
        || !v
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Err(invalid("code", "must be 2 to 10 letters or digits"));
    }
    Ok(v)
}

pub fn name(field: &'static str, raw: &str) -> Result<String, Invalid> {
    text(field, raw, 60)
}

/// Opening hours `HH:MM-HH:MM`, the end after the start.
pub fn business_hours(raw: &str) -> Result<String, Invalid> {
    let bad = || {
        invalid(
            "business_hours",
            "must read HH:MM-HH:MM, the end after the start",
        )
    };
    let (a, b) = raw.trim().split_once('-').ok_or_else(bad)?;
    let parse = |s: &str| chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
    let (start, end) = (parse(a)?, parse(b)?);
    if end <= start {
        return Err(bad());
    }
    Ok(format!("{}-{}", start.format("%H:%M"), end.format("%H:%M")))
}

pub fn departments(raw: &[String]) -> Result<Vec<String>, Invalid> {
    let mut out: Vec<String> = Vec::new();
    for d in raw {
        let d = d.trim();
        if !DEPARTMENTS.contains(&d) {
            return Err(invalid("departments", "holds an unknown department"));
        }
        if !out.iter().any(|x| x == d) {
            out.push(d.to_string());
        }
    }
    Ok(out)
}

/// A unit label as the desk types it: building-entrance-room, e.g. `3-2-1101`; letters and
/// digits in each part, 1 to 4 parts.
pub fn unit_label(raw: &str) -> Result<String, Invalid> {
    // As a Chinese desk may type it: `3栋2单元1101室` is `3-2-1101`.
    let chinese = raw.chars().any(|c| !c.is_ascii() || c == '#');
    let v = chinese
        .then(|| super::search::label_of(raw))
        .flatten()
        .unwrap_or_else(|| raw.trim().to_uppercase());
    let parts: Vec<&str> = v.split('-').collect();
    let ok = (1..=4).contains(&parts.len())
        && v.len() <= 24
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !ok {
        return Err(invalid("label", "must read like 3-2-1101"));
    }
    Ok(v)
}

/// An area in square metres with at most two decimals (`89.5`, `120.35`) → hundredths.
pub fn area_centi(raw: &str) -> Result<i64, Invalid> {
    let bad = || {
        invalid(
            "area_m2",
            "must be a positive number of square metres with at most two decimals",
        )
    };
    let v = raw.trim();
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    if whole.is_empty()
        || whole.len() > 6
        || frac.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let centi = whole * 100 + frac;
    if centi <= 0 {
        return Err(bad());
    }
    Ok(centi)
}

pub fn unit_status(raw: &str) -> Result<String, Invalid> {
    let v = raw.trim();
    UNIT_STATUSES
        .contains(&v)
        .then(|| v.to_string())
        .ok_or_else(|| invalid("status", "must be vacant, occupied, rented or decorating"))
}

pub fn relation(raw: &str) -> Result<String, Invalid> {
    let v = raw.trim();
    RELATIONS
        .contains(&v)
        .then(|| v.to_string())
        .ok_or_else(|| invalid("relation", "must be owner, household or tenant"))
}

/// An estate's time zone: an IANA name the time-zone database knows (`Asia/Shanghai`,
/// `Asia/Urumqi`, `Asia/Hong_Kong`).
pub fn time_zone(raw: &str) -> Result<String, Invalid> {
    raw.trim()
        .parse::<desk_platform::local::Zone>()
        .map(|z| z.name().to_string())
        .map_err(|_| invalid("time_zone", "must be a time zone such as Asia/Shanghai"))
}

pub fn phone(field: &'static str, raw: &str) -> Result<String, Invalid> {
    normalise_phone(raw).map_err(|e| invalid(field, e.reason()))
}

/// A PRC resident ID (18 characters, with its check digit), or another document's number
/// (passport, Hong Kong/Macau/Taiwan permit): 5 to 20 letters and digits.
pub fn id_number(raw: &str) -> Result<String, Invalid> {
    let v: String = raw
        .trim()
        .to_uppercase()
        .chars()
        .filter(|c| *c != ' ')
        .collect();
    if v.len() == 18 && v[..17].chars().all(|c| c.is_ascii_digit()) {
        return if prc_check_digit(&v[..17]) == v.chars().last() {
            Ok(v)
        } else {
            Err(invalid(
                "id_number",
                "does not pass the resident ID check digit",
            ))
        };
    }
    if (5..=20).contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Ok(v);
    }
    Err(invalid(
        "id_number",
        "must be a resident ID or a document number of 5 to 20 letters and digits",
    ))
}

fn prc_check_digit(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CODES: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    CODES.get((sum % 11) as usize).copied()
}

/// A tenant lives on a lease: both dates, the end not before the start. Owners and household
/// members may carry none.
pub fn lease(
    relation: &str,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Result<(), Invalid> {
    match (relation, start, end) {
        ("tenant", None, _) | ("tenant", _, None) => {
            Err(invalid("lease", "a tenant needs lease_start and lease_end"))
        }
        (_, Some(s), Some(e)) if e < s => Err(invalid("lease", "lease_end is before lease_start")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_labels_and_areas() {
        assert_eq!(unit_label(" 3-2-1101 "), Ok("3-2-1101".into()));
        assert_eq!(unit_label("a-1-101"), Ok("A-1-101".into()));
        assert!(unit_label("3--1101").is_err());
        assert!(unit_label("3 2 1101").is_err());
        assert_eq!(unit_label("3栋2单元1101室"), Ok("3-2-1101".into()));
        assert_eq!(unit_label("3号楼1101"), Ok("3-1101".into()));
        assert!(unit_label("3栋").is_err());
        assert_eq!(area_centi("89.5"), Ok(8950));
        assert_eq!(area_centi("120.35"), Ok(12035));
        assert_eq!(area_centi("100"), Ok(10000));
        assert!(area_centi("0").is_err());
        assert!(area_centi("1.234").is_err());
        assert!(area_centi("-5").is_err());
        assert!(area_centi("abc").is_err());
    }

    #[test]
    fn id_numbers_pass_their_check_digit() {
        // A well-formed sample number (check digit computed, not a real person's).
        assert_eq!(
            id_number("11010519491231002X"),
            Ok("11010519491231002X".into())
        );
        assert_eq!(
            id_number("11010519491231002x"),
            Ok("11010519491231002X".into())
        );
        assert_eq!(
            id_number("110105194912310021").map_err(|e| e.field),
            Err("id_number")
        );
        assert_eq!(id_number("E12345678"), Ok("E12345678".into()), "a passport");
        assert!(id_number("12").is_err());
    }

    #[test]
    fn tenants_need_a_lease_in_order() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert!(lease("tenant", None, None).is_err());
        assert!(lease("tenant", d("2026-01-01"), d("2025-12-31")).is_err());
        assert!(lease("tenant", d("2026-01-01"), d("2026-12-31")).is_ok());
        assert!(lease("owner", None, None).is_ok());
    }

    #[test]
    fn an_estate_keeps_a_real_time_zone() {
        assert_eq!(time_zone(" Asia/Shanghai "), Ok("Asia/Shanghai".into()));
        assert_eq!(time_zone("Asia/Urumqi"), Ok("Asia/Urumqi".into()));
        assert_eq!(time_zone("Beijing").map_err(|e| e.field), Err("time_zone"));
        assert_eq!(time_zone("+08:00").map_err(|e| e.field), Err("time_zone"));
    }

    #[test]
    fn hours_codes_and_departments() {
        assert_eq!(business_hours("8:00-18:30"), Ok("08:00-18:30".into()));
        assert!(business_hours("18:00-08:00").is_err());
        assert_eq!(estate_code("sun"), Ok("SUN".into()));
        assert!(estate_code("S").is_err());
        assert_eq!(
            departments(&["security".into(), "security".into(), "cleaning".into()]),
            Ok(vec!["security".to_string(), "cleaning".to_string()])
        );
        assert!(departments(&["plumbing".into()]).is_err());
    }
}
