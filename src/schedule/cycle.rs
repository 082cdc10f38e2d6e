//! Locating restart cycles of geometrically growing periods with exact arithmetic.
//!
//! Cycle `i` has length `T_i = T_0 · T_mult^i` and starts at
//! `S_i = T_0 · (T_mult^i − 1) / (T_mult − 1)` (or `i · T_0` when `T_mult = 1`).
//! PyTorch (`CosineAnnealingWarmRestarts.step(epoch)`), timm (`cycle_mul`) and Keras
//! (`CosineDecayRestarts`) compute `i` as `floor(log(..))` in floating point, which lands in the
//! wrong cycle at some exact restart points (`T_0 = 1, T_mult = 3, t = 121`). Here the cycle is
//! found by summing the cycle lengths, which is exact for integer `T_0` and `T_mult` (every
//! partial sum is an integer below 2^53), so restarts land exactly on their boundaries.

/// Where a point in time falls in a sequence of geometrically growing cycles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CyclePosition {
    /// 0-based index of the cycle (number of restarts before this point).
    pub index: u32,
    /// Time since the start of the cycle (`T_cur`), in the caller's unit (steps or epochs).
    pub t_cur: f64,
    /// Length of the cycle (`T_i`), in the same unit.
    pub t_i: f64,
}

/// Locates `t ≥ 0` among cycles of length `t_0 · t_mult^i`, by summing lengths (exact for
/// integer-valued `t_0`, `t_mult`). A point exactly on a boundary belongs to the cycle that
/// starts there (`t_cur = 0`).
///
/// Requires `t_0 > 0` and `t_mult ≥ 1` (finite); callers validate these first. For `t` so large
/// that the cycle index would exceed `u32::MAX` or the lengths overflow f64, the last cycle
/// reached is returned (`t_cur` may then exceed nothing sensible; such `t` are never plotted).
pub fn locate(t: f64, t_0: f64, t_mult: f64) -> CyclePosition {
    if t.is_nan() || t <= 0.0 {
        return CyclePosition {
            index: 0,
            t_cur: t.max(0.0),
            t_i: t_0,
        };
    }
    if t_mult == 1.0 {
        let index = (t / t_0).floor();
        let mut t_cur = t - index * t_0;
        let mut idx = index;
        // Guard the float division at exact multiples: t / t_0 rounding down by one ulp ...
        if t_cur >= t_0 {
            t_cur -= t_0;
            idx += 1.0;
        } else if t_cur < 0.0 {
            // ... or rounding up to the next whole number.
            t_cur += t_0;
            idx -= 1.0;
        }
        return CyclePosition {
            index: idx.min(u32::MAX as f64) as u32,
            t_cur,
            t_i: t_0,
        };
    }
    let mut start = 0.0_f64;
    let mut len = t_0;
    let mut index: u32 = 0;
    while t >= start + len && index < u32::MAX && (start + len).is_finite() {
        start += len;
        len *= t_mult;
        index += 1;
    }
    CyclePosition {
        index,
        t_cur: t - start,
        t_i: len,
    }
}

/// Locates an integer step among cycles of integer length `t_0 · t_mult^i` with integer
/// arithmetic only. Returns `(index, T_cur, T_i)`. Saturates instead of overflowing.
pub fn locate_steps(t: u64, t_0: u64, t_mult: u64) -> (u32, u64, u64) {
    debug_assert!(t_0 > 0 && t_mult >= 1);
    if t_mult == 1 {
        let index = t / t_0;
        return (index.min(u32::MAX as u64) as u32, t % t_0, t_0);
    }
    let (mut start, mut len, mut index) = (0u64, t_0, 0u32);
    while let Some(end) = start.checked_add(len) {
        if t < end {
            break;
        }
        start = end;
        len = len.saturating_mul(t_mult);
        index += 1;
    }
    (index, t - start, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restarts_land_on_integer_boundaries() {
        // T_0 = 1, T_mult = 3: restarts at 1, 4, 13, 40, 121, 364.
        for (t, idx) in [
            (0.0, 0),
            (1.0, 1),
            (4.0, 2),
            (13.0, 3),
            (40.0, 4),
            (121.0, 5),
            (364.0, 6),
        ] {
            let p = locate(t, 1.0, 3.0);
            assert_eq!((p.index, p.t_cur), (idx, 0.0), "t = {t}");
        }
        assert_eq!(locate_steps(121, 1, 3), (5, 0, 243));
        assert_eq!(locate_steps(120, 1, 3), (4, 80, 81));
        // T_mult = 10 at 111.
        assert_eq!(locate(111.0, 1.0, 10.0).t_cur, 0.0);
    }

    #[test]
    fn fractional_points_fall_inside_their_cycle() {
        let p = locate(4.75, 5.0, 2.0);
        assert_eq!((p.index, p.t_cur, p.t_i), (0, 4.75, 5.0));
        let p = locate(5.25, 5.0, 2.0);
        assert_eq!((p.index, p.t_cur, p.t_i), (1, 0.25, 10.0));
    }

    #[test]
    fn t_mult_one_is_periodic() {
        assert_eq!(
            locate(30.0, 10.0, 1.0),
            CyclePosition {
                index: 3,
                t_cur: 0.0,
                t_i: 10.0
            }
        );
        assert_eq!(locate_steps(29, 10, 1), (2, 9, 10));
    }
}
