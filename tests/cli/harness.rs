//! A private work directory per test and a way to run the real binary in it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Workdir {
    dir: tempfile::TempDir,
}

/// What a run of the binary printed, decoded.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The stdout lines parsed as JSON.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
            .collect()
    }

    /// Fails with both streams shown, so a failing assertion explains itself.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "panic: {}", self.stderr);
        self
    }
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write a file in the work directory and return its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// A command for the binary, run in the work directory with its own data directory so no
    /// test sees another's (or the developer's) imported gazetteer.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_incimap"));
        c.args(args)
            .current_dir(self.dir.path())
            .env("INCIMAP_HOME", self.dir.path().join("home"))
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        decode(self.command(args).output().expect("run incimap"))
    }

    /// Run, but kill the run and fail the test if it is still going after `limit`: for
    /// inputs that once made a stage quadratic, so a regression fails instead of hanging CI.
    /// The limit is a hang guard far above the normal run time, not a speed measurement.
    pub fn run_within(&self, args: &[&str], limit: std::time::Duration) -> Run {
        let mut child = self
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn incimap");
        let started = std::time::Instant::now();
        while child.try_wait().expect("wait for incimap").is_none() {
            if started.elapsed() > limit {
                let _ = child.kill();
                panic!("incimap {args:?} still running after {limit:?}: killed");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        decode(child.wait_with_output().unwrap())
    }

    /// Run with one more environment variable set.
    pub fn run_with_env(&self, args: &[&str], key: &str, value: &str) -> Run {
        decode(
            self.command(args)
                .env(key, value)
                .output()
                .expect("run incimap"),
        )
    }

    /// Run with `input` on stdin.
    pub fn run_stdin(&self, args: &[&str], input: &str) -> Run {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn incimap");
        // The binary may exit before reading its input (a usage error): a closed pipe is fine.
        if let Err(e) = child.stdin.take().unwrap().write_all(input.as_bytes()) {
            assert_eq!(
                e.kind(),
                std::io::ErrorKind::BrokenPipe,
                "writing stdin: {e}"
            );
        }
        decode(child.wait_with_output().unwrap())
    }
}

fn decode(o: Output) -> Run {
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Whether `script` (util-linux) is here to run a command on a pseudo-terminal; a test
/// that needs one says "skipped" without it.
pub fn has_script() -> bool {
    let here = Command::new("script").arg("--version").output().is_ok();
    if !here {
        eprintln!("skipped: no `script` to make a terminal");
    }
    here
}

/// Whether the slow tests run: runs at scale that take tens of seconds each in a debug
/// build. `ci/test.sh` sets `INCIMAP_SLOW_TESTS=1`; a plain `cargo test` skips them and
/// says so past the test harness's capture, so a skip never reads as a pass.
pub fn slow_tests(test: &str) -> bool {
    let on = std::env::var_os("INCIMAP_SLOW_TESTS").is_some_and(|v| v != "0" && !v.is_empty());
    if !on {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped: {test} is slow; set INCIMAP_SLOW_TESTS=1 to run it (ci/test.sh does)"
        );
    }
    on
}

/// A fixture file under `tests/fixtures`.
pub fn fixture(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    assert!(p.exists(), "missing fixture {}", p.display());
    p.to_string_lossy().into_owned()
}

/// Great-circle distance in km, for asserting positions.
pub fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0088 * 2.0 * a.sqrt().asin()
}

/// The bundled seed article.
pub fn seed() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/samples/deir-ez-zor-2014.txt")
        .to_string_lossy()
        .into_owned()
}

/// Extract the seed article's incidents (dated 2014-06-20) into `name` in the work directory.
pub fn extract_seed(wd: &Workdir, name: &str, format: &str) -> PathBuf {
    wd.run(&[
        "extract",
        &seed(),
        "--date",
        "2014-06-20",
        "--format",
        format,
        "-o",
        name,
    ])
    .expect_code(0);
    wd.path().join(name)
}
