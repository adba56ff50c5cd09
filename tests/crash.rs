//! Crashes and concurrency: a build killed at any moment leaves the output directory
//! exactly as it was or exactly the new site, never a mix; two builds into one output
//! directory never corrupt it (one of them is refused by the lock).
//!
//! The site is the bundled content with ten more locales (copies of zh-CN under other
//! tags), about 1,500 pages, so that a build takes long enough to be killed in every
//! stage: load, render, writing the staging directory, the swap.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{assert_exit, copy_tree, leftovers_beside, manifest_dir, snapshot, stderr};

const EXTRA_LOCALES: &[&str] =
    &["fr-FR", "de-DE", "ja-JP", "ko-KR", "es-ES", "pt-BR", "it-IT", "nl-NL", "sv-SE", "pl-PL"];

type Files = BTreeMap<String, Vec<u8>>;

/// A large site root at `dir/<name>`: the bundled content and locales plus the extra locales.
fn large_site(dir: &Path, name: &str) -> PathBuf {
    let root = dir.join(name);
    for sub in ["content", "locales"] {
        copy_tree(&manifest_dir().join(sub), &root.join(sub));
    }
    let zh = std::fs::read(root.join("locales/zh-CN.yaml")).unwrap();
    for tag in EXTRA_LOCALES {
        std::fs::write(root.join(format!("locales/{tag}.yaml")), &zh).unwrap();
    }
    root
}

