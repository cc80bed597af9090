//! The external programs some tests need (GNU Go, tmux, node), found one way for every
//! test.
//!
//! A test that needs a missing program does not pass silently: where the environment
//! variable `CI` is set (to anything but `false` or `0`) it fails, and elsewhere it prints
//! a notice straight to the process's stderr (the test harness captures `eprintln!`, so a
//! notice printed that way would never be seen) and returns early.

use std::io::Write;
use std::path::PathBuf;

/// A program the tests can use.
#[derive(Clone, Copy, Debug)]
pub enum Tool {
    /// GNU Go, the referee: `$GNUGO` if set, else `gnugo` on `PATH`, else Debian's
    /// `/usr/games/gnugo` (not on `PATH` by default).
    GnuGo,
    /// tmux, the pseudo-terminal for `weiqi play`: on `PATH`.
    Tmux,
    /// Node.js, which runs Sabaki's GTP library: on `PATH`.
    Node,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::GnuGo => "gnugo",
            Tool::Tmux => "tmux",
            Tool::Node => "node",
        }
    }

    fn install_hint(self) -> &'static str {
        match self {
            Tool::GnuGo => "apt-get install gnugo",
            Tool::Tmux => "apt-get install tmux",
            Tool::Node => "apt-get install nodejs npm, then npm ci in tests/sabaki",
        }
    }

    /// Where the program is, if it is installed.
    pub fn find(self) -> Option<PathBuf> {
        if let (Tool::GnuGo, Some(path)) = (self, std::env::var_os("GNUGO")) {
            let path = PathBuf::from(path);
            return path.is_file().then_some(path);
        }
        let on_path = std::env::var_os("PATH")
            .map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
            .unwrap_or_default();
        let debian = match self {
            Tool::GnuGo => Some(PathBuf::from("/usr/games/gnugo")),
            Tool::Tmux | Tool::Node => None,
        };
        on_path
            .into_iter()
            .map(|dir| dir.join(self.name()))
            .chain(debian)
            .find(|p| p.is_file())
    }

    /// The program for a test that needs it: `None` after a notice where it is missing,
    /// and a panic instead where `CI` is set.
    pub fn require(self, test: &str) -> Option<PathBuf> {
        if let Some(path) = self.find() {
            return Some(path);
        }
        missing(test, self.name(), self.install_hint());
        None
    }
}

/// Reports that `test` cannot run because `what` is missing: a panic where `CI` is set, a
/// notice elsewhere (the caller then returns early).
pub fn missing(test: &str, what: &str, hint: &str) {
    let on_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !on_ci,
        "{test}: {what} is required on CI (CI is set) but was not found"
    );
    notice(&format!(
        "\n{stars}\n*** SKIPPED {test}: {what} not found. Install it ({hint}).\n{stars}\n",
        stars = "*".repeat(72)
    ));
}

/// Writes to the process's stderr directly, where the test harness does not capture it.
pub fn notice(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}
