//! Importing a whole estate from CSV: every line checked, every error reported with its line
//! number, and nothing imported unless every line is good.
//!
//! Columns (a header line first, in any order; the optional ones may be left out):
//! `building, unit, floor, area_m2, status` for the unit, then optionally
//! `resident_name, relation, phone, phone_alt, id_number, move_in_date, lease_start, lease_end`.
//! A unit with several residents takes one line per resident, the unit's columns repeated.

use super::registry::{self, Invalid};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// One thing wrong with one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// 1-based, the header being line 1.
    pub line: usize,
    pub field: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitLine {
    pub building: String,
    pub label: String,
    pub floor: i32,
    pub area_centi: i64,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentLine {
    pub unit_label: String,
    pub name: String,
    pub relation: String,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub id_number: Option<String>,
    pub move_in_date: Option<NaiveDate>,
    pub lease_start: Option<NaiveDate>,
    pub lease_end: Option<NaiveDate>,
}

/// What a good file adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub buildings: Vec<String>,
    pub units: Vec<UnitLine>,
    pub residents: Vec<ResidentLine>,
}

pub const MAX_LINES: usize = 100_000;
const REQUIRED: [&str; 5] = ["building", "unit", "floor", "area_m2", "status"];
const KNOWN: [&str; 13] = [
    "building",
    "unit",
    "floor",
    "area_m2",
    "status",
    "resident_name",
    "relation",
    "phone",
    "phone_alt",
    "id_number",
    "move_in_date",
    "lease_start",
    "lease_end",
];

fn err(line: usize, field: &str, reason: &str) -> LineError {
    LineError {
        line,
        field: field.to_string(),
        reason: reason.to_string(),
    }
}

fn from_invalid(line: usize, e: Invalid) -> LineError {
    err(line, e.field, e.reason)
}

fn date(line: usize, field: &str, raw: &str) -> Result<Option<NaiveDate>, LineError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| err(line, field, "must be a date YYYY-MM-DD"))
}

