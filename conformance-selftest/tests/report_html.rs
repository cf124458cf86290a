//! The HTML report in a real browser: headless Chromium (Debian's `chromium` package)
//! loads the page with a cell's address, the test checks the matrix and that the cell's
//! counterexample is expanded, and keeps a screenshot in
//! `target/tmp/report-html/report.png`. Without Chromium the test fails and says what to
//! install: a browser test that passes without a browser proves nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The browsers looked for on `PATH`, unless `CHROMIUM` names one.
const BROWSERS: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

/// How long one browser run may take before the test gives up on it.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(120);

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "this test renders the HTML report in headless Chromium, and none was found \
                 (looked for {BROWSERS:?} on PATH; or set CHROMIUM to the browser's path). \
                 On Debian or Ubuntu: apt-get install -y chromium"
            )
        })
}

/// Runs headless Chromium on `url` with `args` and a fresh profile `dir/profile-<run>`.
fn browse(dir: &Path, run: &str, args: &[&str], url: &str) -> Output {
    let profile = dir.join(format!("profile-{run}"));
    let _ = std::fs::remove_dir_all(&profile);
    let child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("could not start Chromium: {e}"));
    let id = child.id();
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    let Ok(output) = finished.recv_timeout(BROWSER_TIMEOUT) else {
        let _ = Command::new("kill").arg(id.to_string()).status();
        panic!("Chromium did not finish within {BROWSER_TIMEOUT:?}");
    };
    output.unwrap_or_else(|e| panic!("Chromium failed: {e}"))
}

#[test]
fn the_page_renders_its_matrix_and_opens_a_cells_counterexample_in_chromium() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-html");
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_conformance-report"))
        .args([
            "--impl",
            "hash_map_engine,faulty_engine_put_returns_none",
            "--property",
            "engine_model_equivalence,engine_snapshot",
            "--cases",
            "32",
            "--seed",
            "7",
            "--html",
        ])
        .arg(&page)
        .env_remove("PROPTEST_CASES")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("src=") && !html.contains("<link") && !html.contains("url("),
        "the page is self-contained: it loads nothing"
    );

    let cell = "cell-faulty_engine_put_returns_none--engine_model_equivalence";
    let url = format!("file://{}#{cell}", page.display());
    let dom = browse(&dir, "dom", &["--dump-dom"], &url);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let matrix = dom
        .split("<table class=\"matrix\">")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .unwrap_or_else(|| panic!("no matrix in the rendered page:\n{dom}"));
    assert_eq!(
        matrix.matches("<td class=").count(),
        4,
        "2 implementations × 2 properties: {matrix}"
    );
    let target = format!("<td class=\"expected fail target\"><a href=\"#{cell}\"");
    assert!(matrix.contains(&target), "{matrix}");
    assert_eq!(
        matrix.matches("<td class=\"expected pass\">").count(),
        2,
        "{matrix}"
    );
    let opened: Vec<&str> = dom
        .split("<details ")
        .skip(1)
        .filter(|d| d.contains(" open=\"\""))
        .collect();
    assert_eq!(opened.len(), 1, "only the addressed cell opens: {dom}");
    assert!(
        opened[0].contains(&format!("id=\"{cell}\"")),
        "{}",
        opened[0]
    );
    assert!(
        opened[0].contains("let e = (faulty_engine_put_returns_none)();")
            && opened[0].contains("<button type=\"button\" class=\"copy\">Copy</button>")
            && opened[0].contains("<code>0x7</code>"),
        "the counterexample, copyable, with its seed: {}",
        opened[0]
    );

    let screenshot = dir.join("report.png");
    let _ = std::fs::remove_file(&screenshot);
    let shot = browse(
        &dir,
        "screenshot",
        &[
            "--window-size=1200,1400",
            &format!("--screenshot={}", screenshot.display()),
        ],
        &url,
    );
    let png = std::fs::read(&screenshot).unwrap_or_else(|e| {
        panic!(
            "no screenshot ({e}): {}",
            String::from_utf8_lossy(&shot.stderr)
        )
    });
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot: {} bytes",
        png.len()
    );
    eprintln!("screenshot kept in {}", screenshot.display());
}
