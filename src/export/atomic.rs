//! Atomic file writes: a temporary file in the target's directory, flushed and renamed over
//! the target, so an interrupted run leaves the old file or none, never a truncated one.
//!
//! A run killed outright (SIGKILL, power loss) cannot remove its temporary files, so each
//! one carries its process id (`.incimap-<pid>-XXXXXX.tmp`, and `.incimap-<pid>-XXXXXX.staging`
//! for the staging folders of [`super::layers`]) and the next write into the same folder
//! removes those whose process is gone.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Can a file be written at `path`? Checked before a run starts, so a mistyped `-o` fails
/// at once with a sentence that says what to do, not after the work with "Is a directory
/// (os error 21)" or "Not a directory (os error 20)". Missing folders on the way are fine:
/// [`write_with`] creates them.
pub fn check_file_target(path: &Path) -> Result<()> {
    let shown = path.display();
    let example = |dir: &Path| dir.join("incidents.geojson").display().to_string();
    if path.is_dir() {
        return Err(Error::Input(format!(
            "{shown} is a folder: name a file to write, such as {}",
            example(path)
        )));
    }
    let text = path.as_os_str().to_string_lossy();
    if text.ends_with(std::path::MAIN_SEPARATOR) || text.ends_with('/') {
        return Err(Error::Input(format!(
            "{shown} names a folder (it ends in a slash): name a file to write, such as {}",
            example(path)
        )));
    }
    // A file where a folder should be: "notes.txt/out.geojson".
    let blocking = path
        .ancestors()
        .skip(1)
        .find(|a| !a.as_os_str().is_empty() && a.exists())
        .filter(|a| !a.is_dir());
    match blocking {
        Some(file) => Err(Error::Input(format!(
            "cannot write {shown}: {} is a file, not a folder; choose another path",
            file.display()
        ))),
        None => Ok(()),
    }
}

/// Write `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |w| w.write_all(bytes))
}

/// Stream into `path` atomically: `fill` writes the content; on any error the temporary file
/// is removed and `path` is untouched.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    sweep_dead(dir);
    let mut builder = tempfile::Builder::new();
    let prefix = temp_prefix();
    builder.prefix(&prefix).suffix(".tmp");
    // Temporary files are private (0600); the result should read like any file the user
    // writes (0644 before the umask), or GIS tools run by another user cannot open it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w).map_err(|e| Error::io(path, e))?;
        w.flush().map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// The start of this process's temporary file and folder names.
pub(crate) fn temp_prefix() -> String {
    format!(".incimap-{}-", std::process::id())
}

/// Remove the temporary files and staging folders that killed incimap runs left in `dir`.
/// Only where the process table can be asked (Linux's /proc); elsewhere they stay, harmless
/// and hidden.
pub(crate) fn sweep_dead(dir: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = temp_owner(&name.to_string_lossy()) else {
            continue;
        };
        if pid != std::process::id() && !proc.join(pid.to_string()).exists() {
            // Another run may have swept it first.
            let path = entry.path();
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(path)
            } else {
                std::fs::remove_file(path)
            };
        }
    }
}

/// The process id in a temporary name `.incimap-<pid>-XXXXXX.tmp` or `.staging`.
fn temp_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".incimap-")?;
    let rest = rest
        .strip_suffix(".tmp")
        .or_else(|| rest.strip_suffix(".staging"))?;
    let (pid, _) = rest.split_once('-')?;
    pid.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwritable_targets_are_explained() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("file.txt"), "x").unwrap();
        assert!(check_file_target(&d.join("out.geojson")).is_ok());
        // Created by the write.
        assert!(check_file_target(&d.join("new/sub/out.geojson")).is_ok());
        let e = |p: &Path| check_file_target(p).unwrap_err().to_string();
        assert!(e(d).contains("is a folder: name a file"), "{}", e(d));
        let slash = d.join("newdir/");
        assert!(
            e(&slash).contains("names a folder (it ends in a slash)"),
            "{}",
            e(&slash)
        );
        let under_file = d.join("file.txt/sub/out.geojson");
        assert!(
            e(&under_file).contains("is a file, not a folder"),
            "{}",
            e(&under_file)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_dead_runs_temporary_file_is_swept_and_a_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // Far above any pid Linux hands out (pid_max is at most 2^22).
        let dead = dir.path().join(".incimap-99999999-abcdef.tmp");
        let live = dir.path().join(format!(
            ".incimap-{}-abcdef.tmp",
            std::os::unix::process::parent_id()
        ));
        let other = dir.path().join(".incimap-notes.tmp");
        for p in [&dead, &live, &other] {
            std::fs::write(p, b"partial").unwrap();
        }
        let staging = dir.path().join(".incimap-99999998-abcdef.staging");
        std::fs::create_dir(&staging).unwrap();
        std::fs::write(staging.join("battles.geojson"), b"{").unwrap();
        write(&dir.path().join("out.txt"), b"new").unwrap();
        if Path::new("/proc/self").exists() {
            assert!(!dead.exists() && !staging.exists());
        }
        assert!(live.exists() && other.exists());
        assert_eq!(temp_owner(".incimap-42-x1y2z3.tmp"), Some(42));
        assert_eq!(temp_owner(".incimap-7-x1y2z3.staging"), Some(7));
        assert_eq!(temp_owner(".incimap-layers-x.tmp"), None);
    }

    #[test]
    fn failed_write_leaves_old_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        write(&p, b"old").unwrap();
        let err = write_with(&p, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
