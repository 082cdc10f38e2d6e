//! `transformers` schedules (filled in by the transformers dialect work).
