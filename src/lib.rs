//! availgen: a static site generator for localized cloud-voice availability pages.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`load`] → [`validate`] → [`model`] → [`render`] → [`export`] → [`write`],
//! run in order by [`pipeline`]; [`serve`] runs the same stages again on every change
//! and keeps the site in memory. The binary (`main.rs`) parses the command line
//! ([`cli`]) and prints [`diagnostic`]s; the library is what tests and fuzz targets use.

// Diagnostics are large and only ever on the cold path; boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod diagnostic;
pub mod export;
pub mod import;
pub mod init;
pub mod iso3166;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod translations;
pub mod validate;
pub mod write;
