//! Discord ids as pacer holds them once read back from the database: non-zero snowflakes,
//! decoded once in the store rows, so a corrupt id fails the read instead of addressing
//! id 0 (or, patched with `.max(1)`, user 1).

use std::fmt;
use std::num::NonZeroU64;

/// A Discord id (server, channel, member): never 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Snowflake(NonZeroU64);

impl Snowflake {
    pub fn new(id: u64) -> Option<Snowflake> {
        NonZeroU64::new(id).map(Snowflake)
    }

    pub fn get(self) -> u64 {
        self.0.get()
    }
}

impl fmt::Display for Snowflake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A stored id that is not one: 0 or negative.
#[derive(Debug, thiserror::Error)]
#[error("{0} is not a Discord id")]
pub struct NotAnId(i64);

/// Read into `Snowflake` fields with `#[sqlx(try_from = "i64")]`.
impl TryFrom<i64> for Snowflake {
    type Error = NotAnId;

    fn try_from(stored: i64) -> Result<Snowflake, NotAnId> {
        u64::try_from(stored)
            .ok()
            .and_then(Snowflake::new)
            .ok_or(NotAnId(stored))
    }
}

/// A nullable id column. Read into `Option<Snowflake>` fields with
/// `#[sqlx(try_from = "crate::ids::NullableId")]`: NULL, and a value that is no id, are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NullableId(Option<i64>);

impl From<NullableId> for Option<Snowflake> {
    fn from(stored: NullableId) -> Option<Snowflake> {
        stored.0.and_then(|id| Snowflake::try_from(id).ok())
    }
}

impl sqlx::Type<sqlx::Any> for NullableId {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <i64 as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for NullableId {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(NullableId(
            <Option<i64> as sqlx::Decode<sqlx::Any>>::decode(value)?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_ids_are_positive_or_refused() {
        assert_eq!(Snowflake::try_from(42).unwrap().get(), 42);
        assert!(Snowflake::try_from(0).is_err());
        assert!(Snowflake::try_from(-1).is_err());
        assert_eq!(Option::<Snowflake>::from(NullableId(None)), None);
        assert_eq!(Option::<Snowflake>::from(NullableId(Some(0))), None);
        assert_eq!(
            Option::<Snowflake>::from(NullableId(Some(7))),
            Snowflake::new(7)
        );
    }
}
