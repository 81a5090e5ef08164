//! Snapshot tests: written once the engine builds an index.
