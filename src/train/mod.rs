//! The tiny trainer: binary logistic regression by mini-batch SGD on real data (filled in by the trainer work).
