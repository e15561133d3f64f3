//! Importing a whole estate from CSV: every line checked, every error reported with its line
//! number, and nothing imported unless every line is good.
//!
//! Columns (a header line first, in any order; the optional ones may be left out):
//! `building, unit, floor, area_m2, status` for the unit, then optionally
//! `resident_name, relation, phone, phone_alt, id_number, move_in_date, lease_start, lease_end`.
//! A unit with several residents takes one line per resident, the unit's columns repeated.
//!
//! The file may be what Chinese office software saves: UTF-8 with or without a byte-order mark,
//! GBK/GB18030, or "Unicode text" (UTF-16 with its mark, tab-separated); headers in Chinese
//! (楼栋, 单元, 房号, 楼层, 面积, 状态, 姓名, 关系/身份, 电话, 身份证号 …), the unit given whole
//! (`3-2-1101`, `3栋2单元1101室`) or as 楼栋 + 单元 + 房号; statuses and relations in Chinese
//! (空置, 已入住, 出租, 装修中; 业主, 家庭成员/住户, 租户); dates as 2026-01-01, 2026/1/1 or
//! 2026年1月1日. A line that cannot be read in the file's encoding is reported by its number.

use super::registry::{self, Invalid};
use super::search::{self, Query, UnitQuery};
use chrono::NaiveDate;
use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
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
const REQUIRED: [&str; 4] = ["building", "floor", "area_m2", "status"];
const KNOWN: [&str; 15] = [
    "building",
    "unit",
    "entrance",
    "room",
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
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(v, f).ok())
        .map(Some)
        .ok_or_else(|| err(line, field, "must be a date YYYY-MM-DD"))
}

/// The column a header names: the English name, or a Chinese one a spreadsheet carries
/// (`楼栋`, `面积（㎡）`, `手机号码` …). `Some("")` for a column read past (序号, 备注).
fn column(header: &str) -> Option<&'static str> {
    let h: String = header
        .trim_start_matches('\u{feff}')
        .split(['(', '（', '['])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '㎡' | ':' | '：'))
        .collect::<String>()
        .to_lowercase();
    if let Some(k) = KNOWN.iter().find(|k| **k == h) {
        return Some(k);
    }
    Some(match h.as_str() {
        "楼栋" | "楼栋号" | "楼栋名称" | "楼号" | "楼宇" | "栋" | "栋号" | "幢" | "幢号"
        | "楼座" => "building",
        "房屋" | "房屋编号" | "房屋编码" | "房产编号" | "房间编号" | "单元编号" => {
            "unit"
        }
        "单元" | "单元号" => "entrance",
        "房号" | "房间号" | "室号" | "门牌号" | "房间" => "room",
        "楼层" | "层" | "所在楼层" => "floor",
        "面积" | "建筑面积" | "房屋面积" | "面积m2" | "建筑面积m2" | "面积平方米" => {
            "area_m2"
        }
        "状态" | "房屋状态" | "入住状态" => "status",
        "姓名" | "住户姓名" | "业主姓名" | "客户姓名" | "住户" | "名字" => {
            "resident_name"
        }
        "关系" | "身份" | "住户身份" | "住户类型" | "与业主关系" | "类型" => {
            "relation"
        }
        "电话" | "手机" | "手机号" | "手机号码" | "联系电话" | "电话号码" => {
            "phone"
        }
        "备用电话" | "其他电话" | "固定电话" | "座机" | "电话2" => "phone_alt",
        "身份证号" | "身份证" | "身份证号码" | "证件号" | "证件号码" => {
            "id_number"
        }
        "入住日期" | "入住时间" => "move_in_date",
        "租期开始" | "起租日期" | "租赁开始" | "租赁开始日期" | "租期起" => {
            "lease_start"
        }
        "租期结束" | "到期日期" | "租赁结束" | "租赁到期日" | "租期止" => {
            "lease_end"
        }
        "序号" | "备注" => "",
        _ => return None,
    })
}

/// A unit status as the registry writes it, from its English or Chinese word.
fn status_word(raw: &str) -> String {
    let v = raw.trim();
    match v {
        "空置" | "空房" | "未入住" | "未售" | "待售" | "闲置" => "vacant",
        "已入住" | "入住" | "自住" | "在住" | "已住" => "occupied",
        "出租" | "已出租" | "租住" | "出租中" => "rented",
        "装修中" | "装修" | "在装修" | "装修期" => "decorating",
        _ => return v.to_lowercase(),
    }
    .to_string()
}

