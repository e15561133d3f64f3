//! The one search box: what the desk typed, and the keys residents are found by.
//!
//! A Chinese desk types a unit as the registry writes it (`3-2-1101`) or as people say it:
//! building 栋/幢/座/号楼/楼/#, entrance 单元, room 室/号/房, zone 区, and any mixture with
//! dashes (`3栋2单元1101`, `3幢2-1101`, `3座1101室`, `3号楼2单元1101`); and a phone as it is
//! written: with +86, 0086 or 86 in front, spaces and dashes, a landline with its area code
//! (`0755-8888 1234`). Whichever way it was typed, the box reads the same unit or number.

/// What the desk typed, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A phone number or its last digits.
    Phone(PhoneQuery),
    /// A unit, whole or its beginning.
    Unit(UnitQuery),
    /// Part of a name: `王`, `王伟`, `伟`.
    Name(String),
}

/// A phone as typed, reduced to the digits that every stored form of it ends with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneQuery {
    /// The number without country code or trunk zero (`13812345678`, `75588881234`), or the
    /// last digits typed (`5678`). Stored numbers end with it whatever their prefix.
    pub ends_with: String,
    /// A landline's own number without its area code (`88881234`), which the registry may
    /// hold alone.
    pub local: Option<String>,
}

impl PhoneQuery {
    /// Every key a stored phone may end with.
    pub fn keys(&self) -> Vec<&str> {
        std::iter::once(self.ends_with.as_str())
            .chain(self.local.as_deref())
            .collect()
    }

    /// Few digits, as a room number may be too (`1101`).
    pub fn room_like(&self) -> Option<&str> {
        (self.local.is_none() && self.ends_with.len() <= 6).then_some(self.ends_with.as_str())
    }
}

/// A unit as typed: either the registry's dashed label or its beginning, or the parts a
/// Chinese notation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitQuery {
    /// `3-2-1101`, `3-2`, `A-1`: labels that begin with it.
    Prefix(String),
    /// Parts named by 区/栋/单元/室…; a part not typed matches any.
    Parts(UnitParts),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitParts {
    pub zone: Option<String>,
    pub building: Option<String>,
    pub entrance: Option<String>,
    pub room: Option<String>,
    /// The room was closed by 室/号/房: the whole room number, not its beginning.
    pub room_whole: bool,
}

impl UnitQuery {
    /// The dashed label this query reads as, when it names one unit or one beginning.
    pub fn label(&self) -> String {
        match self {
            UnitQuery::Prefix(p) => p.clone(),
            UnitQuery::Parts(p) => [&p.zone, &p.building, &p.entrance, &p.room]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join("-"),
        }
    }

    /// SQL `LIKE` patterns over unit labels (any one matching is a hit; one or two).
    pub fn like_patterns(&self) -> Vec<String> {
        match self {
            UnitQuery::Prefix(p) => vec![format!("{p}%")],
            UnitQuery::Parts(p) => parts_patterns(p),
        }
    }
}

fn parts_patterns(p: &UnitParts) -> Vec<String> {
    // The label's head: zone and building as typed; without a building, any head.
    let head: Vec<String> = match (&p.zone, &p.building) {
        (Some(z), Some(b)) => vec![format!("{z}-{b}-")],
        (Some(z), None) => vec![format!("{z}-")],
        (None, Some(b)) => vec![format!("{b}-")],
        (None, None) => vec![String::new()],
    };
    let room_end = |r: &str| {
        if p.room_whole {
            r.to_string()
        } else {
            format!("{r}%")
        }
    };
    let mut out = Vec::new();
    for h in head {
        let anchored = !h.is_empty();
        match (&p.entrance, &p.room) {
            (Some(e), Some(r)) => {
                let tail = format!("{e}-{}", room_end(r));
                if anchored {
                    out.push(format!("{h}{tail}"));
                } else {
                    out.push(tail.clone());
                    out.push(format!("%-{tail}"));
                }
            }
            (Some(e), None) => {
                if anchored {
                    out.push(format!("{h}{e}-%"));
                    out.push(format!("{h}{e}"));
                } else {
                    out.push(format!("{e}-%"));
                    out.push(format!("%-{e}-%"));
                }
            }
            (None, Some(r)) => {
                let r = room_end(r);
                if anchored {
                    // With or without an entrance between building and room.
                    out.push(format!("{h}{r}"));
                    out.push(format!("{h}%-{r}"));
                } else {
                    out.push(r.clone());
                    out.push(format!("%-{r}"));
                }
            }
            (None, None) => {
                if anchored {
                    out.push(format!("{h}%"));
                    out.push(h.trim_end_matches('-').to_string());
                }
            }
        }
    }
    out.dedup();
    out
}

