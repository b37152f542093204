//! Import of full GeoNames dumps (`SY.txt`, `IQ.zip`, `allCountries.zip`, and
//! `alternateNamesV2.txt`) into a local index.
//!
//! The bundled cities500 layer has only populated places of 500 people or more; a country dump
//! adds every neighbourhood (PPLX), bridge (BDG), oil well and field (OILW/OILF) and road (RD).
//! Files are read as a user downloads them (plain, `.gz` or `.zip`). A bad row is skipped and
//! counted, with its file and line kept for the summary, so one broken line in a
//! twelve-million-line dump does not cost the import.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::geonames;
use super::store::{PlaceRecord, StoreBuilder};
use super::Gazetteer;
use crate::error::{Error, Result};
use crate::read::Progress;

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportSummary {
    pub places: usize,
    pub alternate_names: usize,
    pub skipped: usize,
    /// The first few skipped rows, as `file:line: reason`.
    pub problems: Vec<String>,
    pub output: PathBuf,
}

const MAX_PROBLEMS: usize = 10;

/// Is this file GeoNames' alternateNames table (by name, else by its first row)?
fn is_alternate_names(path: &Path, first_line: &str) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.starts_with("alternatenames") {
        return true;
    }
    let cols: Vec<&str> = first_line.split('\t').collect();
    cols.len() >= 4
        && cols.len() <= 10
        && cols[0].parse::<u64>().is_ok()
        && cols[1].parse::<u64>().is_ok()
}

/// Call `f(entry name, reader)` for each table in the file: the file itself, its gunzipped
/// content, or each `.txt` inside a zip (GeoNames' zips carry a readme too, which is skipped).
fn for_each_table(
    path: &Path,
    progress: &Progress,
    f: &mut dyn FnMut(&Path, &mut dyn BufRead) -> Result<()>,
) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let file = progress.counted(file);
    let lower = path.to_string_lossy().to_lowercase();
    if lower.ends_with(".zip") {
        let mut zip = zip::ZipArchive::new(file)
            .map_err(|e| Error::invalid(path, format!("not a readable zip archive: {e}")))?;
        let mut found = false;
        for i in 0..zip.len() {
            let entry = zip
                .by_index(i)
                .map_err(|e| Error::invalid(path, e.to_string()))?;
            let name = entry.name().to_string();
            if !name.ends_with(".txt") || name.to_lowercase().contains("readme") {
                continue;
            }
            found = true;
            let inner = path.join(&name);
            f(&inner, &mut BufReader::new(entry))?;
        }
        if !found {
            return Err(Error::invalid(path, "the zip holds no GeoNames .txt table"));
        }
        Ok(())
    } else if lower.ends_with(".gz") {
        f(
            path,
            &mut BufReader::new(flate2::read::GzDecoder::new(file)),
        )
    } else {
        f(path, &mut BufReader::new(file))
    }
}

/// Read lines, lossily where a line is not UTF-8, reporting the 1-based line number.
fn read_lines(path: &Path, r: &mut dyn BufRead, mut f: impl FnMut(u64, &str)) -> Result<()> {
    let mut buf = Vec::new();
    let mut n = 0u64;
    loop {
        buf.clear();
        let got = r
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(path, e))?;
        if got == 0 {
            return Ok(());
        }
        n += 1;
        if n == 1 && buf.iter().take(4096).any(|&b| b == 0) {
            return Err(Error::invalid(path, "binary file, not a GeoNames table"));
        }
        let line = String::from_utf8_lossy(&buf);
        let line = line.trim_end_matches(['\n', '\r']);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        f(n, line);
    }
}

/// Import GeoNames tables into an index written (atomically) at `output`. `base` supplies
/// admin1 names the dumps themselves lack.
pub fn import(files: &[PathBuf], output: &Path, base: &Gazetteer) -> Result<ImportSummary> {
    import_with(files, output, base, &Progress::default())
}

/// As [`import`], counting the bytes read from `files` (compressed, as on disk) into
/// `progress`, for a progress bar.
pub fn import_with(
    files: &[PathBuf],
    output: &Path,
    base: &Gazetteer,
    progress: &Progress,
) -> Result<ImportSummary> {
    let mut summary = ImportSummary {
        output: output.to_path_buf(),
        ..Default::default()
    };
    let mut records: Vec<PlaceRecord> = Vec::new();
    let mut by_id: HashMap<u64, usize> = HashMap::new();
    let mut alternates: Vec<(PathBuf, u64, String)> = Vec::new();
    let problem = |summary: &mut ImportSummary, p: &Path, line: u64, msg: String| {
        summary.skipped += 1;
        if summary.problems.len() < MAX_PROBLEMS {
            summary
                .problems
                .push(format!("{}:{line}: {msg}", p.display()));
        }
    };
    for file in files {
        for_each_table(file, progress, &mut |path, reader| {
            let mut kind: Option<bool> = None;
            read_lines(path, reader, |n, line| {
                let alt = *kind.get_or_insert_with(|| is_alternate_names(path, line));
                if alt {
                    match geonames::parse_alternate_name(line) {
                        Ok(Some((id, name))) => alternates.push((path.to_path_buf(), id, name)),
                        Ok(None) => {}
                        Err(e) => problem(&mut summary, path, n, e),
                    }
                } else {
                    match geonames::parse_geoname(line, "import") {
                        Ok(r) => {
                            if r.geonameid != 0 {
                                by_id.insert(r.geonameid, records.len());
                            }
                            records.push(r);
                        }
                        Err(e) => problem(&mut summary, path, n, e),
                    }
                }
            })
        })?;
    }
    if records.is_empty() {
        return Err(Error::Input(format!(
            "no GeoNames places found in {} file(s){}; pass a country dump such as SY.txt or SY.zip",
            files.len(),
            summary.problems.first().map(|p| format!(" (first problem: {p})")).unwrap_or_default()
        )));
    }
    for (_, id, name) in alternates {
        if let Some(&i) = by_id.get(&id) {
            let r = &mut records[i];
            if r.name != name && !r.aliases.contains(&name) {
                r.aliases.push(name);
                summary.alternate_names += 1;
            }
        }
    }
    let mut names = geonames::admin1_names(&records);
    for part in base.parts() {
        for i in 0..part.store.len() as u32 {
            let row = part.store.place(i);
            if row.feature_code == "ADM1" && !row.admin1_code.is_empty() {
                names
                    .entry(row.admin1_code.to_string())
                    .or_insert_with(|| row.name.to_string());
            }
        }
    }
    geonames::fill_admin1(&mut records, &names);
    let mut builder = StoreBuilder::new();
    for r in &records {
        builder.add(r);
    }
    summary.places = records.len();
    crate::export::atomic::write(output, &builder.finish())?;
    Ok(summary)
}
