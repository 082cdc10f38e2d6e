//! `keras` schedules (filled in by the keras dialect work).
