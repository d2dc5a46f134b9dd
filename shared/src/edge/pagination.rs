//! Cursor pagination, the same for every list: `limit` (1..=100, 20 by default) and an
//! opaque `cursor` bound to the partner and the list (filters included), and
//! `meta.next_cursor` in the reply (`null` at the end).

use serde::Serialize;
use serde_json::Value;

use crate::domain::model::{Page, PartnerId};
use crate::edge::cursor::Cursors;
use crate::edge::envelope::Reply;
use crate::edge::error::ApiError;
use crate::edge::request::page_limit;

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;

/// A page asked for: how many, and after which position of the store.
pub struct PageRequest<'a> {
    cursors: &'a Cursors,
    partner: PartnerId,
    scope: String,
    pub limit: usize,
    pub after: Option<String>,
}

impl<'a> PageRequest<'a> {
    /// Reads `limit` and `cursor` for the list `scope` (a string naming the list and its
    /// filters: a cursor is only valid for the same scope and partner).
    pub async fn new(
        cursors: &'a Cursors,
        partner: PartnerId,
        scope: String,
        limit: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<Self, ApiError> {
        let limit = page_limit(limit, DEFAULT_LIMIT, MAX_LIMIT)?;
        let after = match cursor {
            Some(cursor) => Some(cursors.decode(partner, &scope, cursor).await?),
            None => None,
        };
        Ok(Self {
            cursors,
            partner,
            scope,
            limit,
            after,
        })
    }

    /// The reply: `views` as `data`, and the cursor of `page.next` in `meta.next_cursor`.
    pub async fn reply<T, V: Serialize>(
        &self,
        page: &Page<T>,
        views: &[V],
    ) -> Result<Reply, ApiError> {
        let next = match &page.next {
            Some(position) => Value::String(
                self.cursors
                    .encode(self.partner, &self.scope, position)
                    .await?,
            ),
            None => Value::Null,
        };
        Ok(Reply::ok(&views)?.meta("next_cursor", next))
    }
}
