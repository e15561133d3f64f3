//! Residents' personal data: phone numbers normalised one way everywhere, and masked where
//! they are not needed in full.

/// Why a phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    BadCharacters,
    BadLength,
}

impl PhoneError {
    pub fn reason(self) -> &'static str {
        match self {
            PhoneError::BadCharacters => "may hold only digits, spaces, dashes and a leading +",
            PhoneError::BadLength => "must have 5 to 20 digits",
        }
    }
}

/// Digits only, with a leading `+` kept; 5 to 20 digits (an extension, a landline, or a mobile
/// with its country code). `138-1234 5678` → `13812345678`.
pub fn normalise_phone(raw: &str) -> Result<String, PhoneError> {
    let trimmed = raw.trim();
    let plus = trimmed.starts_with('+');
    let mut digits = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' | '+' => {}
            _ => return Err(PhoneError::BadCharacters),
        }
    }
    if !(5..=20).contains(&digits.len()) {
        return Err(PhoneError::BadLength);
    }
    Ok(if plus { format!("+{digits}") } else { digits })
}

/// An ID number shown as its first digit or two and its last four: `44**************1X34`.
pub fn id_number(last4: &str) -> String {
    format!("**************{last4}")
}

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
    fn phones_are_normalised_or_refused() {
        assert_eq!(
            super::normalise_phone("138-1234 5678"),
            Ok("13812345678".into())
        );
        assert_eq!(
            super::normalise_phone("+86 138 1234 5678"),
            Ok("+8613812345678".into())
        );
        assert_eq!(
            super::normalise_phone("12ab"),
            Err(super::PhoneError::BadCharacters)
        );
        assert_eq!(
            super::normalise_phone("1234"),
            Err(super::PhoneError::BadLength)
        );
    }

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
