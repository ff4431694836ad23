//! The one error type of the boundary: which rule a call broke, and for which argument. On
//! wasm it becomes a JS `Error` of the matching class with the same message.

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
}

/// Why a call was refused. Match on the variant for the kind of rule and on `argument` for
/// the argument it is about; `message` (also the `Display` form, and the JS error's message)
/// names the argument and states the rule with the values given.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BoundaryError {
    /// A number or a size outside what the argument allows: a dimension, σ, a radius, a
    /// buffer whose length does not fit the other arguments (JS `RangeError`).
    OutOfRange {
        /// The argument's name, as the JS API spells it.
        argument: &'static str,
        /// The rule and the value given.
        message: String,
    },
    /// An argument of the wrong kind: a `u8` buffer where `f32` is needed, a fractional
    /// count, an unknown name (JS `TypeError`).
    WrongType {
        /// The argument's name, as the JS API spells it.
        argument: &'static str,
        /// The rule and the value given.
        message: String,
    },
    /// A buffer that was freed, was never allocated, or is the same buffer as another
    /// argument where they must differ (JS `Error`).
    BadBuffer {
        /// The argument's name, as the JS API spells it.
        argument: &'static str,
        /// What is wrong with the buffer.
        message: String,
    },
    /// Wasm memory cannot hold what the call needs (JS `Error`). The call changed nothing.
    OutOfMemory {
        /// The bytes asked for.
        bytes: usize,
        /// What needed them.
        message: String,
    },
}

impl BoundaryError {
    /// A [`BoundaryError::OutOfRange`].
    pub fn range(argument: &'static str, message: impl Into<String>) -> Self {
        Self::OutOfRange { argument, message: message.into() }
    }
    /// A [`BoundaryError::WrongType`].
    pub fn type_error(argument: &'static str, message: impl Into<String>) -> Self {
        Self::WrongType { argument, message: message.into() }
    }
    /// A [`BoundaryError::BadBuffer`].
    pub fn bad_buffer(argument: &'static str, message: impl Into<String>) -> Self {
        Self::BadBuffer { argument, message: message.into() }
    }
    /// A [`BoundaryError::OutOfMemory`].
    pub fn out_of_memory(bytes: usize, message: impl Into<String>) -> Self {
        Self::OutOfMemory { bytes, message: message.into() }
    }

    /// The JavaScript error class this becomes.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::OutOfRange { .. } => ErrorKind::Range,
            Self::WrongType { .. } => ErrorKind::Type,
            Self::BadBuffer { .. } | Self::OutOfMemory { .. } => ErrorKind::Other,
        }
    }

    /// The argument the error is about (none for running out of memory).
    pub fn argument(&self) -> Option<&'static str> {
        match self {
            Self::OutOfRange { argument, .. } | Self::WrongType { argument, .. } | Self::BadBuffer { argument, .. } => Some(argument),
            Self::OutOfMemory { .. } => None,
        }
    }

    /// The message: the argument, the rule, the value given.
    pub fn message(&self) -> &str {
        match self {
            Self::OutOfRange { message, .. }
            | Self::WrongType { message, .. }
            | Self::BadBuffer { message, .. }
            | Self::OutOfMemory { message, .. } => message,
        }
    }
}

impl fmt::Display for BoundaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for BoundaryError {}
