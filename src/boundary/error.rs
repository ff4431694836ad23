//! The one error type of the boundary; on wasm it becomes a JS `Error` of the matching class.

use std::fmt;

/// Which JavaScript error class a [`BoundaryError`] becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A value out of its allowed range (`RangeError`).
    Range,
    /// A value of the wrong kind, such as a `u8` buffer where `f32` is needed (`TypeError`).
    Type,
    /// Any other rule: a freed buffer, memory exhausted (`Error`).
    Other,
    /// The call was cancelled (an `Error` named `AbortError`, as `AbortSignal` gives).
    Abort,
}

/// An argument broke a rule. The message names the argument and the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoundaryError {
    /// The JavaScript error class it becomes.
    pub kind: ErrorKind,
    /// What was wrong, naming the argument and the rule (the JS error's message).
    pub message: String,
}

impl BoundaryError {
    /// A [`ErrorKind::Range`] error.
    pub fn range(message: impl Into<String>) -> Self {
        BoundaryError { kind: ErrorKind::Range, message: message.into() }
    }
    /// A [`ErrorKind::Type`] error.
    pub fn type_error(message: impl Into<String>) -> Self {
        BoundaryError { kind: ErrorKind::Type, message: message.into() }
    }
    /// An [`ErrorKind::Other`] error.
    pub fn other(message: impl Into<String>) -> Self {
        BoundaryError { kind: ErrorKind::Other, message: message.into() }
    }
    /// An [`ErrorKind::Abort`] error: the call was cancelled.
    pub fn abort(message: impl Into<String>) -> Self {
        BoundaryError { kind: ErrorKind::Abort, message: message.into() }
    }
}

impl fmt::Display for BoundaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BoundaryError {}
