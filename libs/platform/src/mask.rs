//! Masking of residents' personal data where it is not needed in full.

/// `13812345678` → `138****5678`; short or empty numbers are masked whole.
pub fn phone(raw: &str) -> String {
    let digits: Vec<char> = raw.chars().filter(|c| c.is_ascii_digit()).collect();
    // Drop the country code of E.164 Chinese mobiles so the mask reads as the desk writes it.
    let local: &[char] = if digits.len() == 13 && digits.starts_with(&['8', '6']) {
        &digits[2..]
    } else {
        &digits
    };
    if local.len() < 7 {
        return "*".repeat(local.len());
    }
    let head: String = local[..3].iter().collect();
    let tail: String = local[local.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

/// `张三丰` → `张**`: the family name stays, the rest is hidden.
pub fn name(raw: &str) -> String {
    let mut chars = raw.chars();
    match chars.next() {
        Some(first) => {
            let rest = chars.count();
            format!("{first}{}", "*".repeat(rest))
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn phone_keeps_head_and_tail() {
        assert_eq!(super::phone("13812345678"), "138****5678");
        assert_eq!(super::phone("+8613812345678"), "138****5678");
        assert_eq!(super::phone("12345"), "*****");
    }

    #[test]
    fn name_keeps_family_name() {
        assert_eq!(super::name("张三丰"), "张**");
        assert_eq!(super::name(""), "");
    }
}
