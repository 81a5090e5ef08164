//! The query parser.
use super::{Query, QueryError};

/// Parses a query as typed.
pub fn parse(_input: &str) -> Result<Query, QueryError> {
    todo!()
}
