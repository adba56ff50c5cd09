//! Watching the site's inputs, and turning bursts of file events into one change set.
//!
//! `notify` (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows)
//! watches `content/`, `locales/`, `templates/` and `static/` recursively, and the root
//! itself non-recursively, so that `availgen.toml` and one of those directories being
//! created, deleted or renamed are noticed too (and the directory is watched again when
//! it reappears). The root is never
//! watched recursively: it may hold `public/` or `target/` with thousands of directories.
//!
//! Debouncing is ours, and small: after a first event, events are gathered until
//! [`QUIET`] passes without one (at most [`LONGEST`] in all), then the paths gathered are
//! one [`Changes`]. No rename tracking or file-id cache is needed (which is what
//! `notify-debouncer-full` adds): the paths only say what *may* have changed, and the
//! rebuild lists the input directories again and reads each named file as it is now.
//! An editor that saves by writing a temporary file and renaming it over the original
//! names the original among the paths; one that writes twice is one change set, or two
//! rebuilds of which the second has the final text; a swap or backup file is no input,
//! and changes nothing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use super::incremental::Changes;
use crate::config::CONFIG_PATH;
use crate::load::relative;

/// The directories whose files are inputs.
pub const WATCHED: &[&str] = &["content", "locales", "templates", "static"];
/// How long the file system must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(50);
/// The longest a burst of events can delay a rebuild.
pub const LONGEST: Duration = Duration::from_millis(1000);

/// What the rebuild loop waits for.
pub enum Message {
    /// Paths (absolute) that an event named; `None` when the watcher lost track of events.
    Event(Option<Vec<PathBuf>>),
}

/// Events that cannot mean a file's content changed: opening, reading, closing
/// without writing, and access-time updates (availgen's own reads cause these).
fn is_noise(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => false,
        EventKind::Access(_) => true,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => true,
        _ => false,
    }
}

pub struct Watcher {
    root: PathBuf,
    inner: RecommendedWatcher,
}

impl Watcher {
    /// Starts watching `root` (an absolute path); events go to `tx`.
    pub fn start(root: &Path, tx: Sender<Message>) -> notify::Result<Watcher> {
        let inner = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let message = match event {
                Ok(e) if e.need_rescan() => Message::Event(None),
                Ok(e) if is_noise(&e.kind) => return,
                // Attributes only (permissions, times, as reading may change): no path is
                // named, but the rebuild still compares every file's size, time and inode.
                Ok(e) if matches!(e.kind, EventKind::Modify(ModifyKind::Metadata(_))) => {
                    Message::Event(Some(Vec::new()))
                }
                Ok(e) => Message::Event(Some(e.paths)),
                Err(_) => Message::Event(None),
            };
            let _ = tx.send(message);
        })?;
        let mut watcher = Watcher { root: root.to_owned(), inner };
        watcher.inner.watch(root, RecursiveMode::NonRecursive)?;
        for dir in WATCHED {
            watcher.watch_dir(dir)?;
        }
        Ok(watcher)
    }

    fn watch_dir(&mut self, dir: &str) -> notify::Result<()> {
        let path = self.root.join(dir);
        if path.is_dir() {
            self.inner.watch(&path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    /// Turns the absolute paths of a burst into a change set, watching any of the input
    /// directories that the burst created.
    pub fn changes(&mut self, paths: Option<HashSet<PathBuf>>) -> Changes {
        let Some(paths) = paths else {
            for dir in WATCHED {
                let _ = self.watch_dir(dir);
            }
            return Changes::All;
        };
        let mut rel_paths = HashSet::new();
        for path in paths {
            let Ok(rel) = path.strip_prefix(&self.root) else {
                continue;
            };
            let rel = relative(Path::new(""), rel);
            if rel.is_empty() {
                // The root itself: renamed, deleted, or its attributes changed.
                return Changes::All;
            }
            if WATCHED.contains(&rel.as_str()) {
                // Created again (or removed, which watching again finds out).
                let _ = self.watch_dir(&rel);
            }
            let top = rel.split('/').next().unwrap_or_default();
            if WATCHED.contains(&top) || rel == CONFIG_PATH {
                rel_paths.insert(rel);
            }
        }
        Changes::Paths(rel_paths)
    }
}

/// Waits for the next burst of events and gathers it. `None`: the watcher is gone.
/// `Some(None)`: the watcher lost track, so everything may have changed.
pub fn next_burst(rx: &Receiver<Message>) -> Option<Option<HashSet<PathBuf>>> {
    let mut paths: Option<HashSet<PathBuf>> = Some(HashSet::new());
    let mut add = |message: Message| match message {
        Message::Event(None) => paths = None,
        Message::Event(Some(list)) => {
            if let Some(set) = paths.as_mut() {
                set.extend(list);
            }
        }
    };
    add(rx.recv().ok()?);
    let started = Instant::now();
    loop {
        let left = LONGEST.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(QUIET.min(left)) {
            Ok(message) => add(message),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    Some(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_burst_is_one_change_set() {
        let (tx, rx) = mpsc::channel();
        tx.send(Message::Event(Some(vec!["/r/content/a.yaml".into()]))).unwrap();
        tx.send(Message::Event(Some(vec!["/r/content/.a.yaml.swp".into(), "/r/content/a.yaml".into()]))).unwrap();
        let burst = next_burst(&rx).unwrap().unwrap();
        assert_eq!(burst.len(), 2);
        tx.send(Message::Event(None)).unwrap();
        assert_eq!(next_burst(&rx), Some(None));
        drop(tx);
        assert_eq!(next_burst(&rx), None);
    }

    #[test]
    fn own_reads_are_noise() {
        assert!(is_noise(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(is_noise(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(!is_noise(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(!is_noise(&EventKind::Modify(ModifyKind::Any)));
    }
}
