//! `<locale>/availability.csv`: the spreadsheet table as CSV (RFC 4180, UTF-8 with BOM
//! so that Excel detects the encoding).

use super::{Cell, Table};

/// A cell that a spreadsheet would run as a formula gets a leading `'`, the
/// neutralisation OWASP recommends for CSV injection.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The table as CSV: text as it is (neutralized), numbers in plain ASCII digits, the
/// form a program reading the file expects whatever the language.
pub fn write(table: &Table) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let _ = w.write_record(table.headers.iter().map(|h| neutralize(h).into_owned()));
        for row in &table.rows {
            let _ = w.write_record(row.iter().map(|c| match c {
                Cell::Text(text) => neutralize(text).into_owned(),
                Cell::Number(n) => n.to_string(),
            }));
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
        let t = Table {
            headers: vec!["a".into(), "b".into(), "c".into()],
            rows: vec![vec!["x, y".to_owned().into(), "say \"hi\"".to_owned().into(), Cell::Number(3000)]],
        };
        let text = String::from_utf8(write(&t)).unwrap();
        assert_eq!(text, "\u{feff}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",3000\r\n");
    }
}
