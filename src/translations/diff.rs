//! A small line diff (longest common subsequence), to show a translator what changed in
//! an en-US page since the translation was made.

/// Largest `old lines × new lines` table compared; bigger texts are summarized.
const MAX_CELLS: usize = 4_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Same,
    Removed,
    Added,
}

/// The changed lines of `new` against `old`, unified-diff style: `@@ -a,b +c,d @@`
/// headers, `-` and `+` lines, with `context` unchanged lines around each change.
pub fn lines(old: &str, new: &str, context: usize) -> Vec<String> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if (a.len() + 1).saturating_mul(b.len() + 1) > MAX_CELLS {
        return vec![format!("(the text changed: {} lines before, {} now)", a.len(), b.len())];
    }
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((Op::Same, i, j));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
            ops.push((Op::Removed, i, j));
            i += 1;
        } else {
            ops.push((Op::Added, i, j));
            j += 1;
        }
    }
    // Group the changes into hunks with context.
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != Op::Same).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(context);
        let mut end = changed[k];
        while k + 1 < changed.len() && changed[k + 1] <= end + 2 * context + 1 {
            k += 1;
            end = changed[k];
        }
        let end = (end + context).min(ops.len() - 1);
        let hunk = &ops[start..=end];
        let old_count = hunk.iter().filter(|o| o.0 != Op::Added).count();
        let new_count = hunk.iter().filter(|o| o.0 != Op::Removed).count();
        out.push(format!("@@ -{},{old_count} +{},{new_count} @@", hunk[0].1 + 1, hunk[0].2 + 1));
        for (op, i, j) in hunk {
            out.push(match op {
                Op::Same => format!("  {}", a[*i]),
                Op::Removed => format!("- {}", a[*i]),
                Op::Added => format!("+ {}", b[*j]),
            });
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_changed_lines_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nC\nd\ne\nf\ng\nh\n";
        assert_eq!(
            lines(old, new, 1),
            ["@@ -2,3 +2,3 @@", "  b", "- c", "+ C", "  d", "@@ -7,1 +7,2 @@", "  g", "+ h"]
        );
        assert!(lines(old, old, 1).is_empty());
        assert_eq!(lines("", "x", 0), ["@@ -1,0 +1,1 @@", "+ x"]);
    }
}
