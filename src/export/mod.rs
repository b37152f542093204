//! Writing results: files appear whole or not at all.

pub mod atomic;
