//! One file per value of a column (`event_type`, `actor1`, ...), so a GIS user adds each
//! kind of event or each actor as its own layer, plus an `index.json` that lists them.
//!
//! File names come from data, so they are made safe: the value's lower-case ASCII letters
//! and digits, other runs of characters as one `-`, at most 80 characters. A value that
//! leaves nothing (Arabic script, punctuation only), that is cut, that names a Windows device
//! (`con`, `nul`, ...) or whose name another value also gets (`Battles` and `battles`) gets an
//! 8-hex-digit hash of the whole value appended, so `../../x`, slashes, NUL bytes and
//! 300-character values all end up as plain names inside the directory. Features without the
//! value go to `none.<ext>` (index value `null`).
//!
//! The directory may hold other files: they are never touched. A layer file or `index.json`
//! that exists already is only replaced with `force`, else the run stops before writing
//! anything, naming the file.
//!
//! Failures leave no partial files: every file is first written into a hidden staging
//! directory inside the output directory (`.incimap-<pid>-XXXXXX.staging`, same file system, so the
//! final renames are atomic). Only when all of them are written (a full disk or a write
//! error stops the run here, and the staging directory is removed) are they renamed into
//! place, `index.json` last; files they replace are first moved into the staging directory,
//! and if a rename fails, the ones made are undone and the replaced ones put back.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::schema::{Cell, Row, Schema};
use super::{atomic, Format, Writer};
use crate::error::{Error, Result};

/// The longest file name stem made from a value, before a hash suffix.
const MAX_STEM: usize = 80;

/// The index file written next to the layers.
pub const INDEX: &str = "index.json";

/// How to split.
#[derive(Debug, Clone)]
pub struct Options {
    /// The column whose values name the layers.
    pub by: String,
    pub format: Format,
    /// Replace layer files (and `index.json`) that exist already.
    pub force: bool,
    /// What the features were read from, for the index.
    pub input: String,
}

/// One layer file, as `index.json` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layer {
    /// The value every feature in the file has (`null`: features without one).
    pub value: Option<String>,
    /// The file name, inside the output directory.
    pub file: String,
    /// Features in the file.
    pub count: u64,
    /// `[west, south, east, north]` of the features.
    pub bbox: Option<[f64; 4]>,
}

/// What `index.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Index {
    pub input: String,
    pub by: String,
    pub format: &'static str,
    pub count: u64,
    pub bbox: Option<[f64; 4]>,
    pub layers: Vec<Layer>,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub index: Index,
    /// Files an earlier run's `index.json` listed that this run did not write: left as they
    /// were.
    pub stale: Vec<String>,
}

/// Split `rows` by the column `opts.by` and write one file each, and `index.json`, into `dir`.
pub fn write<R: Row>(dir: &Path, schema: &Schema, rows: &[R], opts: &Options) -> Result<Written> {
    let by = schema.position(&opts.by);
    // No features make no layers, only an index that says so (an empty set has no columns).
    if by.is_none() && !rows.is_empty() {
        let names: Vec<&str> = schema.columns.iter().map(|c| c.name.as_str()).collect();
        return Err(Error::Input(format!(
            "the features have no `{}` property to split by (they have: {})",
            opts.by,
            names.join(", ")
        )));
    }

    // Group, in value order, features without a value last.
    let mut groups: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
    if let Some(by) = by {
        for (k, r) in rows.iter().enumerate() {
            let value = match r.cell(by) {
                Cell::Str(s) if !s.is_empty() => Some(s.to_string()),
                Cell::Null | Cell::Str(_) => None,
                Cell::Bool(b) => Some(b.to_string()),
                Cell::Int(n) => Some(n.to_string()),
                Cell::Float(x) => Some(x.to_string()),
                Cell::Date(d) => Some(d.to_string()),
            };
            groups.entry(value).or_default().push(k);
        }
    }
    let mut groups: Vec<(Option<String>, Vec<usize>)> = groups.into_iter().collect();
    groups.sort_by_key(|(v, _)| v.is_none());
    let values: Vec<Option<&str>> = groups.iter().map(|(v, _)| v.as_deref()).collect();
    let names = file_names(&values, opts.format.extension());

    // Check the directory before writing anything.
    if dir.exists() && !dir.is_dir() {
        return Err(Error::invalid(dir, "exists and is not a directory"));
    }
    // The directories this run creates, innermost first: removed again if it fails.
    let created: Vec<&Path> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .collect();
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::invalid(dir, format!("cannot create the output directory: {e}")))?;
    let written = stage_and_commit(dir, schema, rows, opts, &groups, &names);
    if written.is_err() {
        for d in created {
            // Only if empty, which they are when nothing was left behind.
            let _ = std::fs::remove_dir(d);
        }
    }
    written
}