/// The same site with one fact changed: Canada's Business Voice minutes.
fn changed_site(dir: &Path, name: &str) -> PathBuf {
    let root = large_site(dir, name);
    let path = root.join("content/countries/canada.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("calling_plan_minutes: 3000"), "{text}");
    let _ = std::fs::remove_file(&path);
    std::fs::write(&path, text.replace("calling_plan_minutes: 3000", "calling_plan_minutes: 4500")).unwrap();
    root
}

fn spawn_build(root: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_availgen"))
        .args(["build".as_ref(), "--root".as_ref(), root.as_os_str(), "--out".as_ref(), out.as_os_str()])
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run availgen")
}

fn build(root: &Path, out: &Path) -> Duration {
    let started = Instant::now();
    let o =
        common::availgen(["build".as_ref(), "--root".as_ref(), root.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert_exit(&o, 0, &format!("build {}", root.display()));
    started.elapsed()
}

/// A small, seedable random number generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("AVAILGEN_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
        });
        eprintln!("crash test seed: AVAILGEN_CRASH_SEED={seed}");
        Rng(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

/// Which of the two known sites `out` holds, if it is exactly one of them.
fn which(out: &Path, a: &Files, b: &Files) -> Option<char> {
    let now = snapshot(out);
    if now == *a {
        Some('A')
    } else if now == *b {
        Some('B')
    } else {
        None
    }
}

/// What differs between `out` and the site it should be, for failure messages.
fn describe_mix(out: &Path, a: &Files, b: &Files) -> String {
    let now = snapshot(out);
    let differs = |want: &Files| {
        let mut d: Vec<&String> = now.keys().chain(want.keys()).filter(|k| now.get(*k) != want.get(*k)).collect();
        d.sort();
        d.dedup();
        format!("{} paths differ, e.g. {:?}", d.len(), d.iter().take(5).collect::<Vec<_>>())
    };
    format!("{} files; against A: {}; against B: {}", now.len(), differs(a), differs(b))
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root_a = large_site(tmp.path(), "site-a");
    let root_b = changed_site(tmp.path(), "site-b");
    let out = tmp.path().join("public");
    let out_b = tmp.path().join("public-b");

    let first = build(&root_a, &out);
    let a = snapshot(&out);
    // The faster of two builds: the other test of this file may be running beside this one.
    let typical = build(&root_b, &out_b).min(first);
    let b = snapshot(&out_b);
    assert!(a.len() > 1000, "the site should have thousands of files, has {}", a.len());
    assert_ne!(a, b, "changing canada.yaml must change the site");
    let pages = a.keys().filter(|p| p.ends_with(".html")).count();
    eprintln!("{} files ({pages} pages); a build takes {typical:?}", a.len());

    let mut rng = Rng::new();
    let (mut unchanged, mut switched, mut finished) = (0, 0, 0);
    // 20 rounds; on a machine so busy that they take over 40 s, stop after 10.
    let rounds_started = Instant::now();
    let mut rounds = 0;
    for i in 0..20 {
        if i >= 10 && rounds_started.elapsed() > Duration::from_secs(40) {
            break;
        }
        rounds += 1;
        let before = which(&out, &a, &b).expect("OUT is a known site before each round");
        // Build the other site, so every round can switch OUT from one to the other.
        let root = if before == 'A' { &root_b } else { &root_a };
        let delay = Duration::from_millis(rng.below(typical.as_millis() as u64 + 1));
        let mut child = spawn_build(root, &out);
        std::thread::sleep(delay);
        let killed = child.try_wait().unwrap().is_none();
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if !killed {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            assert!(status.success(), "round {i}: the build failed on its own: {status:?}\n{err}");
            assert!(!err.contains("panicked"), "round {i}: {err}");
        }
        let after = which(&out, &a, &b).unwrap_or_else(|| {
            panic!("round {i}: killed after {delay:?}, OUT is a mix: {}", describe_mix(&out, &a, &b))
        });
        match (killed, after == before) {
            (false, _) => finished += 1,
            (true, true) => unchanged += 1,
            (true, false) => switched += 1,
        }
        if !killed {
            assert_ne!(after, before, "round {i}: a finished build must switch the site");
        }
    }
    eprintln!(
        "{rounds} rounds: {unchanged} killed before the swap, {switched} killed after it, {finished} finished first"
    );
    assert!(unchanged > 0, "no round killed a build before its swap: the test did not test anything");

    // A normal build afterwards removes what the killed builds left beside OUT.
    build(&root_b, &out);
    assert!(snapshot(&out) == b, "after a normal build OUT is the new site");
    let left = leftovers_beside(&out);
    assert!(left.is_empty(), "leftovers of killed builds beside OUT: {left:?}");
}

#[test]
fn two_builds_into_one_output_one_is_refused_by_the_lock() {
    // The lock is taken after loading: the bundled site, without extra locales, is big
    // enough for the second build to find it held.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    for sub in ["content", "locales"] {
        copy_tree(&manifest_dir().join(sub), &root.join(sub));
    }
    let out = tmp.path().join("public");
    let reference = tmp.path().join("reference");
    build(&root, &reference);
    let want = snapshot(&reference);

    let mut refused = 0;
    for i in 0..5 {
        let first = spawn_build(&root, &out);
        let second = spawn_build(&root, &out);
        let outputs = [first.wait_with_output().unwrap(), second.wait_with_output().unwrap()];
        let codes: Vec<Option<i32>> = outputs.iter().map(|o| o.status.code()).collect();
        for o in &outputs {
            assert!(!stderr(o).contains("panicked"), "round {i}: {}", stderr(o));
        }
        match codes.as_slice() {
            [Some(0), Some(0)] => {} // one finished before the other reached the lock
            [Some(0), Some(2)] | [Some(2), Some(0)] => {
                refused += 1;
                let loser = outputs.iter().find(|o| o.status.code() == Some(2)).unwrap();
                let err = stderr(loser);
                assert!(err.contains("lock"), "round {i}: the refused build does not mention the lock:\n{err}");
                assert!(err.contains("another availgen build"), "round {i}: {err}");
            }
            _ => panic!(
                "round {i}: exit statuses {codes:?}\n--- first\n{}\n--- second\n{}",
                stderr(&outputs[0]),
                stderr(&outputs[1])
            ),
        }
        assert!(snapshot(&out) == want, "round {i}: OUT is not the complete site after both builds");
        assert!(leftovers_beside(&out).is_empty(), "round {i}: {:?}", leftovers_beside(&out));
    }
    assert!(refused > 0, "in 5 rounds the two builds never met at the lock");
}
