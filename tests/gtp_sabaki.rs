//! Drives `weiqi gtp` with Sabaki's own GTP controller library (`@sabaki/gtp` from the npm
//! registry): `tests/sabaki/driver.js` attaches as Sabaki does, synchronises a handicap
//! game, generates moves with `kata-genmove_analyze`, takes a move back, runs and
//! interrupts `kata-analyze` and `lz-analyze`, and checks every streamed line with
//! Sabaki's parsing rules.
//!
//! `.ci/run` installs the library (`npm ci` in `tests/sabaki`). A missing Node or library
//! is reported by [`common::tools`].

mod common;

use common::tools::{Tool, missing};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The longest the driver may take.
const LIMIT: Duration = Duration::from_secs(120);

#[test]
fn sabaki_attaches_plays_and_analyses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sabaki");
    const TEST: &str = "the Sabaki GTP test";
    let Some(node) = Tool::Node.require(TEST) else {
        return;
    };
    if !dir.join("node_modules/@sabaki/gtp/package.json").exists() {
        missing(TEST, "@sabaki/gtp", "npm ci in tests/sabaki");
        return;
    }
    let mut child = Command::new(node)
        .arg(dir.join("driver.js"))
        .arg(env!("CARGO_BIN_EXE_weiqi"))
        .args(["gtp", "--threads", "1", "--playouts", "300"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let start = Instant::now();
    while child.try_wait().expect("driver status").is_none() {
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("the Sabaki driver took more than {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("driver output");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "Sabaki driver failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    assert!(stdout.starts_with("ok:"), "{stdout}");
}