/// What a character of a unit notation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Zone,
    Building,
    Entrance,
    Room,
    /// A dash, or the end: the part's kind follows from its place.
    Plain,
}

/// Full-width digits, letters and signs as ASCII, every dash as `-`, capitals.
fn half_width(c: char) -> char {
    let c = match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    let c = match c {
        '—' | '–' | '‐' | '‑' | '−' | '_' => '-',
        _ => c,
    };
    c.to_ascii_uppercase()
}

/// Read the box. `None` when there is nothing to search for.
pub fn parse(raw: &str) -> Option<Query> {
    let typed: String = raw.chars().map(half_width).collect();
    let typed = typed.trim();
    let q: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if q.is_empty() || q.chars().count() > 40 {
        return None;
    }
    if let Some(phone) = phone(typed) {
        return Some(Query::Phone(phone));
    }
    // Letters and digits apart (`3 2 1101`) are the parts of a unit; beside Chinese marks
    // (`3 栋 2 单元`) spaces mean nothing.
    let spaced = typed
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c.is_whitespace() || c == '-');
    let unit_text = if spaced {
        typed.split_whitespace().collect::<Vec<_>>().join("-")
    } else {
        q.clone()
    };
    if let Some(unit) = unit(&unit_text) {
        return Some(Query::Unit(unit));
    }
    Some(Query::Name(q))
}

/// A phone as written: digits with spaces, dashes, brackets and a leading `+`.
fn phone(typed: &str) -> Option<PhoneQuery> {
    if !typed
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
    {
        return None;
    }
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 3 || digits.len() > 20 {
        return None;
    }
    let groups: Vec<&str> = typed
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let separated = groups.len() > 1;
    // Dashed digits are a unit label (`3-2-1101`) unless they can only be a phone: a country
    // code or area code in front, or as many digits as a number has.
    let is_phone = !separated
        || typed.starts_with(['+', '('])
        || digits.starts_with('0')
        || digits.len() >= 10
        || (digits.len() >= 7 && groups.first().is_some_and(|g| g.len() >= 3))
        || (typed.contains(' ') && digits.len() >= 7);
    if !is_phone {
        return None;
    }
    let international = typed.starts_with('+') || digits.starts_with("00");
    let mut national: &str = &digits;
    if let Some(rest) = national.strip_prefix("0086").or_else(|| {
        (typed.starts_with('+') || national.len() >= 12)
            .then(|| national.strip_prefix("86"))
            .flatten()
    }) {
        national = rest;
    } else if international {
        // Another country: match what was typed.
        return Some(PhoneQuery {
            ends_with: national.trim_start_matches('0').to_string(),
            local: None,
        });
    }
    // Landlines: the trunk zero goes (stored numbers may carry +86 instead), and the local
    // number after the area code (010, 02x: two digits after the zero; else three) is a key too.
    let national = national.strip_prefix('0').unwrap_or(national);
    let mobile = national.len() == 11 && national.starts_with('1') && !national.starts_with("10");
    let local = if !mobile && national.len() >= 9 {
        let area = if national.starts_with('1') || national.starts_with('2') {
            2
        } else {
            3
        };
        Some(national[area..].to_string()).filter(|l| (7..=8).contains(&l.len()))
    } else {
        None
    };
    Some(PhoneQuery {
        ends_with: national.to_string(),
        local,
    })
}

