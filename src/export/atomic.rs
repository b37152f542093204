//! Atomic file writes: a temporary file in the target's directory, flushed and renamed over
//! the target, so an interrupted run leaves the old file or none, never a truncated one.
//!
//! A run killed outright (SIGKILL, power loss) cannot remove its temporary files, so each
//! one carries its process id (`.incimap-<pid>-XXXXXX.tmp`, and `.incimap-<pid>-XXXXXX.staging`
//! for the staging folders of [`super::layers`]) and the next write into the same folder
//! removes those whose process is gone.
//!
//! [`replace_dir`] does the same for a whole folder (`map`'s output): it is filled as a
//! staging folder beside the target and swapped in with two renames, so the folder holds
//! either the earlier run's files or this run's, never a mix with a stale layer left over.

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

/// Can `dir` be replaced whole by [`replace_dir`]? A missing or empty folder can; a folder
/// with files in it only with `force`, and only when every entry is one that `owned` accepts
/// (the files an earlier run of the same command wrote), so `--force` never deletes a user's
/// own files (`-o ~ --force` is refused, naming a file it would have removed).
pub fn check_dir_target(dir: &Path, force: bool, owned: impl Fn(&str) -> bool) -> Result<()> {
    let shown = dir.display();
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Input(format!(
            "{shown} is a file: name a folder to write into (created if missing)"
        )));
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        // Missing (created by the write), or unreadable (the write will say why).
        return Ok(());
    };
    let names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    if !force {
        return Err(Error::Input(format!(
            "{shown} is not empty: pass --force to replace it with this run's files (all \
             or nothing), or name another folder"
        )));
    }
    match names.iter().find(|n| !owned(n)) {
        Some(foreign) => Err(Error::Input(format!(
            "{shown} holds {foreign}, which this command does not write, so --force will not \
             replace the folder: move that away or name another folder"
        ))),
        None => Ok(()),
    }
}

/// Replace the folder `dir` whole: `fill` writes the new content into a staging folder
/// beside it, which then takes `dir`'s place (the old folder, if any, is moved aside and
/// removed). If `fill` fails, `dir` is left as it was and the staging folder is removed.
/// Check the target with [`check_dir_target`] first.
pub fn replace_dir<T, E: From<Error>>(
    dir: &Path,
    fill: impl FnOnce(&Path) -> Result<T, E>,
) -> Result<T, E> {
    let parent = match dir.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    sweep_dead(parent);
    let staging = staging_dir(parent)?;
    // The staging folder is private (0700); the result should read like any folder the user
    // makes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::io(staging.path(), e))?;
    }
    let value = fill(staging.path())?;
    let old = match std::fs::symlink_metadata(dir) {
        Ok(_) => {
            // A fresh name for the old folder (a staging name, so a killed run's is swept).
            let aside = staging_dir(parent)?.keep();
            std::fs::remove_dir(&aside).map_err(|e| Error::io(&aside, e))?;
            std::fs::rename(dir, &aside).map_err(|e| {
                Error::invalid(
                    dir,
                    format!("cannot move the old folder aside: {e}; it is as it was"),
                )
            })?;
            Some(aside)
        }
        Err(_) => None,
    };
    let new = staging.keep();
    if let Err(e) = std::fs::rename(&new, dir) {
        if let Some(old) = &old {
            let _ = std::fs::rename(old, dir);
        }
        let _ = std::fs::remove_dir_all(&new);
        return Err(Error::invalid(
            dir,
            format!("cannot move the new folder into place: {e}; the old one is as it was"),
        )
        .into());
    }
    if let Some(old) = old {
        std::fs::remove_dir_all(&old).map_err(|e| {
            Error::invalid(
                &old,
                format!("the new folder is in place, but the old one could not be removed: {e}"),
            )
        })?;
    }
    Ok(value)
}

/// A new, empty staging folder in `parent`, named as [`sweep_dead`] knows.
fn staging_dir(parent: &Path) -> Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(&temp_prefix())
        .suffix(".staging")
        .tempdir_in(parent)
        .map_err(|e| Error::invalid(parent, format!("cannot write into the folder: {e}")))
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
    fn a_folder_is_replaced_whole_or_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let owned = |n: &str| n.starts_with("layer");
        assert!(
            check_dir_target(&out, false, owned).is_ok(),
            "missing is fine"
        );
        replace_dir::<_, Error>(&out, |d| write(&d.join("layer-a"), b"1")).unwrap();
        assert!(out.join("layer-a").is_file());
        let e = check_dir_target(&out, false, owned)
            .unwrap_err()
            .to_string();
        assert!(e.contains("pass --force"), "{e}");
        check_dir_target(&out, true, owned).unwrap();
        // A failed fill leaves the old folder as it was.
        let failed = replace_dir(&out, |d| {
            write(&d.join("layer-b"), b"2")?;
            Err::<(), Error>(Error::Input("disk full".into()))
        });
        assert!(failed.is_err());
        assert!(out.join("layer-a").is_file() && !out.join("layer-b").exists());
        // A new run leaves no layer of the old one.
        replace_dir::<_, Error>(&out, |d| write(&d.join("layer-b"), b"2")).unwrap();
        assert!(!out.join("layer-a").exists() && out.join("layer-b").is_file());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no staging or old folder left behind");
        // --force never removes a file the command does not write.
        std::fs::write(out.join("notes.txt"), b"mine").unwrap();
        let e = check_dir_target(&out, true, owned).unwrap_err().to_string();
        assert!(e.contains("holds notes.txt"), "{e}");
        let file = dir.path().join("file");
        std::fs::write(&file, b"x").unwrap();
        let e = check_dir_target(&file, true, owned)
            .unwrap_err()
            .to_string();
        assert!(e.contains("is a file"), "{e}");
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
