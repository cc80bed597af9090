//! The summary that ends a `weiqi bench` table: per setting, the median speed, the speedup
//! over the fewest threads and, for the shared search tree, how much of the independent
//! trees' speed it keeps.
//!
//! Every setting runs once per round, and ratios are taken within a round before the median
//! over rounds: a shared VM's speed drifts by a quarter from minute to minute, and runs
//! close in time share most of that drift, which a ratio of medians taken far apart does not
//! cancel. The speedup comes with a 95% interval for its median, from the order statistics
//! of the ratios: it assumes nothing about how the machine's noise is distributed, only that
//! rounds are independent.

use super::BenchRun;

/// One measured setting: a board size, a thread count, and how its threads shared work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Setting {
    pub size: u8,
    pub threads: usize,
    /// Each thread searched its own tree (`--independent`).
    pub independent: bool,
}

impl Setting {
    fn of(run: &BenchRun) -> Setting {
        Setting {
            size: run.size,
            threads: run.threads,
            independent: run.independent,
        }
    }
}

/// The summary of one setting over its runs.
#[derive(Debug, PartialEq)]
pub(super) struct Median {
    pub setting: Setting,
    /// The median speed.
    pub playouts_per_sec: f64,
    /// The median over rounds of the speed over that round's run with the fewest threads
    /// (shared tree) of the same size.
    pub speedup: f64,
    /// A 95% interval for `speedup` ([`median_interval`]); `None` for fewer than six
    /// rounds, too few for one.
    pub speedup_interval: Option<(f64, f64)>,
    /// For a shared tree with independent runs beside it: the median over rounds of the
    /// shared speed over the independent one. 1.0 means sharing the tree costs nothing.
    pub kept: Option<f64>,
}

/// Medians per setting, in the order the settings first appear.
pub(super) fn medians(results: &[BenchRun]) -> Vec<Median> {
    let mut settings: Vec<Setting> = Vec::new();
    for r in results {
        let s = Setting::of(r);
        if !settings.contains(&s) {
            settings.push(s);
        }
    }
    // One setting's speeds, round by round.
    let series = |s: Setting| -> Vec<f64> {
        results
            .iter()
            .filter(|r| Setting::of(r) == s)
            .map(|r| r.playouts_per_sec)
            .collect()
    };
    settings
        .iter()
        .map(|&setting| {
            let fewest = settings
                .iter()
                .filter(|s| s.size == setting.size && !s.independent)
                .map(|s| s.threads)
                .min()
                .unwrap_or(setting.threads);
            let base = Setting {
                threads: fewest,
                independent: false,
                ..setting
            };
            let own = Setting {
                independent: true,
                ..setting
            };
            let speeds = series(setting);
            let speedups = ratios(&speeds, &series(base));
            Median {
                setting,
                playouts_per_sec: median(speeds.clone()),
                speedup: median(speedups.clone()),
                speedup_interval: median_interval(speedups),
                kept: (!setting.independent && settings.contains(&own))
                    .then(|| median_ratio(&speeds, &series(own))),
            }
        })
        .collect()
}

/// The median of `values` (not empty), the mean of the middle two for an even count.
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// The round-by-round ratios `a[k] / b[k]`.
fn ratios(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x / y).collect()
}

/// The median of the round-by-round ratios `a[k] / b[k]`.
fn median_ratio(a: &[f64], b: &[f64]) -> f64 {
    median(ratios(a, b))
}

/// A distribution-free interval holding the true median with at least 95% confidence: the
/// k-th smallest and k-th largest of the `n` values, for the largest k with
/// P(Binomial(n, 1/2) < k) at most 2.5%. `None` when no such k exists (fewer than six
/// values).
fn median_interval(mut values: Vec<f64>) -> Option<(f64, f64)> {
    let n = values.len();
    // P(B < k) for k = 1, 2, ...: the binomial probabilities summed from 0.
    let mut below = 0.0;
    let mut term = 0.5f64.powi(n as i32);
    let mut k = 0;
    while k < n / 2 {
        below += term;
        if below > 0.025 {
            break;
        }
        k += 1;
        term *= (n - k + 1) as f64 / k as f64;
    }
    if k == 0 {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some((values[k - 1], values[n - k]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::bench::Policy;

    fn run(size: u8, threads: usize, independent: bool, playouts_per_sec: f64) -> BenchRun {
        BenchRun {
            size,
            policy: Policy::Heavy,
            threads,
            playouts: 0,
            seconds: 1.0,
            playouts_per_sec,
            avg_moves: 0.0,
            search: true,
            independent,
        }
    }

    fn summary(results: &[BenchRun]) -> Vec<(u8, usize, bool, f64, f64, Option<f64>)> {
        medians(results)
            .iter()
            .map(|m| {
                let s = m.setting;
                let (speedup, kept) = (m.speedup, m.kept);
                (
                    s.size,
                    s.threads,
                    s.independent,
                    m.playouts_per_sec,
                    speedup,
                    kept,
                )
            })
            .collect()
    }

    /// The speedup is the median of each round's ratio, not the ratio of the medians: in
    /// the second round the machine ran slow for both thread counts alike.
    #[test]
    fn speedups_are_medians_of_ratios_within_rounds() {
        let results = [
            run(9, 1, false, 100.0),
            run(9, 2, false, 190.0),
            run(9, 1, false, 60.0),
            run(9, 2, false, 114.0),
            run(9, 1, false, 120.0),
            run(9, 2, false, 216.0),
            run(19, 2, false, 30.0),
            run(19, 2, false, 50.0),
        ];
        assert_eq!(
            summary(&results),
            [
                (9, 1, false, 100.0, 1.0, None),
                (9, 2, false, 190.0, 1.9, None),
                (19, 2, false, 40.0, 1.0, None),
            ]
        );
    }

    /// For ten rounds the interval runs from the second smallest ratio to the second
    /// largest (coverage 1 - 2 * 11/1024, about 97.9%); five rounds are too few.
    #[test]
    fn the_median_interval_comes_from_order_statistics() {
        let values: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        assert_eq!(median_interval(values), Some((2.0, 9.0)));
        assert_eq!(median_interval(vec![1.0, 2.0, 3.0, 4.0, 5.0]), None);
        // Six rounds: only the extremes (coverage 1 - 2/64).
        let six: Vec<f64> = (1..=6).map(f64::from).collect();
        assert_eq!(median_interval(six), Some((1.0, 6.0)));
        // 100 rounds: the 40th to the 61st (P(B < 40) = 1.8%, P(B < 41) = 2.8%).
        let hundred: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(median_interval(hundred), Some((40.0, 61.0)));
    }

    /// The shared tree's row says how much of the independent trees' speed it keeps, and
    /// the independent row's speedup is over the one-thread shared search.
    #[test]
    fn shared_tree_is_compared_with_independent_trees() {
        let results = [
            run(9, 1, false, 100.0),
            run(9, 2, false, 180.0),
            run(9, 2, true, 200.0),
            run(9, 1, false, 50.0),
            run(9, 2, false, 95.0),
            run(9, 2, true, 100.0),
            run(9, 1, false, 100.0),
            run(9, 2, false, 190.0),
            run(9, 2, true, 190.0),
        ];
        assert_eq!(
            summary(&results),
            [
                (9, 1, false, 100.0, 1.0, None),
                (9, 2, false, 180.0, 1.9, Some(0.95)),
                (9, 2, true, 190.0, 2.0, None),
            ]
        );
    }
}
