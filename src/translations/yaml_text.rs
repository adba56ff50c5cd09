//! YAML written as text: scalars quoted only as much as needed, so that the lock file
//! and edited locale files read naturally and read back unchanged.

/// Characters that a plain or single-quoted scalar cannot hold as they are.
pub fn needs_escape(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// Whether `s` reads back as the same string when written without quotes, by YAML 1.2
/// and by YAML 1.1 readers (so `no`, `on` and `NO` are quoted, as the README asks).
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || "-?:,[]{}#&*!|>'\"%@`.+~=<".contains(first) || first.is_ascii_digit() {
        return false;
    }
    if s.chars().any(|c| c == '\n' || c == '\t' || needs_escape(c)) {
        return false;
    }
    if s.contains(": ") || s.ends_with(':') || s.contains(" #") {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    !matches!(lower.as_str(), "y" | "yes" | "n" | "no" | "true" | "false" | "on" | "off" | "null")
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) && (c as u32) < 0x100 => out.push_str(&format!("\\x{:02X}", c as u32)),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` as a one-line YAML scalar: plain when that is safe, else single-quoted, else
/// double-quoted with escapes (newlines, control characters).
pub fn inline(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_owned()
    } else if !s.chars().any(|c| c == '\n' || needs_escape(c)) {
        single_quoted(s)
    } else {
        double_quoted(s)
    }
}

/// `s` as the value of a mapping key written at column `key_indent`: a literal block
/// scalar (`|`) for multi-line text, so that a page reads as itself, else [`inline`].
/// The result has no final line break.
pub fn value(s: &str, key_indent: usize) -> String {
    let body = s.trim_end_matches('\n');
    if !s.contains('\n') || body.is_empty() || s.chars().any(needs_escape) {
        return inline(s);
    }
    let trailing = s.len() - body.len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    // An explicit indentation indicator when the first lines would mislead detection.
    let mut indicator = "";
    for line in body.split('\n') {
        if line.trim_start_matches(' ').is_empty() {
            if !line.is_empty() {
                indicator = "2";
                break;
            }
            continue;
        }
        if line.starts_with(' ') {
            indicator = "2";
        }
        break;
    }
    let pad = " ".repeat(key_indent + 2);
    let mut out = format!("|{indicator}{chomp}");
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    for _ in 1..trailing {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    fn parse_value(yaml: &str) -> String {
        let map: IndexMap<String, String> =
            serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("cannot parse {yaml:?}: {e}"));
        map["k"].clone()
    }

    const TRICKY: &[&str] = &[
        "plain text",
        "yes",
        "No",
        "NO",
        "on",
        "null",
        "~",
        "true",
        "123",
        "0x1F",
        "1e3",
        ".5",
        "-x",
        "- x",
        "?",
        "@x",
        "`x",
        "{count} countries",
        "For example: Argentina",
        "ends with colon:",
        "a #b",
        "a#b",
        "#x",
        " lead",
        "trail ",
        "it's",
        "say \"hi\"",
        "tab\there",
        "new\nline",
        "",
        "中文：冒号",
        "{section}：{feature}",
        "bell\u{7}",
        "nel\u{85}",
        "ls\u{2028}x",
        "bom\u{feff}",
        "back\\slash",
        "cr\r\nlf",
        "*alias",
        "&anchor",
        "!tag",
        "%directive",
        "|pipe",
        ">gt",
        "[list]",
        "a, b",
        "<<",
        "=",
        "'quoted'",
    ];

    #[test]
    fn inline_scalars_read_back_unchanged() {
        for s in TRICKY {
            let yaml = format!("k: {}\n", inline(s));
            assert!(!inline(s).contains('\n'), "{s:?}");
            assert_eq!(parse_value(&yaml), *s, "{yaml}");
        }
    }

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(inline("Cloud voice availability"), "Cloud voice availability");
        assert_eq!(inline("雲端語音功能可用性"), "雲端語音功能可用性");
        assert_eq!(inline("NO"), "'NO'");
        assert_eq!(inline("{count} countries"), "'{count} countries'");
        assert_eq!(inline("it's"), "it's");
        assert_eq!(inline("a\nb"), "\"a\\nb\"");
    }

    #[test]
    fn block_values_read_back_unchanged() {
        let texts = [
            "---\ntitle: X\n---\n\nBody\n",
            "one\ntwo",
            "one\ntwo\n\n\n",
            "  indented first\nsecond\n",
            "\n\nleading blank lines\n",
            "\n   \nwhitespace line first\n",
            "# heading\n\n- item: with colon\n  - nested #x\n",
            "tab\tinside\n\tleading tab\n",
            "trailing spaces   \nnext\n",
        ];
        for (n, t) in texts.iter().chain(TRICKY).enumerate() {
            for indent in [0, 4] {
                let pad = " ".repeat(indent);
                let yaml = format!("{pad}k: {}\n", value(t, indent));
                let yaml = if indent == 0 { yaml } else { format!("m:\n{yaml}") };
                let got = if indent == 0 {
                    parse_value(&yaml)
                } else {
                    let map: IndexMap<String, IndexMap<String, String>> = serde_saphyr::from_str(&yaml)
                        .unwrap_or_else(|e| panic!("case {n}: cannot parse {yaml:?}: {e}"));
                    map["m"]["k"].clone()
                };
                assert_eq!(got, *t, "case {n}:\n{yaml}");
            }
        }
        assert!(value("a\nb\n", 0).starts_with("|\n"));
    }
}
