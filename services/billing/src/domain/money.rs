//! Money is counted in fen (分), integers only; never floating point.

/// `12345` fen → `"123.45"`; negative amounts keep their sign.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fen_print_as_yuan_exactly() {
        assert_eq!(super::yuan(0), "0.00");
        assert_eq!(super::yuan(1505), "15.05");
        assert_eq!(super::yuan(-200), "-2.00");
        assert_eq!(super::yuan(i64::MIN), "-92233720368547758.08");
    }
}
