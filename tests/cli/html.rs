//! `incimap render -o map.html`: the page opened in a real headless Chromium, driven over the
//! DevTools protocol (a small WebSocket client below, no dependencies): nothing leaves the
//! page, nothing logs an error, the legend names every event type, a real click on an
//! incident shows its notes, and a note holding `<script>` shows as text and runs nothing;
//! and the controls: legend toggles, dates, place search, the keyboard's list, discs and the
//! per-area counts above the limit.
//!
//! The browser tests skip with a notice when no Chromium is installed (`.ci/run` installs
//! Debian's `chromium`); `INCIMAP_CHROMIUM` names another binary. With
//! `INCIMAP_UPDATE_DOCS=1` the seed test saves its screenshot as `docs/seed-map-html.png`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::harness::{fixture, Workdir};

/// One browser at a time: the machine is small, and pages load faster alone.
static BROWSER: Mutex<()> = Mutex::new(());

/// The seed fixture's event types.
const SEED_TYPES: [&str; 2] = ["Explosions/Remote violence", "Strategic developments"];

#[test]
fn seed_page_works_offline_in_a_real_browser() {
    let wd = Workdir::new();
    let seed = fixture("render-seed.geojson");
    let run = wd.run(&["render", &seed, "-o", "seed.html"]);
    run.expect_code(0);
    assert!(run.stderr.contains("7 incidents"), "{}", run.stderr);

    let Some(mut b) = browse(&wd.path().join("seed.html")) else {
        return;
    };
    // The legend names exactly the file's event types, with their counts.
    let legend =
        b.eval("Array.from(document.querySelectorAll('.legend button')).map(b => b.textContent)");
    let legend: Vec<&str> = legend
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        legend,
        ["Explosions/Remote violence5", "Strategic developments2"]
    );
    for t in SEED_TYPES {
        assert!(legend.iter().any(|l| l.starts_with(t)), "{t} in {legend:?}");
    }
    // A real click on the car bomb (the third incident, 5 dead) shows its record and notes.
    b.click_incident(2);
    let popup = b.popup_when(|p| p.contains("vehicle bombs"));
    assert!(
        popup.contains("vehicle bombs on al-Taym oil wells road"),
        "{popup}"
    );
    assert!(popup.contains("Remote explosive/landmine/IED"), "{popup}");
    assert!(popup.contains("Fatalities5"), "{popup}");
    assert!(popup.contains("deir-ez-zor-2014.txt"), "{popup}");
    // From the keyboard: Enter on an incident in the list opens its record, Escape closes it
    // and gives the focus back.
    b.eval("incimap.map.closePopup(); document.querySelectorAll('.list button')[2].focus(); 0");
    b.key("Enter", 13);
    let popup = b.popup_when(|p| p.contains("vehicle bombs"));
    assert!(popup.contains("vehicle bombs"), "{popup}");
    assert_eq!(
        b.eval("document.activeElement.className"),
        json!("incimap-card")
    );
    b.key("Escape", 27);
    assert_eq!(b.popup_when(str::is_empty), "");
    assert_eq!(
        b.eval("document.activeElement.parentElement.parentElement.className"),
        json!("list")
    );
    // The date range: from 19 June, only the three incidents of the 20th are left.
    b.eval("{ const f = document.getElementById('incimap-date-from'); f.value = '2014-06-19'; f.dispatchEvent(new Event('change')); }");
    assert_eq!(b.eval("incimap.inView()"), json!(3));
    b.eval("document.querySelector('.dates button').click()");
    assert_eq!(b.eval("incimap.inView()"), json!(7));
    // Switching an event type off takes its incidents off the map and the list.
    assert_eq!(b.eval("incimap.inView()"), json!(7));
    b.eval("document.querySelectorAll('.legend button')[1].click()");
    assert_eq!(b.eval("incimap.inView()"), json!(5));
    b.eval("document.querySelectorAll('.legend button')[1].click()");
    // The place search moves the map to the place.
    b.eval("{ const s = document.getElementById('incimap-search'); s.value = 'hatla'; s.dispatchEvent(new Event('change')); }");
    let status = b.eval("document.querySelector('.search [aria-live]').textContent");
    assert_eq!(status, json!("Showing Hatla."));
    b.eval("incimap.map.fitBounds(JSON.parse(document.getElementById('incimap-data').textContent).view.fit, {animate: false}); 0");
    b.eval("document.activeElement.blur(); document.getElementById('panel').scrollTop = 0");
    b.click_incident(2);
    let shot = b.screenshot();
    std::fs::write(wd.path().join("seed-map-html.png"), &shot).unwrap();
    if std::env::var_os("INCIMAP_UPDATE_DOCS").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/seed-map-html.png");
        std::fs::write(docs, &shot).unwrap();
    }
    assert_eq!(&shot[1..4], b"PNG");
    b.assert_quiet_and_offline();
}