/// Check for existing files, write every layer and the index into a staging directory, then
/// move them into place.
fn stage_and_commit<R: Row>(
    dir: &Path,
    schema: &Schema,
    rows: &[R],
    opts: &Options,
    groups: &[(Option<String>, Vec<usize>)],
    names: &[String],
) -> Result<Written> {
    for name in names.iter().map(String::as_str).chain([INDEX]) {
        let target = dir.join(name);
        let Ok(meta) = std::fs::symlink_metadata(&target) else {
            continue;
        };
        if meta.is_dir() {
            return Err(Error::invalid(
                &target,
                "is a directory where a layer file would go; move it away or pick another -o",
            ));
        }
        if !opts.force {
            return Err(Error::invalid(
                &target,
                "exists already; pass --force to overwrite the layer files (other files in the \
                 directory are never touched)",
            ));
        }
    }
    let stale = stale_layers(dir, names);

    // Write everything into the staging directory (a killed run's is swept by the next).
    atomic::sweep_dead(dir);
    let staging = tempfile::Builder::new()
        .prefix(&atomic::temp_prefix())
        .suffix(".staging")
        .tempdir_in(dir)
        .map_err(|e| Error::invalid(dir, format!("cannot write into the directory: {e}")))?;
    let mut layers = Vec::with_capacity(groups.len());
    let mut total = super::Bbox::default();
    let mut count = 0;
    for ((value, members), file) in groups.iter().zip(names) {
        let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
        let mut summary = None;
        atomic::write_with(&staging.path().join(file), |out| {
            let mut w = Writer::new(out, opts.format, schema.clone(), stem)?;
            for &k in members {
                w.write(&rows[k])?;
            }
            summary = Some(w.finish()?);
            Ok(())
        })
        .map_err(|e| failed(&dir.join(file), e))?;
        let s = summary.unwrap_or_default();
        if let Some([w, so, e, n]) = s.bbox.get() {
            total.add([w, so]);
            total.add([e, n]);
        }
        count += s.written;
        layers.push(Layer {
            value: value.clone(),
            file: file.clone(),
            count: s.written,
            bbox: s.bbox.get(),
        });
    }
    let index = Index {
        input: opts.input.clone(),
        by: opts.by.clone(),
        format: opts.format.extension(),
        count,
        bbox: total.get(),
        layers,
    };
    let mut json = serde_json::to_vec_pretty(&index)
        .map_err(|e| Error::Input(format!("cannot encode {INDEX}: {e}")))?;
    json.push(b'\n');
    atomic::write(&staging.path().join(INDEX), &json).map_err(|e| failed(&dir.join(INDEX), e))?;

    // Move them into place, index last.
    let files: Vec<&str> = names.iter().map(String::as_str).chain([INDEX]).collect();
    commit(dir, staging.path(), &files)?;
    staging.close().map_err(|e| {
        Error::invalid(
            dir,
            format!("layers written, but the staging directory stays: {e}"),
        )
    })?;
    Ok(Written { index, stale })
}

/// A write into the staging directory failed: say which file of the output directory it was
/// for, and that nothing was left behind.
fn failed(target: &Path, e: Error) -> Error {
    let why = match e {
        Error::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    };
    Error::invalid(
        target,
        format!("cannot write: {why}; nothing was written to the directory"),
    )
}

/// Rename each staged file over its target; on failure undo what was done.
fn commit(dir: &Path, staging: &Path, files: &[&str]) -> Result<()> {
    let replaced = staging.join(".replaced");
    std::fs::create_dir(&replaced).map_err(|e| Error::io(&replaced, e))?;
    // (target, where the file it replaced was put)
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for name in files {
        let target = dir.join(name);
        let result = (|| {
            let mut backup = None;
            if std::fs::symlink_metadata(&target).is_ok() {
                let b = replaced.join(name);
                std::fs::rename(&target, &b)?;
                backup = Some(b);
            }
            if let Err(e) = std::fs::rename(staging.join(name), &target) {
                if let Some(b) = &backup {
                    let _ = std::fs::rename(b, &target);
                }
                return Err(e);
            }
            Ok(backup)
        })();
        match result {
            Ok(backup) => done.push((target, backup)),
            Err(e) => {
                for (t, backup) in done.into_iter().rev() {
                    let _ = std::fs::remove_file(&t);
                    if let Some(b) = backup {
                        let _ = std::fs::rename(b, &t);
                    }
                }
                return Err(Error::invalid(
                    &target,
                    format!("cannot move into place: {e}; the directory is as it was"),
                ));
            }
        }
    }
    Ok(())
}

