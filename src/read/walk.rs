//! Folders of articles, walked depth first in sorted path order so that two runs over the same
//! folder give the same articles in the same order (and so the same output files).
//!
//! Only one listing per folder level is held at a time, so a folder of a million reports costs
//! a million paths at most, never their contents. Hidden entries (`.git`, `.DS_Store`) are
//! passed over, and links to folders are not followed, since they can loop.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Format, Origin, ReadStats};
use crate::error::{Error, Result};

/// What a folder entry is, found when the folder is listed.
enum Kind {
    Folder,
    File,
    /// Neither read nor descended into, with the reason for the warning, if one is due.
    Ignored(Option<&'static str>),
}

/// The folders being walked: one sorted listing per level, innermost last.
#[derive(Default)]
pub(super) struct Walk {
    stack: Vec<std::vec::IntoIter<(PathBuf, Kind)>>,
}

impl Walk {
    /// Descends into `folder`: its entries come next, before the rest of the folder that
    /// holds it.
    pub(super) fn enter(&mut self, folder: &Path) -> Result<()> {
        let mut entries = Vec::new();
        let listing = fs::read_dir(folder).map_err(|e| Error::io(folder, e))?;
        for entry in listing {
            let entry = entry.map_err(|e| Error::io(folder, e))?;
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let kind = if hidden {
                Kind::Ignored(None)
            } else {
                match entry.file_type() {
                    Ok(t) if t.is_dir() => Kind::Folder,
                    Ok(t) if t.is_file() => Kind::File,
                    Ok(t) if t.is_symlink() => match fs::metadata(&path) {
                        Ok(m) if m.is_file() => Kind::File,
                        Ok(m) if m.is_dir() => {
                            Kind::Ignored(Some("link to a folder; not followed"))
                        }
                        Ok(_) => Kind::Ignored(None),
                        Err(_) => Kind::Ignored(Some("broken link; ignored")),
                    },
                    Ok(_) => Kind::Ignored(None),
                    Err(e) => return Err(Error::io(&path, e)),
                }
            };
            entries.push((path, kind));
        }
        // Sorting by name in each folder sorts the whole walk by path, component by component.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        self.stack.push(entries.into_iter());
        Ok(())
    }

    /// The next article file and how to read it; `None` when every folder is done. Files of
    /// other kinds are counted as ignored; a folder that cannot be listed is an error.
    pub(super) fn next(&mut self, stats: &mut ReadStats) -> Option<Result<(PathBuf, Format)>> {
        loop {
            let level = self.stack.last_mut()?;
            let Some((path, kind)) = level.next() else {
                self.stack.pop();
                continue;
            };
            match kind {
                Kind::Folder => {
                    if let Err(e) = self.enter(&path) {
                        stats.skipped.unreadable += 1;
                        return Some(Err(e));
                    }
                }
                Kind::File => match Format::of(&path) {
                    Some(format) => return Some(Ok((path, format))),
                    None => stats.ignored_files += 1,
                },
                Kind::Ignored(reason) => {
                    stats.ignored_files += 1;
                    if let Some(reason) = reason {
                        stats.warn(Origin { path, line: None }, reason);
                    }
                }
            }
        }
    }
}
