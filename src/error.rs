//! The library's error type. Every error that comes from a file names the file, and the line
//! when there is one, because users fix inputs, not stack traces.

use std::path::PathBuf;

/// Errors of the incimap library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A record in a file could not be read; `line` counts from 1.
    #[error("{}:{line}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// A file as a whole is unusable (binary, empty, not an index).
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    /// A value given by the caller (an option, a query) is unusable.
    #[error("{0}")]
    Input(String),
    /// The work on one article panicked (a bug in incimap); the article was skipped and
    /// the others were not affected. See [`crate::batch::isolated`].
    #[error("article {article}: internal error, please report it: {message}")]
    Panic { article: String, message: String },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn parse(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Self {
        Error::Parse {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    pub fn invalid(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// `Result` with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