/// Files the directory's current `index.json` lists that `names` does not.
fn stale_layers(dir: &Path, names: &[String]) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(dir.join(INDEX)) else {
        return Vec::new();
    };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    let listed = v["layers"].as_array().into_iter().flatten();
    listed
        .filter_map(|l| l["file"].as_str())
        .filter(|f| !names.iter().any(|n| n == f))
        // Only plain names, as this module writes them.
        .filter(|f| Path::new(f).file_name() == Some(std::ffi::OsStr::new(f)))
        .filter(|f| dir.join(f).is_file())
        .map(str::to_string)
        .collect()
}

/// A file name for each value (`None`: no value), all different, all plain names.
pub fn file_names(values: &[Option<&str>], ext: &str) -> Vec<String> {
    let stems: Vec<(String, bool)> = values.iter().map(|v| stem(*v)).collect();
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for (s, _) in &stems {
        *uses.entry(s.as_str()).or_default() += 1;
    }
    let mut names: Vec<String> = stems
        .iter()
        .zip(values)
        .map(|((s, needs_hash), v)| {
            if *needs_hash || uses[s.as_str()] > 1 {
                let base = if s.is_empty() { "value" } else { s.as_str() };
                format!("{base}-{:08x}", hash(*v))
            } else {
                s.clone()
            }
        })
        .collect();
    // Should a hashed name meet another name, number the later one.
    let mut taken = std::collections::HashSet::new();
    for n in &mut names {
        if !taken.insert(n.clone()) {
            let mut k = 2;
            while !taken.insert(format!("{n}-{k}")) {
                k += 1;
            }
            *n = format!("{n}-{k}");
        }
    }
    names.into_iter().map(|n| format!("{n}.{ext}")).collect()
}

/// The slug of a value, and whether it must get a hash to be usable or unambiguous.
fn stem(value: Option<&str>) -> (String, bool) {
    let Some(value) = value else {
        return ("none".to_string(), false);
    };
    let mut s = String::new();
    let mut gap = false;
    for c in value.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !s.is_empty() {
                s.push('-');
            }
            gap = false;
            s.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    let cut = s.len() > MAX_STEM;
    if cut {
        s.truncate(MAX_STEM);
        while s.ends_with('-') {
            s.pop();
        }
    }
    let device = matches!(s.as_str(), "con" | "prn" | "aux" | "nul" | "none" | "index")
        || (s.len() == 4
            && (s.starts_with("com") || s.starts_with("lpt"))
            && s.as_bytes()[3].is_ascii_digit());
    let needs_hash = s.is_empty() || cut || device;
    (s, needs_hash)
}

/// FNV-1a, folded to 32 bits: stable across runs, platforms and Rust versions.
fn hash(value: Option<&str>) -> u32 {
    let h = crate::hash::fnv1a(value.map_or(&b"\0none"[..], str::as_bytes));
    (h ^ (h >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(values: &[Option<&str>]) -> Vec<String> {
        file_names(values, "geojson")
    }

    #[test]
    fn values_become_plain_lower_case_names() {
        assert_eq!(
            names(&[
                Some("Battles"),
                Some("Explosions/Remote violence"),
                Some("Military Forces of Syria (2000-)"),
                None
            ]),
            [
                "battles.geojson",
                "explosions-remote-violence.geojson",
                "military-forces-of-syria-2000.geojson",
                "none.geojson"
            ]
        );
    }

    #[test]
    fn hostile_values_stay_inside_the_directory() {
        let long = "a".repeat(300);
        let got = names(&[
            Some("../../x"),
            Some("a/b\\c"),
            Some("\0"),
            Some("nul\0bytes"),
            Some(long.as_str()),
            Some("الجيش السوري"),
            Some("CON"),
            Some("x"),
            Some(".."),
            Some("none"),
        ]);
        for n in &got {
            assert!(
                n.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b)),
                "{n}"
            );
            assert!(!n.starts_with('.') && n.len() < 100, "{n}");
            assert_eq!(n.matches('.').count(), 1, "{n}");
        }
        let unique: std::collections::HashSet<_> = got.iter().collect();
        assert_eq!(unique.len(), got.len(), "{got:?}");
        // `../../x` and `x` share the slug `x`: both get a hash.
        assert!(
            got[0].starts_with("x-") && got[7].starts_with("x-"),
            "{got:?}"
        );
        assert!(got[4].starts_with(&"a".repeat(80)) && got[4].len() == 80 + 9 + 8);
        assert!(got[5].starts_with("value-"), "{}", got[5]);
        assert!(got[6].starts_with("con-"), "{}", got[6]);
        assert!(got[9].starts_with("none-"), "{}", got[9]);
    }

    #[test]
    fn names_do_not_depend_on_the_run() {
        assert_eq!(hash(Some("../../x")), hash(Some("../../x")));
        // FNV-1a of "" is its offset basis, cbf29ce484222325, folded.
        assert_eq!(hash(Some("")), 0xcbf2_9ce4 ^ 0x8422_2325);
    }
}