/// How a resident relates to the unit, from its English or Chinese word.
fn relation_word(raw: &str) -> String {
    let v = raw.trim();
    match v {
        "业主" | "产权人" | "房主" | "户主" => "owner",
        "家庭成员" | "住户" | "家属" | "同住人" | "成员" | "亲属" => "household",
        "租户" | "租客" | "承租人" | "租住人" => "tenant",
        _ => return v.to_lowercase(),
    }
    .to_string()
}

/// A number with its unit written after it (`89.5㎡`, `11层`) → the number.
fn without_suffix<'a>(raw: &'a str, suffixes: &[&str]) -> &'a str {
    let v = raw.trim();
    suffixes
        .iter()
        .find_map(|s| v.strip_suffix(s))
        .map(str::trim)
        .unwrap_or(v)
}

/// The unit's label from its columns: the `unit` whole (`3-2-1101`, or `3栋2单元1101室`), or
/// put together from 楼栋, 单元 and 房号.
fn unit_label<'a>(get: &dyn Fn(&str) -> &'a str) -> Result<String, Invalid> {
    let whole = get("unit").trim();
    if !whole.is_empty() {
        if let Ok(label) = registry::unit_label(whole) {
            return Ok(label);
        }
        if let Some(Query::Unit(UnitQuery::Parts(p))) = search::parse(whole)
            && p.building.is_some()
            && p.room.is_some()
        {
            return registry::unit_label(&UnitQuery::Parts(p).label());
        }
        return registry::unit_label(whole);
    }
    let room = get("room").trim();
    if room.is_empty() {
        return Err(registry::invalid(
            "unit",
            "give the unit, or the room (房号)",
        ));
    }
    if room.contains('-') {
        return registry::unit_label(room);
    }
    let part = |raw: &str, marks: &[&str], field: &'static str| -> Result<String, Invalid> {
        let v = without_suffix(raw, marks);
        if v.is_empty() || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(registry::invalid(
                field,
                "does not give a number for the unit's label",
            ));
        }
        Ok(v.to_string())
    };
    let building = part(
        get("building"),
        &["号楼", "栋", "幢", "座", "楼", "#"],
        "building",
    )?;
    let room = part(room, &["室", "号", "房"], "room")?;
    let entrance = get("entrance").trim();
    let label = if entrance.is_empty() {
        format!("{building}-{room}")
    } else {
        format!(
            "{building}-{}-{room}",
            part(entrance, &["单元", "门"], "entrance")?
        )
    };
    registry::unit_label(&label)
}

/// The text of a file as a spreadsheet program saved it, and the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Read a file's bytes: by its byte-order mark (UTF-8, UTF-16LE/BE), else by the charset the
/// upload names, else UTF-16 when half its bytes are zero, else UTF-8 or GBK/GB18030,
/// whichever reads more of its lines. What cannot be read becomes U+FFFD, which [`plan`]
/// reports by line.
pub fn decode(bytes: &[u8], charset: Option<&str>) -> Decoded {
    let named = charset.and_then(|c| Encoding::for_label(c.trim().as_bytes()));
    let (encoding, body) = if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        (enc, &bytes[bom..])
    } else if let Some(enc) = named {
        (enc, bytes)
    } else {
        (sniff(bytes), bytes)
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
    }
}

fn sniff(bytes: &[u8]) -> &'static Encoding {
    let zeros = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let half = bytes.len() / 2;
    if half >= 2 && zeros(1) * 3 >= half * 2 {
        return UTF_16LE;
    }
    if half >= 2 && zeros(0) * 3 >= half * 2 {
        return UTF_16BE;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let (mut utf8, mut gb) = (0, 0);
    for line in bytes.split(|b| *b == b'\n').filter(|l| !l.is_ascii()) {
        utf8 += usize::from(std::str::from_utf8(line).is_ok());
        gb += usize::from(
            GB18030
                .decode_without_bom_handling_and_without_replacement(line)
                .is_some(),
        );
    }
    if utf8 >= gb { UTF_8 } else { GB18030 }
}

