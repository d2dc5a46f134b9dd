//! The scoring model: pure, no I/O (in progress).
