//! Integration tests: every test runs the real `incimap` binary in a private work directory.

mod docs;
mod extract;
mod gazetteer;
mod harness;
mod layers;
mod map;
mod places;
mod query;
mod render;
mod robust;
mod scale;
