//! The ID an outsider shows at the desk (有效身份证件), checked for its form: a PRC resident ID
//! card number (18 characters: the region, a real date of birth, the sequence and the ISO 7064
//! MOD 11-2 check digit) or a passport number (6 to 9 letters and digits, mostly digits, such
//! as E12345678 or G12345678). A number that is neither is refused, not just cut to its last
//! four characters.

use chrono::NaiveDate;

/// What kind of document the number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdForm {
    ResidentId,
    Passport,
}

/// Why a number is not a document's.
pub const NOT_AN_ID: &str =
    "must be a resident ID number with its check digit, or a passport number";

fn check_digit(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CODES: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    CODES.get((sum % 11) as usize).copied()
}

/// The number as written on the document (spaces dropped, letters upper case) and its form.
pub fn check(raw: &str) -> Result<(IdForm, String), &'static str> {
    let v: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase();
    if v.len() == 18 && v[..17].chars().all(|c| c.is_ascii_digit()) {
        let born = NaiveDate::parse_from_str(&v[6..14], "%Y%m%d").ok();
        let plausible = born.is_some_and(|d| d >= NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(d));
        if plausible && check_digit(&v[..17]) == v.chars().last() {
            return Ok((IdForm::ResidentId, v));
        }
        return Err(NOT_AN_ID);
    }
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if (6..=9).contains(&v.len())
        && v.chars().all(|c| c.is_ascii_alphanumeric())
        && digits >= 5
        && v.len() - digits <= 2
    {
        return Ok((IdForm::Passport, v));
    }
    Err(NOT_AN_ID)
}

/// The last four characters kept of a checked number.
pub fn last4(checked: &str) -> String {
    let n = checked.chars().count();
    checked.chars().skip(n.saturating_sub(4)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resident_id_needs_its_check_digit_and_a_real_birth_date() {
        assert_eq!(
            check("11010519491231002X"),
            Ok((IdForm::ResidentId, "11010519491231002X".to_string()))
        );
        assert_eq!(
            check(" 110105 19491231 002x "),
            Ok((IdForm::ResidentId, "11010519491231002X".to_string()))
        );
        assert_eq!(
            check("110105194912310021"),
            Err(NOT_AN_ID),
            "wrong check digit"
        );
        assert_eq!(check("110105194913310027"), Err(NOT_AN_ID), "no 13th month");
        assert_eq!(check("123456789012345678"), Err(NOT_AN_ID));
    }

    #[test]
    fn a_passport_number_has_the_form_of_one() {
        assert_eq!(check("E12345678").map(|r| r.0), Ok(IdForm::Passport));
        assert_eq!(check("g1234567 8").map(|r| r.0), Ok(IdForm::Passport));
        assert_eq!(check("K1234567").map(|r| r.0), Ok(IdForm::Passport));
        assert_eq!(check("123456789").map(|r| r.0), Ok(IdForm::Passport));
        assert_eq!(check("1234"), Err(NOT_AN_ID), "too short");
        assert_eq!(check("ABCDEFGH"), Err(NOT_AN_ID), "no digits");
        assert_eq!(check("E1234567890"), Err(NOT_AN_ID), "too long");
        assert_eq!(check("张三123456"), Err(NOT_AN_ID));
        assert_eq!(check(""), Err(NOT_AN_ID));
    }

    #[test]
    fn only_the_last_four_are_kept() {
        assert_eq!(last4("11010519491231002X"), "002X");
        assert_eq!(last4("E12345678"), "5678");
    }
}
