//! `optax` schedules (filled in by the optax dialect work).
