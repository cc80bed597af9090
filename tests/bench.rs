//! `weiqi bench` through the binary: its JSON lines and its command-line checks.

use std::process::{Command, Output};

fn weiqi_bench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weiqi"))
        .arg("bench")
        .args(args)
        .output()
        .expect("the weiqi binary runs")
}

/// `weiqi bench --search --independent` on 5x5 with `threads` and `rest`.
fn independent_bench(threads: &str, rest: &[&str]) -> Output {
    let mut args = vec![
        "--search",
        "--independent",
        "--size",
        "5",
        "--threads",
        threads,
    ];
    args.extend_from_slice(rest);
    weiqi_bench(&args)
}

/// The value of `"field":` in a one-line JSON object, as written.
fn field<'a>(line: &'a str, name: &str) -> &'a str {
    let key = format!("\"{name}\":");
    let at = line
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {line}"))
        + key.len();
    let rest = &line[at..];
    &rest[..rest.find([',', '}']).unwrap_or(rest.len())]
}

/// With `--independent`, each round measures the shared tree and then as many one-thread
/// searches as threads, side by side; a one-thread setting has nothing to compare.
#[test]
fn independent_trees_run_beside_the_shared_one() {
    let output = independent_bench("1,2", &["--seconds", "0.2", "--json"]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let runs: Vec<(&str, &str, &str)> = stdout
        .lines()
        .map(|l| {
            (
                field(l, "threads"),
                field(l, "search"),
                field(l, "independent"),
            )
        })
        .collect();
    assert_eq!(
        runs,
        [
            ("1", "true", "false"),
            ("2", "true", "false"),
            ("2", "true", "true")
        ]
    );
    for line in stdout.lines() {
        let playouts: u64 = field(line, "playouts").parse().expect("a count");
        assert!(playouts > 0, "{line}");
    }
}

/// Independent trees only mean something for the search.
#[test]
fn independent_without_search_is_refused() {
    let output = weiqi_bench(&["--independent", "--seconds", "0.1"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--search"), "{stderr}");
}

/// The table ends with the medians, and the shared tree's row says how much of the
/// independent trees' speed it kept.
#[test]
fn the_summary_compares_shared_and_own_trees() {
    let output = independent_bench("2", &["--seconds", "0.1", "--runs", "2"]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout
        .split("medians of 2 runs")
        .nth(1)
        .unwrap_or_else(|| panic!("no summary in {stdout}"));
    let rows: Vec<Vec<&str>> = summary
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 2, "{summary}");
    assert_eq!(rows[0][..3], ["5x5", "2", "shared"]);
    assert_eq!(rows[1][..3], ["5x5", "2", "own"]);
    assert_eq!(rows[0][5], "-", "two rounds are too few for an interval");
    let kept: f64 = rows[0][6].parse().expect("the kept share");
    assert!(kept > 0.0 && kept < 10.0, "{summary}");
    assert_eq!(rows[1].len(), 6, "only the shared row has a kept share");
}

/// Every other round runs the settings in reverse order, and from six rounds on each
/// speedup comes with a 95% interval around it.
#[test]
fn rounds_alternate_their_order_and_speedups_get_intervals() {
    let output = weiqi_bench(&[
        "--search",
        "--size",
        "5",
        "--threads",
        "1,2",
        "--seconds",
        "0.05",
        "--runs",
        "6",
    ]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let (table, summary) = stdout
        .split_once("medians of 6 runs")
        .unwrap_or_else(|| panic!("no summary in {stdout}"));
    let threads: Vec<&str> = table
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().nth(3))
        .collect();
    assert_eq!(
        threads,
        ["1", "2", "2", "1", "1", "2", "2", "1", "1", "2", "2", "1"]
    );
    let two = summary
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some("2"))
        .unwrap_or_else(|| panic!("no two-thread row in {summary}"));
    let cols: Vec<&str> = two.split_whitespace().collect();
    let times = |s: &str| -> f64 { s.trim_end_matches('x').parse().expect("a ratio") };
    let speedup = times(cols[4]);
    let (lo, hi) = cols[5].split_once("x-").expect("an interval");
    assert!(times(lo) <= speedup && speedup <= times(hi), "{summary}");
}
