//! `torch` schedules (filled in by the torch dialect work).