/// A unit: the dashed label, or a Chinese notation of its parts.
fn unit(q: &str) -> Option<UnitQuery> {
    let chars: Vec<char> = q.chars().collect();
    let mut runs: Vec<(String, Mark)> = Vec::new();
    let mut run = String::new();
    let mut marked = false;
    let mut i = 0;
    let push = |run: &mut String, mark: Mark, runs: &mut Vec<(String, Mark)>| {
        if !run.is_empty() {
            runs.push((std::mem::take(run), mark));
            true
        } else {
            false
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (mark, width) = match c {
            _ if c.is_ascii_alphanumeric() => {
                run.push(c);
                i += 1;
                continue;
            }
            '-' => (Mark::Plain, 1),
            '区' => (Mark::Zone, 1),
            '栋' | '幢' | '座' | '楼' => (Mark::Building, 1),
            '#' => (Mark::Building, if next == Some('楼') { 2 } else { 1 }),
            '号' if next == Some('楼') => (Mark::Building, 2),
            '单' if next == Some('元') => (Mark::Entrance, 2),
            '门' => (Mark::Entrance, 1),
            '室' | '号' | '房' => (Mark::Room, 1),
            _ => return None,
        };
        if mark != Mark::Plain {
            marked = true;
        }
        // A mark with nothing before it (`3栋-2单元`'s dash) adds nothing; a name-like mark
        // alone (`室`) is not a unit.
        if !push(&mut run, mark, &mut runs) && mark != Mark::Plain {
            return None;
        }
        i += width;
    }
    push(&mut run, Mark::Plain, &mut runs);
    if runs.is_empty()
        || !runs
            .iter()
            .any(|(r, _)| r.chars().any(|c| c.is_ascii_digit()))
    {
        return None;
    }
    if !marked {
        if runs.len() > 4 || q.len() > 24 {
            return None;
        }
        let label = runs
            .iter()
            .map(|(r, _)| r.as_str())
            .collect::<Vec<_>>()
            .join("-");
        // A trailing dash is a beginning (`3-2-`); keep it so `3-2-` does not find `3-20-…`.
        let label = if q.ends_with('-') {
            format!("{label}-")
        } else {
            label
        };
        return Some(UnitQuery::Prefix(label));
    }
    // Marked parts go where they say; plain ones fill the next part after the last one set.
    let mut p = UnitParts::default();
    let mut next_slot = 0usize; // 0 zone/building, 1 building, 2 entrance, 3 room
    let last = runs.len() - 1;
    for (k, (r, mark)) in runs.into_iter().enumerate() {
        let slot = match mark {
            Mark::Zone => 0,
            Mark::Building => 1,
            Mark::Entrance => 2,
            Mark::Room => 3,
            Mark::Plain => {
                let mut s = next_slot.max(1);
                // The last plain part after a building: a room when it reads like one
                // (`3幢1101`), else the entrance being typed (`3幢2`).
                if k == last && s == 2 && r.len() >= 3 {
                    s = 3;
                }
                s
            }
        };
        let place = match slot {
            0 => &mut p.zone,
            1 => &mut p.building,
            2 => &mut p.entrance,
            _ => &mut p.room,
        };
        if place.is_some() || slot < next_slot {
            return None;
        }
        *place = Some(r);
        if slot == 3 {
            p.room_whole = mark == Mark::Room;
        }
        next_slot = slot + 1;
    }
    Some(UnitQuery::Parts(p))
}

/// The registry's label of one unit written in a Chinese notation (`3栋2单元1101室` →
/// `3-2-1101`, `3座1101` → `3-1101`) or dashed; `None` when it does not name one unit (no
/// building or no room).
pub fn label_of(typed: &str) -> Option<String> {
    match parse(typed)? {
        Query::Unit(UnitQuery::Parts(p)) if p.building.is_some() && p.room.is_some() => {
            Some(UnitQuery::Parts(p).label())
        }
        Query::Unit(UnitQuery::Prefix(p)) if !p.ends_with('-') => Some(p),
        Query::Phone(_) if typed.trim().chars().all(|c| c.is_ascii_digit()) => {
            Some(typed.trim().to_string())
        }
        _ => None,
    }
}

/// Every one- and two-character piece of a name: what the name index holds.
pub fn name_grams(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    let mut grams: Vec<String> = Vec::new();
    for n in 1..=2 {
        for w in chars.windows(n) {
            let g: String = w.iter().collect::<String>().to_lowercase();
            if !grams.contains(&g) {
                grams.push(g);
            }
        }
    }
    grams
}

/// The pieces a name query must all match: its two-character pieces, or the one character.
pub fn query_grams(q: &str) -> Vec<String> {
    let chars: Vec<char> = q.chars().collect();
    if chars.len() == 1 {
        return vec![q.to_lowercase()];
    }
    let mut grams: Vec<String> = Vec::new();
    for w in chars.windows(2) {
        let g: String = w.iter().collect::<String>().to_lowercase();
        if !grams.contains(&g) {
            grams.push(g);
        }
    }
    grams
}

/// Digits reversed: the index key that makes "ends with" a prefix search.
pub fn reversed_digits(phone: &str) -> String {
    phone.chars().filter(|c| c.is_ascii_digit()).rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_of(q: &str) -> UnitQuery {
        match parse(q) {
            Some(Query::Unit(u)) => u,
            other => panic!("{q} read as {other:?}"),
        }
    }

    fn phone_of(q: &str) -> PhoneQuery {
        match parse(q) {
            Some(Query::Phone(p)) => p,
            other => panic!("{q} read as {other:?}"),
        }
    }

    /// Whether a label matches any of the query's LIKE patterns (`%` any run, no `_`).
    fn matches(q: &str, label: &str) -> bool {
        fn like(p: &str, s: &str) -> bool {
            match p.split_once('%') {
                None => p == s,
                Some((head, rest)) => {
                    let Some(s) = s.strip_prefix(head) else {
                        return false;
                    };
                    (0..=s.len()).any(|i| s.is_char_boundary(i) && like(rest, &s[i..]))
                }
            }
        }
        unit_of(q).like_patterns().iter().any(|p| like(p, label))
    }

    #[test]
    fn the_box_understands_phones_units_and_names() {
        assert_eq!(parse(" 5678 "), Some(Query::Phone(phone_of("5678"))));
        assert_eq!(phone_of("5678").ends_with, "5678");
        assert_eq!(unit_of("3-2-1101"), UnitQuery::Prefix("3-2-1101".into()));
        assert_eq!(unit_of("a-1"), UnitQuery::Prefix("A-1".into()));
        assert_eq!(parse("王伟"), Some(Query::Name("王伟".into())));
        assert_eq!(unit_of("12"), UnitQuery::Prefix("12".into()));
        assert_eq!(parse("   "), None);
    }

    #[test]
    fn every_chinese_notation_of_a_unit_reads_as_its_label() {
        for q in [
            "3栋2单元1101",
            "3幢2单元1101室",
            "3座2单元1101",
            "3号楼2单元1101",
            "3#楼2单元1101号",
            "3#2单元1101",
            "3楼2单元1101房",
            "3幢2-1101",
            "3栋-2单元-1101室",
            "3-2单元1101",
            "３栋２单元１１０１",
            "3 栋 2 单元 1101",
            "3-2-1101",
            "3—2—1101",
        ] {
            assert_eq!(unit_of(q).label(), "3-2-1101", "{q}");
            assert!(
                unit_of(q).like_patterns().len() <= 2,
                "{q}: the query takes two"
            );
            assert!(matches(q, "3-2-1101"), "{q}");
            assert!(!matches(q, "3-1-1101"), "{q} is not another entrance");
            assert!(!matches(q, "13-2-1101"), "{q} is not another building");
        }
    }

    #[test]
    fn a_notation_without_the_entrance_finds_the_room_in_any_entrance() {
        for q in ["3座1101室", "3栋1101", "3幢1101号"] {
            assert!(matches(q, "3-2-1101"), "{q}");
            assert!(matches(q, "3-1101"), "{q}: a building without entrances");
            assert!(!matches(q, "3-2-1102"), "{q}");
            assert!(!matches(q, "4-2-1101"), "{q}");
        }
        assert!(matches("1101室", "3-2-1101"));
        assert!(matches("1101室", "1101"));
        assert!(!matches("1101室", "3-2-11011"), "室 closes the room number");
        assert!(matches("2单元1101", "3-2-1101"));
        assert!(!matches("2单元1101", "3-1-1101"));
    }

    #[test]
    fn a_beginning_in_chinese_finds_every_unit_under_it() {
        for label in ["3-2-1101", "3-2-0601"] {
            assert!(matches("3栋2单元", label));
            assert!(matches("3栋", label));
            assert!(matches("3幢2", label), "the entrance being typed");
            assert!(matches("3栋2单元11", "3-2-1101"), "the room being typed");
        }
        assert!(!matches("3栋2单元", "3-20-0101"));
        assert!(!matches("3栋", "33-1-0101"));
        assert!(!matches("3栋2单元11", "3-2-0601"));
    }

    #[test]
    fn zones_and_letters_are_parts_too() {
        assert_eq!(unit_of("A区3栋2单元1101").label(), "A-3-2-1101");
        assert!(matches("A区3栋2单元1101", "A-3-2-1101"));
        assert!(matches("b座1101", "B-1101"));
    }

    #[test]
    fn what_is_not_a_unit_stays_a_name() {
        assert_eq!(parse("王栋"), Some(Query::Name("王栋".into())));
        assert_eq!(parse("室"), Some(Query::Name("室".into())));
        assert_eq!(parse("单元"), Some(Query::Name("单元".into())));
        assert!(
            matches!(parse("3栋3栋"), Some(Query::Name(_))),
            "a part twice"
        );
        assert!(
            matches!(parse("1101室3栋"), Some(Query::Name(_))),
            "parts backwards"
        );
    }

    #[test]
    fn a_mobile_reads_the_same_with_any_country_code_spaces_or_dashes() {
        for q in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+86-138-1234-5678",
            "+8613812345678",
            "0086 13812345678",
            "008613812345678",
            "8613812345678",
            "86 138 1234 5678",
            "(+86) 138 1234 5678",
            "１３８ １２３４ ５６７８",
        ] {
            let p = phone_of(q);
            assert_eq!(p.ends_with, "13812345678", "{q}");
            assert_eq!(p.local, None, "{q}");
        }
    }

    #[test]
    fn a_landline_reads_the_same_with_or_without_area_and_country_code() {
        for q in [
            "0755-8888 1234",
            "0755-88881234",
            "0755 8888 1234",
            "(0755)88881234",
            "+86 755 8888 1234",
            "+86-755-88881234",
            "0086 755 88881234",
            "075588881234",
        ] {
            let p = phone_of(q);
            assert_eq!(p.ends_with, "75588881234", "{q}");
            assert_eq!(p.local.as_deref(), Some("88881234"), "{q}");
        }
        let beijing = phone_of("010-6555 1234");
        assert_eq!(beijing.ends_with, "1065551234");
        assert_eq!(beijing.local.as_deref(), Some("65551234"));
        let guangzhou = phone_of("020-8888-0007");
        assert_eq!(guangzhou.local.as_deref(), Some("88880007"));
        assert_eq!(phone_of("8888-1234").ends_with, "88881234");
        assert_eq!(phone_of("8888 1234").local, None);
    }

    #[test]
    fn stored_numbers_end_with_the_key_whatever_their_prefix() {
        for (typed, stored) in [
            ("+86 138 1234 5678", "13812345678"),
            ("13812345678", "+8613812345678"),
            ("0086-138-1234-5678", "008613812345678"),
            ("0755-8888 1234", "075588881234"),
            ("0755-8888 1234", "+8675588881234"),
            ("+86 755 8888 1234", "075588881234"),
            ("0755-8888 1234", "88881234"),
            ("5678", "13812345678"),
        ] {
            let stored = reversed_digits(stored);
            assert!(
                phone_of(typed)
                    .keys()
                    .iter()
                    .any(|k| stored.starts_with(&reversed_digits(k))),
                "{typed}"
            );
        }
        assert_eq!(phone_of("1101").room_like(), Some("1101"));
        assert_eq!(phone_of("0755-8888 1234").room_like(), None);
    }

    #[test]
    fn digits_apart_are_a_unit_and_a_unit_label_can_be_written_in_chinese() {
        assert_eq!(unit_of("3 2 1101").label(), "3-2-1101");
        assert!(matches("3 2 1101", "3-2-1101"));
        assert_eq!(label_of("3栋2单元1101室"), Some("3-2-1101".into()));
        assert_eq!(label_of("3座1101"), Some("3-1101".into()));
        assert_eq!(label_of("3-2-1101"), Some("3-2-1101".into()));
        assert_eq!(label_of("3栋2单元"), None, "no room: not one unit");
        assert_eq!(label_of("王伟"), None);
    }

    #[test]
    fn dashed_digits_are_a_unit_unless_they_can_only_be_a_phone() {
        assert!(matches!(parse("3-2-1101"), Some(Query::Unit(_))));
        assert!(matches!(parse("12-3-1101"), Some(Query::Unit(_))));
        assert!(matches!(parse("3-2"), Some(Query::Unit(_))));
        assert!(matches!(parse("138-1234-5678"), Some(Query::Phone(_))));
        assert!(matches!(parse("0755-8888"), Some(Query::Phone(_))));
        assert!(matches!(parse("8888-1234"), Some(Query::Phone(_))));
    }

    #[test]
    fn names_are_found_by_any_part() {
        let g = name_grams("王小明");
        for part in ["王", "小", "明", "王小", "小明"] {
            assert!(g.contains(&part.to_string()), "{part}");
        }
        // A query's pieces are a subset of the name's pieces whenever the name contains it.
        for q in ["王", "小明", "王小明"] {
            assert!(query_grams(q).iter().all(|p| g.contains(p)), "{q}");
        }
        assert!(!query_grams("明王").iter().all(|p| g.contains(p)));
        assert_eq!(reversed_digits("+8613812345678"), "8765432183168");
    }
}