/// Read and check the whole file. `Err` holds every error found (up to 200), so the office can
/// fix them all in one go.
pub fn plan(csv_text: &str) -> Result<Plan, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(csv_text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').to_lowercase())
            .collect(),
        Err(_) => {
            return Err(vec![err(
                1,
                "header",
                "the file has no readable header line",
            )]);
        }
    };
    let mut errors = Vec::new();
    for h in &headers {
        if !KNOWN.contains(&h.as_str()) {
            errors.push(err(1, h, "is not a known column"));
        }
    }
    for r in REQUIRED {
        if !headers.iter().any(|h| h == r) {
            errors.push(err(1, r, "column is missing"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut plan = Plan::default();
    let mut units: HashMap<String, (usize, UnitLine)> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        if line > MAX_LINES + 1 {
            errors.push(err(line, "file", "has more than 100000 lines; split it"));
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                errors.push(err(
                    line,
                    "line",
                    "cannot be read (wrong number of columns or bad quoting)",
                ));
                continue;
            }
        };
        let fields = Fields {
            headers: &headers,
            record: &record,
        };
        match check_line(line, &fields) {
            Ok((unit, resident)) => {
                match units.get(&unit.label) {
                    Some((first, existing)) if *existing != unit => errors.push(err(
                        line,
                        "unit",
                        &format!(
                            "repeats unit {} with other details than line {first}",
                            unit.label
                        ),
                    )),
                    Some(_) => {}
                    None => {
                        if !plan.buildings.contains(&unit.building) {
                            plan.buildings.push(unit.building.clone());
                        }
                        units.insert(unit.label.clone(), (line, unit.clone()));
                        plan.units.push(unit);
                    }
                }
                if let Some(r) = resident {
                    plan.residents.push(r);
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
        if errors.len() >= 200 {
            break;
        }
    }
    if plan.units.is_empty() && errors.is_empty() {
        errors.push(err(2, "file", "has no units"));
    }
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

type Line = (UnitLine, Option<ResidentLine>);

/// One record, read by column name.
struct Fields<'a> {
    headers: &'a [String],
    record: &'a csv::StringRecord,
}

impl<'a> Fields<'a> {
    fn get(&self, name: &str) -> &'a str {
        self.headers
            .iter()
            .position(|h| h == name)
            .and_then(|c| self.record.get(c))
            .unwrap_or("")
    }
}

fn check_line(line: usize, fields: &Fields<'_>) -> Result<Line, Vec<LineError>> {
    let get = |name: &str| fields.get(name);
    let mut errors = Vec::new();
    let mut take =
        |r: Result<String, Invalid>| r.map_err(|e| errors.push(from_invalid(line, e))).ok();
    let building = take(registry::name("building", get("building")));
    let label = take(registry::unit_label(get("unit")));
    let status = take(registry::unit_status(get("status")));
    let area = registry::area_centi(get("area_m2"))
        .map_err(|e| errors.push(from_invalid(line, e)))
        .ok();
    let floor = get("floor")
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|f| (-10..=200).contains(f))
        .or_else(|| {
            errors.push(err(line, "floor", "must be a whole number from -10 to 200"));
            None
        });
    let name = get("resident_name").trim();
    let resident = if name.is_empty() {
        None
    } else {
        let mut take =
            |r: Result<String, Invalid>| r.map_err(|e| errors.push(from_invalid(line, e))).ok();
        let rname = take(registry::name("resident_name", name));
        let relation = take(registry::relation(get("relation")));
        let opt = |field: &'static str,
                   raw: &str,
                   f: fn(&'static str, &str) -> Result<String, Invalid>| {
            if raw.trim().is_empty() {
                Ok(None)
            } else {
                f(field, raw).map(Some)
            }
        };
        let phone = opt("phone", get("phone"), registry::phone)
            .map_err(|e| errors.push(from_invalid(line, e)))
            .ok();
        let phone_alt = opt("phone_alt", get("phone_alt"), registry::phone)
            .map_err(|e| errors.push(from_invalid(line, e)))
            .ok();
        let id = if get("id_number").trim().is_empty() {
            Some(None)
        } else {
            registry::id_number(get("id_number"))
                .map(Some)
                .map_err(|e| errors.push(from_invalid(line, e)))
                .ok()
        };
        let mut d = |f: &str| date(line, f, get(f)).map_err(|e| errors.push(e)).ok();
        let (move_in, start, end) = (d("move_in_date"), d("lease_start"), d("lease_end"));
        if let (Some(rel), Some(s), Some(e)) = (&relation, start, end)
            && let Err(e) = registry::lease(rel, s, e)
        {
            errors.push(from_invalid(line, e));
        }
        match (
            rname, relation, phone, phone_alt, id, move_in, start, end, &label,
        ) {
            (
                Some(name),
                Some(relation),
                Some(phone),
                Some(phone_alt),
                Some(id_number),
                Some(move_in_date),
                Some(lease_start),
                Some(lease_end),
                Some(l),
            ) => Some(ResidentLine {
                unit_label: l.clone(),
                name,
                relation,
                phone,
                phone_alt,
                id_number,
                move_in_date,
                lease_start,
                lease_end,
            }),
            _ => None,
        }
    };
    match (building, label, floor, area, status) {
        (Some(building), Some(label), Some(floor), Some(area_centi), Some(status))
            if errors.is_empty() =>
        {
            Ok((
                UnitLine {
                    building,
                    label,
                    floor,
                    area_centi,
                    status,
                },
                resident,
            ))
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "building,unit,floor,area_m2,status,resident_name,relation,phone,lease_start,lease_end\n\
        1栋,1-1-101,1,89.5,occupied,王伟,owner,13800000001,,\n\
        1栋,1-1-101,1,89.5,occupied,王小明,household,,,\n\
        1栋,1-1-102,1,120,rented,李娜,tenant,139 0000 0002,2026-01-01,2026-12-31\n\
        2栋,2-1-101,1,75.25,vacant,,,,,\n";

    #[test]
    fn a_good_file_becomes_a_plan() {
        let p = plan(GOOD).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(p.buildings, vec!["1栋", "2栋"]);
        assert_eq!(p.units.len(), 3);
        assert_eq!(p.residents.len(), 3);
        assert_eq!(p.units[2].area_centi, 7525);
        assert_eq!(p.residents[2].phone.as_deref(), Some("13900000002"));
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let bad = "building,unit,floor,area_m2,status,resident_name,relation,phone,lease_start,lease_end\n\
            1栋,1-1-101,1,89.5,occupied,王伟,owner,13800000001,,\n\
            1栋,1-1-102,one,89.5,occupied,,,,,\n\
            1栋,1-1-101,1,99,occupied,,,,,\n\
            1栋,1-1-103,1,80,rented,赵六,tenant,,,\n\
            1栋,1 1 104,1,80,sold,钱七,friend,12ab,,\n";
        let errors = plan(bad).err().unwrap_or_default();
        let at = |line: usize| {
            errors
                .iter()
                .filter(|e| e.line == line)
                .map(|e| e.field.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(at(2), Vec::<&str>::new());
        assert_eq!(at(3), vec!["floor"]);
        assert_eq!(at(4), vec!["unit"], "same unit, other area");
        assert_eq!(at(5), vec!["lease"]);
        let six = at(6);
        for f in ["label", "status", "relation", "phone"] {
            assert!(six.contains(&f), "{f} in {six:?}");
        }
    }

    #[test]
    fn headers_are_checked_first() {
        let errors = plan("building,unit,floor,colour\n1,1-1,1,red\n")
            .err()
            .unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"colour"));
        assert!(fields.contains(&"area_m2"));
        assert!(fields.contains(&"status"));
        assert!(
            plan("building,unit,floor,area_m2,status\n").is_err(),
            "no units"
        );
    }
}
