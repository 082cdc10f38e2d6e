//! `timm` schedules (filled in by the timm dialect work).
