//! Integration tests: every test runs the real `incimap` binary in a private work directory.

mod docs;
mod extract;
mod far;
mod gazetteer;
mod harness;
mod html;
mod layers;
mod map;
mod matching;
mod parquet;
mod places;
mod query;
mod render;
mod report;
mod robust;
mod scale;
