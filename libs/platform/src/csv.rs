//! CSV downloads for spreadsheets: RFC 4180 quoting, a byte-order mark so that spreadsheet
//! programs read the Chinese as UTF-8, and cells that a spreadsheet would run as a formula
//! (`=`, `+`, `-`, `@` first) prefixed with an apostrophe.

use actix_web::HttpResponse;

/// One cell.
pub fn field(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@']) && v.parse::<f64>().is_err() {
        format!("'{v}")
    } else {
        v.to_string()
    };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// One line of cells, ending in CRLF.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut s = cells
        .iter()
        .map(|c| field(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    s.push_str("\r\n");
    s
}

/// A CSV download named `filename`.
pub fn response(body: String, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(format!("\u{feff}{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(field("3-2-1101"), "3-2-1101");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("-12.50"), "-12.50");
        assert_eq!(line(&["a", "b,c"]), "a,\"b,c\"\r\n");
    }
}
