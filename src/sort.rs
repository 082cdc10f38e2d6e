//! Stable sorting through one shared instantiation of the standard library's sort. Pure.
//!
//! `slice::sort_by` is generic over the element type and the comparator, and each
//! instantiation compiles to ~3.5 KB of wasm (driftsort, its quicksort and small-sort
//! helpers; measured with `twiggy top` on the release build, which had eleven of them). The
//! functions here sort a slice of positions (`usize`) with a `dyn` comparator — the one
//! instantiation — and then move the elements into that order, so each caller costs only
//! that small permutation loop. Same result as `sort_by` / `sort_by_key` (stable).

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, like [`slice::sort_by`]. Meant for the short lists of the
/// charts and tables (tick values, legend labels, key steps), not for hot loops.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = stable_order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// Sorts `v` stably by the key `key`, like [`slice::sort_by_key`].
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..n` in the stable order of `cmp` over positions. Not generic: the one
/// instantiation of the standard library's stable sort that the callers share.
#[inline(never)]
fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Moves the elements of `v` so that position i holds what was at `order[i]` (`order` is a
/// permutation of `0..v.len()`), in place, with swaps: for each position, follow `order`
/// past the positions already filled to where that element is now.
fn permute<T>(v: &mut [T], order: Vec<usize>) {
    for i in 0..v.len() {
        let mut from = order[i];
        while from < i {
            from = order[from];
        }
        v.swap(i, from);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Same order as the standard library's stable sort, duplicates (stability) included.
        #[test]
        fn equals_std_stable_sort(keys in proptest::collection::vec(0u8..6, 0..60)) {
            let mut ours: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
            let mut std = ours.clone();
            sort_by_key(&mut ours, |p| p.0);
            std.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn floats_by_total_cmp(v in proptest::collection::vec(proptest::num::f64::ANY, 0..40)) {
            let mut ours = v.clone();
            let mut std = v;
            sort_by(&mut ours, f64::total_cmp);
            std.sort_by(f64::total_cmp);
            prop_assert_eq!(
                ours.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                std.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            );
        }
    }
}
