//! `<locale>/availability.csv`: the spreadsheet table as CSV (RFC 4180, UTF-8 with BOM
//! so that Excel detects the encoding).

use super::Table;

/// A cell that a spreadsheet would run as a formula gets a leading `'`, the
/// neutralisation OWASP recommends for CSV injection.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

pub fn write(table: &Table) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        for row in std::iter::once(&table.headers).chain(&table.rows) {
            // Writing to a Vec cannot fail.
            let _ = w.write_record(row.iter().map(|c| neutralize(c).into_owned()));
        }
        let _ = w.flush();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)"] {
            assert_eq!(neutralize(bad), format!("'{bad}"));
        }
        assert_eq!(neutralize("Paris"), "Paris");
    }

    #[test]
    fn quotes_and_bom() {
        let t = Table { headers: vec!["a".into(), "b".into()], rows: vec![vec!["x, y".into(), "say \"hi\"".into()]] };
        let text = String::from_utf8(write(&t)).unwrap();
        assert_eq!(text, "\u{feff}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n");
    }
}