#[test]
fn a_script_in_a_note_shows_as_text_and_runs_nothing() {
    let wd = Workdir::new();
    let evil = "<script>alert(1)</script>";
    let features: Vec<Value> = [
        (40.14084, 35.33588, evil, "Battles"),
        (
            40.19897,
            35.34169,
            "Shelling of Hatla.",
            "<img src=x onerror=alert(2)>",
        ),
    ]
    .iter()
    .map(|&(lon, lat, notes, event_type)| {
        json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
               "properties": {"event_type": event_type, "notes": notes, "event_date": "2014-06-18",
                              "location": "</script><script>alert(3)</script>", "fatalities": 1}})
    })
    .collect();
    write_collection(&wd, "evil.geojson", features);
    wd.run(&[
        "render",
        "evil.geojson",
        "-o",
        "evil.html",
        "--title",
        "<b onmouseover=alert(4)>title</b>",
        "-q",
    ])
    .expect_code(0);

    let Some(mut b) = browse(&wd.path().join("evil.html")) else {
        return;
    };
    b.click_incident(0);
    let popup = b.popup_when(|p| p.contains(evil));
    assert!(popup.contains(evil), "{popup}");
    let scripts = b.eval("document.querySelectorAll('#panel script, .leaflet-popup script, #panel img, #panel b').length");
    assert_eq!(scripts, json!(0));
    let title = b.eval("document.querySelector('#panel h1').textContent + '|' + document.title");
    assert_eq!(
        title,
        json!("<b onmouseover=alert(4)>title</b>|<b onmouseover=alert(4)>title</b>")
    );
    let legend =
        b.eval("Array.from(document.querySelectorAll('.legend .name')).map(e => e.textContent)");
    assert_eq!(legend, json!(["Battles", "Other"]));
    // Dialogs are watched for on every message; give a late one time to show.
    std::thread::sleep(Duration::from_millis(300));
    b.eval("1");
    b.assert_quiet_and_offline();
}

#[test]
fn above_the_limit_the_page_counts_per_area_until_zoomed_in() {
    let wd = Workdir::new();
    // 12,000 incidents (the limit is 10,000 in view) scattered around two towns.
    let mut seed = 17u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let types = ["Battles", "Protests", "Riots"];
    let features: Vec<Value> = (0..12_000)
        .map(|i| {
            let (lon, lat) = if i % 3 == 0 { (40.14, 35.33) } else { (37.16, 36.2) };
            json!({"type": "Feature",
                   "geometry": {"type": "Point", "coordinates": [lon + next() - 0.5, lat + next() - 0.5]},
                   "properties": {"event_type": types[i % 3], "event_date": "2016-03-01",
                                  "fatalities": i % 4, "notes": format!("Incident {i}.")}})
        })
        .collect();
    write_collection(&wd, "many.geojson", features);
    wd.run(&["render", "many.geojson", "-o", "many.html", "-q"])
        .expect_code(0);
    let Some(mut b) = browse(&wd.path().join("many.html")) else {
        return;
    };
    assert_eq!(
        b.eval("[incimap.inView(), incimap.cells()]"),
        json!([12_000, true])
    );
    assert_eq!(b.eval("incimap.pixelOf(0)"), Value::Null);
    // Zoomed in on one town, each incident is a dot again, and clickable.
    b.eval("incimap.map.setView([35.33, 40.14], incimap.map.getZoom() + 3, {animate: false}); 0");
    let shown = b.eval("[incimap.inView() < 10000, incimap.cells()]");
    assert_eq!(shown, json!([true, false]));
    let i = b.eval("[...Array(12000).keys()].find(i => incimap.pixelOf(i))");
    let i = i.as_u64().expect("an incident drawn as a dot") as usize;
    b.click_incident(i);
    let popup = b.popup_when(|p| p.contains(&format!("Incident {i}.")));
    assert!(popup.contains(&format!("Incident {i}.")), "{popup}");
    b.assert_quiet_and_offline();
}

