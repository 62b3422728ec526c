//! Building SQL text from fixed fragments with every value bound as a parameter.

use rusqlite::types::Value;

/// Conditions and the parameters they bind, in order.
#[derive(Default)]
pub(super) struct Sql {
    pub conditions: Vec<String>,
    pub params: Vec<Value>,
}

impl Sql {
    /// Binds a value; returns its placeholder (`?N`).
    pub fn bind(&mut self, value: impl Into<Value>) -> String {
        self.params.push(value.into());
        format!("?{}", self.params.len())
    }

    /// Binds ids as one JSON array; returns the table expression `json_each(?N)`.
    pub fn bind_ids(&mut self, ids: &[i64]) -> String {
        let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        format!("json_each({})", self.bind(json))
    }

    /// Binds texts as one JSON array; returns a subquery listing them.
    pub fn bind_texts(&mut self, texts: &[&str]) -> String {
        let json = serde_json::to_string(texts).unwrap_or_else(|_| "[]".into());
        format!("(SELECT value FROM json_each({}))", self.bind(json))
    }
}
