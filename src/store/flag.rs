//! Reading yes/no columns on both backends.

/// A yes/no column: BOOLEAN on `PostgreSQL`, INTEGER 0/1 on `SQLite` (the Any driver cannot
/// read `SQLite`'s BOOLEAN). Read into `bool` fields with `#[sqlx(try_from = "Flag")]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Flag(bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl sqlx::Type<sqlx::Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <bool as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <bool as sqlx::Type<sqlx::Any>>::compatible(ty)
            || <i64 as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        use sqlx::Value as _;
        let owned = sqlx::ValueRef::to_owned(&value);
        if let Ok(flag) = <bool as sqlx::Decode<sqlx::Any>>::decode(owned.as_ref()) {
            return Ok(Flag(flag));
        }
        Ok(Flag(
            <i64 as sqlx::Decode<sqlx::Any>>::decode(owned.as_ref())? != 0,
        ))
    }
}
