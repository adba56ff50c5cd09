//! Watching the site's inputs, and turning bursts of file events into one change set.
//!
//! `notify` (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows)
//! watches `content/`, `locales/`, `templates/` and `static/` recursively, and the root
//! itself non-recursively, so that `availgen.toml` and one of those directories being
//! created, deleted or renamed are noticed too (and the directory is watched again when
//! it reappears). The root is never
//! watched recursively: it may hold `public/` or `target/` with thousands of directories.
//!
//! There is no waiting for quiet: the first event starts a rebuild at once, with every
//! event already queued behind it, and the events that arrive while it runs are the next
//! change set, rebuilt as soon as it ends. So a save is shown after one rebuild, and an
//! editor that writes twice (truncate, then write; or write, then close) gets a second
//! rebuild that reads the final text, since its last event comes after its last write.
//! (Waiting 50 ms for quiet, as before, cost 50 ms on every save to spare a rebuild on
//! the rare save that is caught half written.) No rename tracking or file-id cache is
//! needed (which is what `notify-debouncer-full` adds): the paths only say what *may*
//! have changed, and the rebuild lists the input directories again and reads each named
//! file as it is now. An editor that saves by writing a temporary file and renaming it
//! over the original names the original among the paths; a swap or backup file is no
//! input, and changes nothing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError};

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use super::incremental::Changes;
use crate::load::config::CONFIG_PATH;
use crate::load::relative;

/// The directories whose files are inputs.
pub const WATCHED: &[&str] = &["content", "locales", "templates", "static"];

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

/// Waits for the next event and gathers it with every event queued behind it (those
/// that came during the last rebuild). `None`: the watcher is gone. `Some(None)`: the
/// watcher lost track, so everything may have changed.
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
    loop {
        match rx.try_recv() {
            Ok(message) => add(message),
            Err(TryRecvError::Empty) => break,
            Err(TryRecvError::Disconnected) => return None,
        }
    }
    Some(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn the_events_queued_during_a_rebuild_are_one_change_set() {
        let (tx, rx) = mpsc::channel();
        tx.send(Message::Event(Some(vec!["/r/content/a.yaml".into()]))).unwrap();
        tx.send(Message::Event(Some(vec!["/r/content/.a.yaml.swp".into(), "/r/content/a.yaml".into()]))).unwrap();
        let burst = next_burst(&rx).unwrap().unwrap();
        assert_eq!(burst.len(), 2);
        // Nothing queued: the next burst waits for its first event, then takes it alone.
        let sender = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            tx.send(Message::Event(Some(vec!["/r/content/b.yaml".into()]))).unwrap();
            tx
        });
        assert_eq!(next_burst(&rx), Some(Some(HashSet::from([PathBuf::from("/r/content/b.yaml")]))));
        let tx = sender.join().unwrap();
        tx.send(Message::Event(None)).unwrap();
        tx.send(Message::Event(Some(vec!["/r/content/c.yaml".into()]))).unwrap();
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
