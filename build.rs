//! Gives the binary the commit it was built from, for `availgen --version`, and on
//! Linux with glibc, packed relative relocations.
//!
//! `AVAILGEN_COMMIT` is the short hash of `HEAD` when the package is the top of a git
//! checkout, and `unknown` otherwise: a crate tarball has no `.git`, and one unpacked
//! inside some other repository must not report that repository's commit.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `git <args>` run in `dir`, its output trimmed, or `None` if git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !text.is_empty()).then_some(text)
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let top = git(&manifest_dir, &["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    let is_checkout = top.is_some_and(|top| same_dir(&top, &manifest_dir));
    let commit = is_checkout.then(|| git(&manifest_dir, &["rev-parse", "--short=12", "HEAD"])).flatten();
    if commit.is_some() {
        // Build again when HEAD moves: HEAD itself (another branch), the branch's ref
        // (a commit), and packed-refs (where git may keep that ref). Only files that
        // exist: cargo would treat a missing one as changed on every build.
        let head = git(&manifest_dir, &["rev-parse", "--git-path", "HEAD"]);
        let branch = git(&manifest_dir, &["symbolic-ref", "-q", "HEAD"])
            .and_then(|reference| git(&manifest_dir, &["rev-parse", "--git-path", &reference]));
        let packed = git(&manifest_dir, &["rev-parse", "--git-path", "packed-refs"]);
        for path in [head, branch, packed].into_iter().flatten() {
            let path = manifest_dir.join(path);
            if path.is_file() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    println!("cargo:rustc-env=AVAILGEN_COMMIT={}", commit.as_deref().unwrap_or("unknown"));
    pack_relative_relocations();
}

/// A position-independent binary carries a relocation for every pointer in its
/// read-only data, which the loader reads and applies at start: 817 KB of table for
/// availgen, all of it paged in. Packed (`DT_RELR`), the table is 11 KB, and a build's
/// peak RSS a megabyte less, with the binary still position-independent. The loader
/// must know the format (glibc 2.36 on; the linker then marks the binary as needing
/// it), so the option is passed only when building on such a glibc for itself; GNU ld
/// before 2.38 warns and ignores it.
fn pack_relative_relocations() {
    let var = |name| std::env::var(name).unwrap_or_default();
    let native = var("HOST") == var("TARGET");
    if native && var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" && glibc_has_relr() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether this machine's glibc is 2.36 or later (`getconf` says "glibc 2.36").
fn glibc_has_relr() -> bool {
    let Ok(out) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else { return false };
    let text = String::from_utf8_lossy(&out.stdout);
    let mut numbers = text.trim().trim_start_matches("glibc ").split('.').map(|n| n.parse::<u32>().unwrap_or(0));
    let version = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    out.status.success() && version >= (2, 36)
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
