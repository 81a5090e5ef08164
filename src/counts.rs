//! Counts per actor and per keyword topic.