#[test]
fn more_incidents_at_one_point_than_fan_out_become_a_disc_to_click() {
    let wd = Workdir::new();
    // 30 incidents at Deir ez-Zor's point (more than the 24 a fan holds), one at Hatla.
    let mut features: Vec<Value> = (0..30)
        .map(|i| {
            json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.14084, 35.33588]},
                   "properties": {"event_type": if i % 2 == 0 { "Battles" } else { "Protests" },
                                  "event_date": "2014-06-18", "notes": format!("At the centre, number {i}.")}})
        })
        .collect();
    features.push(json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.19897, 35.34169]},
                         "properties": {"event_type": "Battles", "notes": "In Hatla."}}));
    write_collection(&wd, "disc.geojson", features);
    wd.run(&["render", "disc.geojson", "-o", "disc.html", "-q"])
        .expect_code(0);
    let Some(mut b) = browse(&wd.path().join("disc.html")) else {
        return;
    };
    assert_eq!(b.eval("incimap.pixelOf(0)"), Value::Null);
    let disc = b.eval("incimap.pixelOfDisc(0)");
    assert!(disc.is_object(), "the disc is not drawn: {disc}");
    b.click_at(disc);
    let popup = b.popup_when(|p| p.starts_with("30 incidents at this point"));
    assert!(popup.starts_with("30 incidents at this point"), "{popup}");
    // Each incident of the disc is a button that opens its record.
    b.eval("document.querySelectorAll('.leaflet-popup-content li button')[7].click()");
    let popup = b.popup_when(|p| p.contains("At the centre, number 7."));
    assert!(popup.contains("At the centre, number 7."), "{popup}");
    b.assert_quiet_and_offline();
}

#[test]
fn an_empty_set_gives_a_page_that_says_so() {
    let wd = Workdir::new();
    write_collection(&wd, "none.geojson", Vec::new());
    let run = wd.run(&["render", "none.geojson", "-o", "none.html"]);
    run.expect_code(0);
    assert!(run.stderr.contains("the page says so"), "{}", run.stderr);
    let page = std::fs::read_to_string(wd.path().join("none.html")).unwrap();
    assert!(page.contains("No incidents in the input"));
    let Some(mut b) = browse(&wd.path().join("none.html")) else {
        return;
    };
    let note = b.eval("document.querySelector('#map .note').textContent");
    assert_eq!(note, json!("No incidents in the input"));
    b.assert_quiet_and_offline();
}

