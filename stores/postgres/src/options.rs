//! Where a [`PostgresDataStore`](crate::PostgresDataStore) keeps its entries.

use std::str::FromStr;

use anyhow::Context;

/// The server to connect to and the table that holds the entries.
#[derive(Debug, Clone)]
pub struct PostgresOptions {
    /// How to connect (host, port, user, database, …).
    pub connection: tokio_postgres::Config,
    /// The schema of the table; it must exist.
    pub schema: String,
    /// The table, created on first use if it does not exist.
    pub table: String,
}

impl PostgresOptions {
    /// The table `map_entries` in the schema `public` of the server `url`
    /// (`postgres://user@host:port/database`, or a key-value string).
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        let connection = tokio_postgres::Config::from_str(url)
            .with_context(|| format!("{url:?} is not a PostgreSQL connection string"))?;
        Ok(Self {
            connection,
            schema: "public".to_string(),
            table: "map_entries".to_string(),
        })
    }

    /// These options with the table `table` in the schema `schema`.
    pub fn in_table(mut self, schema: &str, table: &str) -> Self {
        self.schema = schema.to_string();
        self.table = table.to_string();
        self
    }

    /// The table's name as SQL: schema and table, each quoted.
    pub fn qualified_table(&self) -> String {
        format!("{}.{}", quote(&self.schema), quote(&self.table))
    }
}

/// `name` as a quoted SQL identifier.
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_with_inner_quotes_doubled() {
        let options = PostgresOptions::from_url("postgres://u@localhost/db")
            .unwrap()
            .in_table("my schema", "odd\"name");
        assert_eq!(options.qualified_table(), "\"my schema\".\"odd\"\"name\"");
    }
}