/// Read and check the whole file. `Err` holds every error found (up to 200), so the office can
/// fix them all in one go.
pub fn plan(csv_text: &str) -> Result<Plan, Vec<LineError>> {
    let csv_text = csv_text.trim_start_matches('\u{feff}');
    // Lines the file's encoding could not read, or holding what the database cannot store.
    let mut unreadable = std::collections::HashSet::new();
    let mut errors = Vec::new();
    for (i, l) in csv_text.lines().enumerate() {
        if l.contains('\u{fffd}') {
            unreadable.insert(i + 1);
            errors.push(err(
                i + 1,
                "line",
                "cannot be read: save the file as CSV in UTF-8 or GBK, or as Unicode text",
            ));
        } else if l.contains('\0') {
            unreadable.insert(i + 1);
            errors.push(err(i + 1, "line", "holds a NUL character"));
        }
        if errors.len() >= 200 {
            return Err(errors);
        }
    }
    let first = csv_text.lines().next().unwrap_or("");
    let delimiter = if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .delimiter(delimiter)
        .from_reader(csv_text.as_bytes());
    let raw_headers: Vec<String> = match reader.headers() {
        Ok(h) if !unreadable.contains(&1) => h.iter().map(str::to_string).collect(),
        _ => {
            errors.retain(|e| e.line != 1);
            errors.insert(0, err(1, "header", "the file has no readable header line"));
            return Err(errors);
        }
    };
    let mut headers: Vec<String> = Vec::new();
    for h in &raw_headers {
        match column(h) {
            Some("") => headers.push(String::new()),
            Some(c) if headers.iter().any(|x| x == c) => {
                errors.push(err(1, h, "names a column given twice"));
                headers.push(String::new());
            }
            Some(c) => headers.push(c.to_string()),
            None => {
                errors.push(err(1, h, "is not a known column"));
                headers.push(String::new());
            }
        }
    }
    for r in REQUIRED {
        if !headers.iter().any(|h| h == r) {
            errors.push(err(1, r, "column is missing"));
        }
    }
    if !headers.iter().any(|h| h == "unit" || h == "room") {
        errors.push(err(
            1,
            "unit",
            "column is missing (or 房号 with 楼栋 and 单元)",
        ));
    }
    if errors.iter().any(|e| e.line == 1) {
        return Err(errors);
    }
    let mut plan = Plan::default();
    let mut units: HashMap<String, (usize, UnitLine)> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(i + 2, |p| p.line() as usize);
        if unreadable.contains(&line) {
            continue;
        }
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
    let label = take(unit_label(&get));
    let status = take(registry::unit_status(&status_word(get("status"))));
    let area = registry::area_centi(without_suffix(
        get("area_m2"),
        &["㎡", "m²", "m2", "平方米", "平米"],
    ))
    .map_err(|e| errors.push(from_invalid(line, e)))
    .ok();
    let floor = without_suffix(get("floor"), &["层", "楼", "F", "f"])
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
        let relation = take(registry::relation(&relation_word(get("relation"))));
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

    const CHINESE: &str = "序号,楼栋,单元,房号,楼层,面积（㎡）,状态,姓名,身份,手机号码,身份证号,入住日期,租期开始,租期结束,备注\n\
        1,3栋,2单元,1101室,11层,89.50㎡,已入住,王伟,业主,138 0000 0001,11010519491231002X,2020/5/1,,,\n\
        2,3栋,2单元,1101室,11层,89.50㎡,已入住,王小明,家庭成员,,,,,,\n\
        3,3栋,2单元,1102室,11,120,出租,李娜,租户,139-0000-0002,,,2026年1月1日,2026年12月31日,\n\
        4,3栋,1单元,0601,6,75.25,空置,,,,,,,,\n\
        5,5号楼,,101,1,60,装修中,赵六,住户,,,,,,\n";

    fn chinese_plan(p: &Plan) {
        let labels: Vec<&str> = p.units.iter().map(|u| u.label.as_str()).collect();
        assert_eq!(labels, vec!["3-2-1101", "3-2-1102", "3-1-0601", "5-101"]);
        let statuses: Vec<&str> = p.units.iter().map(|u| u.status.as_str()).collect();
        assert_eq!(statuses, vec!["occupied", "rented", "vacant", "decorating"]);
        assert_eq!(p.units[0].floor, 11);
        assert_eq!(p.units[0].area_centi, 8950);
        let relations: Vec<&str> = p.residents.iter().map(|r| r.relation.as_str()).collect();
        assert_eq!(relations, vec!["owner", "household", "tenant", "household"]);
        assert_eq!(p.residents[0].phone.as_deref(), Some("13800000001"));
        assert_eq!(
            p.residents[2].lease_end,
            NaiveDate::from_ymd_opt(2026, 12, 31)
        );
        assert_eq!(
            p.residents[0].move_in_date,
            NaiveDate::from_ymd_opt(2020, 5, 1)
        );
        assert_eq!(p.buildings, vec!["3栋", "5号楼"]);
    }

    #[test]
    fn chinese_headers_words_and_units_in_parts_are_read() {
        chinese_plan(&plan(CHINESE).unwrap_or_else(|e| panic!("{e:?}")));
    }

    #[test]
    fn a_unit_written_in_chinese_reads_as_its_label() {
        let p = plan("楼栋,房屋编号,楼层,面积,状态\n3栋,3栋2单元1101室,11,89.5,已入住\n3栋,3-2-1102,11,89.5,空置\n")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(p.units[0].label, "3-2-1101");
        assert_eq!(p.units[1].label, "3-2-1102");
    }

    #[test]
    fn a_gbk_file_reads_as_the_same_plan() {
        let (bytes, _, bad) = GB18030.encode(CHINESE);
        assert!(!bad);
        assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, "gb18030");
        chinese_plan(&plan(&d.text).unwrap_or_else(|e| panic!("{e:?}")));
        let named = decode(&bytes, Some("GBK"));
        chinese_plan(&plan(&named.text).unwrap_or_else(|e| panic!("{e:?}")));
    }

    #[test]
    fn utf8_with_or_without_its_mark_reads_the_same() {
        let with_bom = [b"\xef\xbb\xbf".as_slice(), CHINESE.as_bytes()].concat();
        for bytes in [with_bom.as_slice(), CHINESE.as_bytes()] {
            let d = decode(bytes, None);
            assert_eq!(d.encoding, "UTF-8");
            chinese_plan(&plan(&d.text).unwrap_or_else(|e| panic!("{e:?}")));
        }
    }

    #[test]
    fn excel_unicode_text_reads_as_the_same_plan() {
        // UTF-16LE with its mark, tab-separated, CRLF: what Excel saves as "Unicode text".
        let tsv = CHINESE.replace(',', "\t").replace('\n', "\r\n");
        let mut bytes = vec![0xff, 0xfe];
        for u in tsv.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, "UTF-16LE");
        chinese_plan(&plan(&d.text).unwrap_or_else(|e| panic!("{e:?}")));
        // Without its mark, it is still told by its zero bytes.
        let d = decode(&bytes[2..], None);
        assert_eq!(d.encoding, "UTF-16LE");
        chinese_plan(&plan(&d.text).unwrap_or_else(|e| panic!("{e:?}")));
    }

    #[test]
    fn a_line_that_cannot_be_read_is_reported_and_nothing_planned() {
        let (gbk, _, _) = GB18030.encode(CHINESE);
        let mut bytes = gbk.into_owned();
        // Break the third line (the second unit line): a lead byte with no trail byte.
        let third = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i)
            .nth(1)
            .unwrap_or(0);
        bytes.insert(third + 1, 0x81);
        bytes.insert(third + 2, b'\'');
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, "gb18030");
        let errors = plan(&d.text).err().unwrap_or_default();
        assert_eq!(
            errors
                .iter()
                .map(|e| (e.line, e.field.as_str()))
                .collect::<Vec<_>>(),
            vec![(3, "line")]
        );
        let errors = plan("building,unit,floor,area_m2,status\n1栋,1-1-101,1,80,vacant\n1栋,1-1-1\u{0}2,1,80,vacant\n")
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].line, errors[0].reason.as_str()),
            (3, "holds a NUL character")
        );
    }

    #[test]
    fn a_column_named_twice_or_a_unit_without_its_room_is_refused() {
        let errors = plan("building,楼栋,unit,floor,area_m2,status\n")
            .err()
            .unwrap_or_default();
        assert_eq!(errors[0].field, "楼栋");
        let errors = plan("楼栋,楼层,面积,状态\n3栋,1,80,空置\n")
            .err()
            .unwrap_or_default();
        assert_eq!(errors[0].field, "unit");
        let errors =
            plan("楼栋,单元,房号,楼层,面积,状态,姓名,关系\n阳光一期,2,1101,11,80,卖掉,张三,朋友\n")
                .err()
                .unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["building", "status", "relation"]);
    }
}
