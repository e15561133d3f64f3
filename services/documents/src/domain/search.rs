//! The one search box: what the desk typed, and the keys residents are found by.

/// What the desk typed, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Digits only: the last digits of a phone (3 or more), or a whole number (7 or more).
    Phone(String),
    /// A unit label or its beginning: `3-2-1101`, `3-2`, or a room number with a dash.
    Unit(String),
    /// Part of a name: `王`, `王伟`, `伟`.
    Name(String),
}

/// Read the box. `None` when there is nothing to search for.
pub fn parse(raw: &str) -> Option<Query> {
    let q: String = raw.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if q.is_empty() || q.chars().count() > 40 {
        return None;
    }
    let digits: String = q.chars().filter(|c| c.is_ascii_digit()).collect();
    let phone_like = q.chars().all(|c| c.is_ascii_digit() || c == '+');
    if phone_like && digits.len() >= 3 {
        return Some(Query::Phone(digits));
    }
    if q.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && q.chars().any(|c| c.is_ascii_digit())
    {
        return Some(Query::Unit(q.to_uppercase()));
    }
    Some(Query::Name(q))
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

    #[test]
    fn the_box_understands_phones_units_and_names() {
        assert_eq!(parse(" 5678 "), Some(Query::Phone("5678".into())));
        assert_eq!(
            parse("+86 138 1234 5678"),
            Some(Query::Phone("8613812345678".into()))
        );
        assert_eq!(parse("3-2-1101"), Some(Query::Unit("3-2-1101".into())));
        assert_eq!(parse("a-1"), Some(Query::Unit("A-1".into())));
        assert_eq!(parse("王伟"), Some(Query::Name("王伟".into())));
        assert_eq!(parse("12"), Some(Query::Unit("12".into())));
        assert_eq!(parse("   "), None);
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
