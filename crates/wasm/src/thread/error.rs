//! What a task may return, and how a failed task surfaces from `scope`.

use alloc::string::{String, ToString};
use core::fmt;

/// What a task closure may return: `()`, or `Result<(), E>` whose error the scope reports.
///
/// Any other value would be silently dropped, so it is a compile error; store results through a
/// captured `&mut` slot instead (`for (slot, chunk) in out.iter_mut().zip(..)`).
#[diagnostic::on_unimplemented(
    message = "a task must return `()` or `Result<(), E>`, not `{Self}`",
    label = "this value would be lost",
    note = "an `Err` from a task becomes `Err(ScopeError)` from `scope`; to keep another value, write it through a captured `&mut` slot"
)]
pub trait TaskOutput {
    /// `Err` with the error's text if the task failed.
    fn into_outcome(self) -> Result<(), String>;
}

impl TaskOutput for () {
    #[inline]
    fn into_outcome(self) -> Result<(), String> {
        Ok(())
    }
}

impl<E: fmt::Display> TaskOutput for Result<(), E> {
    #[inline]
    fn into_outcome(self) -> Result<(), String> {
        self.map_err(|e| e.to_string())
    }
}

/// How one task failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskFailure {
    /// The task panicked; the panic message (or `"<non-string panic payload>"`).
    Panicked(String),
    /// The task returned `Err`; the error's `Display` text.
    Failed(String),
}

impl fmt::Display for TaskFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskFailure::Panicked(msg) => write!(f, "task panicked: {msg}"),
            TaskFailure::Failed(msg) => write!(f, "task failed: {msg}"),
        }
    }
}

/// The error `scope` returns when tasks failed: how many, and the first one in spawn order.
///
/// Every task still ran to completion or was cancelled before `scope` returned: a failure
/// cancels the scope (see `Scope::cancel`), it never aborts it. The error is `Send + Sync +
/// 'static`, so `?` converts it into `Box<dyn Error + Send + Sync>`, `anyhow::Error`, or your
/// own error type with a `From<ScopeError>` impl.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeError {
    failed: usize,
    first: TaskFailure,
}

impl ScopeError {
    pub(super) fn new(failed: usize, first: TaskFailure) -> Self {
        ScopeError { failed, first }
    }

    /// Number of tasks that panicked or returned `Err`.
    pub fn failed_tasks(&self) -> usize {
        self.failed
    }

    /// The failure of the earliest-spawned failed task.
    pub fn first(&self) -> &TaskFailure {
        &self.first
    }

    /// `true` if the first failure was a panic.
    pub fn is_panic(&self) -> bool {
        matches!(self.first, TaskFailure::Panicked(_))
    }
}

impl fmt::Display for ScopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.failed {
            1 => write!(f, "{}", self.first),
            n => write!(f, "{n} tasks failed; first: {}", self.first),
        }
    }
}

impl core::error::Error for ScopeError {}
