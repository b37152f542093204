//! incimap turns conflict news reports into mapped, ACLED-style incidents.
//!
//! The pipeline runs forward, one module per stage, each usable on its own:
//!
//! 1. [`read`]: articles from `.txt` files, folders, JSON Lines, stdin, streamed;
//! 2. [`gazetteer`]: place names, as reporters spell them, to ranked candidate places
//!    (bundled GeoNames, UCDP and admin names; imported GeoNames dumps; user CSVs);
//! 3. [`geoparse`]: place mentions in text, resolved with the document's context;
//! 4. [`incident`]: ACLED-style events with actors, fatalities, dates, locations and
//!    provenance;
//! 5. [`index`]: an R-tree over incidents for spatial queries, [`query`]: the counts of a
//!    set, and [`matching`]: two incident sets paired one to one (what a coder found
//!    against what incimap found);
//! 6. [`export`]: GeoJSON, GeoJSON Lines, CSV, FlatGeobuf, GeoParquet and GeoPackage, written
//!    atomically, and layer files split by a property;
//! 7. [`render`]: PNG and SVG maps on a bundled basemap, and HTML maps to click through
//!    ([`render::html`]).
//!
//! The data every stage shares lives in [`model`], and the types a user of the library
//! meets are re-exported here: an [`Article`] in, its place [`Mention`]s, the [`Incident`]s
//! read from it. Where and when are typed: a [`LonLat`] (longitude and latitude, checked to
//! range) and a `chrono::NaiveDate`. Errors are in [`error`]. Incident files are read back
//! by [`features`], and [`batch`] runs per-article work on all cores with output in input
//! order. The Python package in `python/` binds this library (PyO3).

#[cfg(test)]
mod alloc_count;
pub mod batch;
pub mod error;
pub mod export;
pub mod features;
pub mod gazetteer;
pub mod geoparse;
pub mod hash;
pub mod incident;
pub mod index;
pub mod matching;
pub mod model;
pub mod query;
pub mod read;
pub mod render;

pub use error::{Error, Result};
pub use model::{Article, Candidate, Incident, LonLat, Mention, Place, Resolution};