#[test]
fn an_unwritable_html_path_is_an_error_and_leaves_no_file() {
    let wd = Workdir::new();
    let seed = fixture("render-seed.geojson");
    wd.write("plain.txt", "a file, not a folder");
    std::fs::create_dir(wd.path().join("taken.html")).unwrap();
    // A folder under a file, and a folder where the page should go.
    for out in ["plain.txt/map.html", "taken.html"] {
        let run = wd.run(&["render", &seed, "-o", out]);
        run.expect_code(2);
        // The path is checked before any work, with a sentence that says what to do.
        assert!(run.stderr.contains(out), "{}", run.stderr);
        assert!(
            run.stderr.contains("not a folder") || run.stderr.contains("is a folder"),
            "{}",
            run.stderr
        );
    }
    let left: Vec<_> = std::fs::read_dir(wd.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".incimap-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn the_same_incidents_give_the_same_page_bytes() {
    let wd = Workdir::new();
    let seed = fixture("render-seed.geojson");
    for out in ["a.html", "b.htm"] {
        wd.run(&["render", &seed, "-o", out, "-q"]).expect_code(0);
    }
    let a = std::fs::read(wd.path().join("a.html")).unwrap();
    let b = std::fs::read(wd.path().join("b.htm")).unwrap();
    assert!(a == b, "pages differ");
    // Self-contained and small: Leaflet and the basemap inline, no external reference.
    let text = String::from_utf8(a).unwrap();
    assert!(text.len() < 400_000, "{} bytes", text.len());
    // (Leaflet's own credit link is in its script, unused: the page sets its credit line.)
    for external in ["src=\"http", "url(images", "url(http", "@import"] {
        assert!(!text.contains(external), "{external}");
    }
}

#[test]
fn map_writes_the_html_page_beside_the_png() {
    let wd = Workdir::new();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples/deir-ez-zor-2014.txt");
    let run = wd.run(&[
        "map",
        &sample.to_string_lossy(),
        "--date",
        "2014-06-20",
        "-o",
        "out",
    ]);
    run.expect_code(0);
    let page = std::fs::read_to_string(wd.path().join("out/map.html")).unwrap();
    assert!(page.contains("incimap-data"));
    assert!(page.contains("vehicle bombs"));
    assert!(wd.path().join("out/map.png").exists());
    assert!(run.stderr.contains("map.html"), "{}", run.stderr);
}

/// Time to interactive of the page in `INCIMAP_BENCH_PAGE`, for `bench/html.sh`: not a
/// test (it asserts nothing about speed), so it runs only when asked for.
#[test]
#[ignore]
fn bench_time_to_interactive() {
    let Some(page) = std::env::var_os("INCIMAP_BENCH_PAGE") else {
        eprintln!("set INCIMAP_BENCH_PAGE to a page to measure");
        return;
    };
    let runs: usize = std::env::var("INCIMAP_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    for _ in 0..runs {
        let Some(mut b) = browse(Path::new(&page)) else {
            return;
        };
        let painted = b.eval(
            "new Promise(r => { const f = () => incimap.painted ? r(incimap.painted) : setTimeout(f, 5); f(); })",
        );
        // A pan and a zoom after load: how long the map takes to redraw.
        let pan = b.eval("new Promise(r => { const t = performance.now(); incimap.map.panBy([300, 200], {animate: false}); requestAnimationFrame(() => r(performance.now() - t)); })");
        let zoom = b.eval("new Promise(r => { const t = performance.now(); incimap.map.setZoom(incimap.map.getZoom() + 1, {animate: false}); requestAnimationFrame(() => r(performance.now() - t)); })");
        let shown = b.eval("[incimap.inView(), incimap.cells()]");
        println!(
            "{}",
            json!({"ready_ms": b.eval("incimap.ready"), "painted_ms": painted,
                   "pan_ms": pan, "zoom_ms": zoom, "in_view_and_cells": shown,
                   "bytes": std::fs::metadata(&page).map(|m| m.len()).unwrap_or(0)})
        );
        b.assert_quiet_and_offline();
    }
}

/// Write `features` as a GeoJSON FeatureCollection.
fn write_collection(wd: &Workdir, name: &str, features: Vec<Value>) {
    let collection = json!({"type": "FeatureCollection", "features": features});
    wd.write(name, collection.to_string());
}

/// The page open and drawn in a headless Chromium (one browser at a time), or `None` with a
/// notice when there is no Chromium.
fn browse(page: &Path) -> Option<Browser> {
    let chromium = chromium()?;
    let one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let mut b = Browser::open(&chromium, page, one);
    b.wait_ready();
    Some(b)
}

/// The Chromium binary, or `None` with a notice (the browser tests then skip).
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("INCIMAP_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    // Written past the test harness's capture, once, so CI logs show what was skipped.
    static NOTICE: std::sync::Once = std::sync::Once::new();
    NOTICE.call_once(|| {
        let _ = std::io::stderr().write_all(
            b"html tests: no chromium found (apt-get install chromium, or set INCIMAP_CHROMIUM): browser checks skipped\n",
        );
    });
    None
}

/// A headless Chromium with one page, spoken to over the DevTools protocol.
struct Browser {
    child: Child,
    ws: Socket,
    next_id: u64,
    /// Every event received, in order.
    events: Vec<Value>,
    _profile: tempfile::TempDir,
    _one: MutexGuard<'static, ()>,
}

/// How long to wait for any one browser answer before calling it hung (a hang guard, not a
/// speed check).
const PATIENCE: Duration = Duration::from_secs(90);

impl Browser {
    /// Start the browser on a blank page, start listening, then load `page`: so every
    /// request the page makes is seen.
    fn open(chromium: &Path, page: &Path, one: MutexGuard<'static, ()>) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--window-size=1400,900",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
        let mut lines = BufReader::new(child.stderr.take().unwrap());
        let mut url = None;
        let mut line = String::new();
        let mut seen = String::new();
        while lines.read_line(&mut line).unwrap_or(0) > 0 {
            if let Some(at) = line.find("ws://") {
                url = Some(line[at..].trim().to_string());
                break;
            }
            seen.push_str(&line);
            line.clear();
        }
        let url = url.unwrap_or_else(|| panic!("no DevTools URL from chromium:\n{seen}"));
        // Keep draining stderr so the browser never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
        let port = url["ws://".len()..].split('/').next().unwrap().to_string();
        let target = page_target(&port);
        let mut b = Browser {
            child,
            ws: Socket::connect(&target),
            next_id: 0,
            events: Vec::new(),
            _profile: profile,
            _one: one,
        };
        for domain in ["Page", "Runtime", "Network", "Log"] {
            b.call(&format!("{domain}.enable"), json!({}));
        }
        let url = format!("file://{}", page.canonicalize().unwrap().display());
        b.call("Page.navigate", json!({ "url": url }));
        b
    }

    /// Send a command and wait for its answer, keeping the events that come before it.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.ws
            .send(&json!({"id": id, "method": method, "params": params}).to_string());
        loop {
            let text = self.ws.recv();
            if std::env::var_os("INCIMAP_CDP_DEBUG").is_some() {
                eprintln!("cdp <- {:.300}", text);
            }
            let msg: Value = serde_json::from_str(&text).unwrap();
            if msg.get("id") == Some(&json!(id)) {
                if let Some(e) = msg.get("error") {
                    panic!("{method}: {e}");
                }
                return msg["result"].clone();
            }
            if msg["method"] == "Page.javascriptDialogOpening" {
                panic!("the page opened a dialog: {}", msg["params"]);
            }
            self.events.push(msg);
        }
    }

    /// Evaluate JavaScript (promises awaited) and return its value.
    fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("{expr}: {e}");
        }
        r["result"]["value"].clone()
    }

    /// Wait until the page's script has drawn the map.
    fn wait_ready(&mut self) {
        let started = Instant::now();
        while self.eval("!!(window.incimap && window.incimap.ready)") != json!(true) {
            assert!(started.elapsed() < PATIENCE, "the page never became ready");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Click, as a user would (mouse moved, pressed, released), where incident `i` is drawn.
    fn click_incident(&mut self, i: usize) {
        let at = self.eval(&format!("incimap.pixelOf({i})"));
        assert!(at.is_object(), "incident {i} is not drawn: {at}");
        self.click_at(at);
    }

    /// Click at `{x, y}` in page pixels.
    fn click_at(&mut self, at: Value) {
        let (x, y) = (at["x"].as_f64().unwrap(), at["y"].as_f64().unwrap());
        for (kind, buttons) in [("mouseMoved", 0), ("mousePressed", 1), ("mouseReleased", 0)] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left",
                       "buttons": buttons, "clickCount": 1}),
            );
        }
    }

    /// Press and release a key, as a keyboard would.
    fn key(&mut self, key: &str, code: u32) {
        let text = if key == "Enter" { "\r" } else { "" };
        for kind in ["keyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code,
                       "nativeVirtualKeyCode": code, "text": if kind == "keyDown" { text } else { "" }}),
            );
        }
    }

    fn popup_text(&mut self) -> String {
        let t = self.eval("incimap.popupText()");
        t.as_str().unwrap_or_default().to_string()
    }

    /// The popup's text once it satisfies `done`, or as it stands after a few seconds: the
    /// map may pan before it opens a popup, and a loaded machine takes its time over that.
    fn popup_when(&mut self, done: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let text = self.popup_text();
            if done(&text) || started.elapsed() > Duration::from_secs(5) {
                return text;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn screenshot(&mut self) -> Vec<u8> {
        let r = self.call("Page.captureScreenshot", json!({"format": "png"}));
        base64(r["data"].as_str().unwrap())
    }

    /// No request went anywhere but the page's own file (or inline data), and nothing
    /// logged an error or threw.
    fn assert_quiet_and_offline(&mut self) {
        self.eval("1"); // collect what is pending
        for e in &self.events {
            let p = &e["params"];
            match e["method"].as_str().unwrap_or_default() {
                "Network.requestWillBeSent" => {
                    let url = p["request"]["url"].as_str().unwrap_or_default();
                    assert!(
                        url.starts_with("file:") || url.starts_with("data:"),
                        "the page asked the network for {url}"
                    );
                }
                "Runtime.exceptionThrown" => panic!("exception: {p}"),
                "Runtime.consoleAPICalled" => {
                    assert_ne!(p["type"], "error", "console error: {p}");
                    assert_ne!(p["type"], "assert", "console assert: {p}");
                }
                "Log.entryAdded" => {
                    assert_ne!(p["entry"]["level"], "error", "log error: {p}");
                }
                _ => {}
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The WebSocket URL of the browser's page, from its `/json/list`.
fn page_target(port: &str) -> String {
    let mut s = TcpStream::connect(port).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        s,
        "GET /json/list HTTP/1.1\r\nHost: {port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    // The DevTools server keeps the connection open: read the headers, then the body's
    // Content-Length.
    let mut r = BufReader::new(s);
    let mut length = 0;
    let mut line = String::new();
    while r.read_line(&mut line).unwrap() > 2 {
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
        line.clear();
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body).unwrap();
    let body = String::from_utf8_lossy(&body);
    let targets: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    targets
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["type"] == "page")
        .and_then(|t| t["webSocketDebuggerUrl"].as_str())
        .expect("a page target")
        .to_string()
}

/// Just enough of a WebSocket client (RFC 6455) for the DevTools protocol: text messages,
/// masked frames out, fragmented frames in, pings answered.
struct Socket {
    s: TcpStream,
}

impl Socket {
    fn connect(url: &str) -> Socket {
        let rest = url.strip_prefix("ws://").expect("ws:// URL");
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let mut s = TcpStream::connect(host).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: aW5jaW1hcC10ZXN0LWtleQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8];
        while !head.ends_with(b"\r\n\r\n") {
            s.read_exact(&mut byte).unwrap();
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        assert!(head.starts_with("HTTP/1.1 101"), "handshake: {head}");
        Socket { s }
    }

    fn send_frame(&mut self, opcode: u8, payload: &[u8]) {
        let mut f = vec![0x80 | opcode];
        match payload.len() {
            n if n < 126 => f.push(0x80 | n as u8),
            n if n < 65536 => {
                f.push(0x80 | 126);
                f.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                f.push(0x80 | 127);
                f.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        let mask = [0x12, 0x34, 0x56, 0x78];
        f.extend_from_slice(&mask);
        f.extend(payload.iter().enumerate().map(|(k, b)| b ^ mask[k % 4]));
        self.s.write_all(&f).unwrap();
    }

    fn send(&mut self, text: &str) {
        self.send_frame(0x1, text.as_bytes());
    }

    fn recv(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            let mut h = [0u8; 2];
            self.s.read_exact(&mut h).expect("a DevTools message");
            let (fin, opcode) = (h[0] & 0x80 != 0, h[0] & 0x0f);
            let mut len = (h[1] & 0x7f) as u64;
            if len == 126 {
                let mut b = [0u8; 2];
                self.s.read_exact(&mut b).unwrap();
                len = u16::from_be_bytes(b) as u64;
            } else if len == 127 {
                let mut b = [0u8; 8];
                self.s.read_exact(&mut b).unwrap();
                len = u64::from_be_bytes(b);
            }
            let mask = if h[1] & 0x80 != 0 {
                let mut m = [0u8; 4];
                self.s.read_exact(&mut m).unwrap();
                Some(m)
            } else {
                None
            };
            let mut payload = vec![0u8; len as usize];
            self.s.read_exact(&mut payload).unwrap();
            if let Some(m) = mask {
                for (k, b) in payload.iter_mut().enumerate() {
                    *b ^= m[k % 4];
                }
            }
            match opcode {
                0x8 => panic!("the browser closed the connection"),
                0x9 => self.send_frame(0xA, &payload),
                0xA => {}
                _ => {
                    message.extend_from_slice(&payload);
                    if fin {
                        return String::from_utf8(message).unwrap();
                    }
                }
            }
        }
    }
}

/// Standard base64 (the screenshot's encoding).
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let bytes: Vec<u8> = text.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (k, &c) in chunk.iter().enumerate() {
            n |= value(c) << (18 - 6 * k);
        }
        for k in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    out
}
