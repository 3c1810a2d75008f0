//! The migrated schema as the database reports it, and which of its columns name a member:
//! the privacy tests check `/privacy` against this rather than against a list of their own.

/// Whether a column holds a member's id, by its name. The schema's convention: a member's
/// id is `user_id` or `member_id` (or ends in `_user_id`/`_member_id`), and who did
/// something to a row is `<verb>_by` (`set_up_by`, `created_by`); `admin_id`, `owner_id`
/// and `author_id` would be members too. Ids of servers, channels, shoes and runs
/// (`guild_id`, `channel_id`, ...) are not.
pub fn names_a_member(column: &str) -> bool {
    let column = column.to_ascii_lowercase();
    ["user_id", "member_id", "admin_id", "owner_id", "author_id"].contains(&column.as_str())
        || ["_user_id", "_member_id", "_by"]
            .iter()
            .any(|end| column.ends_with(end))
}

/// Every (table, column) of the migrated schema.
pub async fn columns(url: &str) -> Vec<(String, String)> {
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query_as(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND m.name <> '_sqlx_migrations'",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query_as(
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             AND table_name <> '_sqlx_migrations'",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    }
}

/// Every (table, column) of the schema that names a member.
pub async fn member_columns(url: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = columns(url)
        .await
        .into_iter()
        .filter(|(_, column)| names_a_member(column))
        .collect();
    found.sort();
    found
}
