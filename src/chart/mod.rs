//! Charts drawn with plotters, generic over `DrawingBackend` (filled in by the chart work).
