//! Documents stored in parts: a statement's JSON (up to a few MB) cut into items of at
//! most [`PART_BYTES`], under DynamoDB's 400 kB item limit, and put back together. Both
//! stores lay documents out this way, so they behave alike.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::StoreError;

/// Largest part, in bytes of JSON text.
pub const PART_BYTES: usize = 300_000;

/// One part of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub data: String,
}

/// `json` cut into parts of at most [`PART_BYTES`], each on a character boundary.
pub fn split(json: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = json;
    while !rest.is_empty() {
        let mut end = rest.len().min(PART_BYTES);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (part, tail) = rest.split_at(end);
        parts.push(Part {
            data: part.to_owned(),
        });
        rest = tail;
    }
    parts
}

/// The most parts [`split`] cuts a document of `bytes` into: every part but the last
/// holds at least `PART_BYTES - 3` bytes (a character is at most 4).
pub fn max_parts(bytes: usize) -> usize {
    bytes.div_ceil(PART_BYTES - 3)
}

/// The document the parts make, in order.
pub fn join<T: DeserializeOwned>(parts: &[Part]) -> Result<T, StoreError> {
    let json: String = parts.iter().map(|part| part.data.as_str()).collect();
    serde_json::from_str(&json).map_err(|error| StoreError::Corrupt(error.to_string()))
}

/// Documents whose parts are `(sort key, part)` in sort-key order, where a part's sort key
/// is its document's prefix followed by the part's three-digit number: one per document.
pub fn join_documents<T: DeserializeOwned>(
    parts: Vec<(String, Part)>,
) -> Result<Vec<T>, StoreError> {
    let mut documents = Vec::new();
    let mut current: Option<(String, Vec<Part>)> = None;
    for (sort_key, part) in parts {
        let document = sort_key
            .rsplit_once('#')
            .map_or(sort_key.as_str(), |(document, _)| document)
            .to_owned();
        match &mut current {
            Some((key, held)) if *key == document => held.push(part),
            _ => {
                if let Some((_, held)) = current.take() {
                    documents.push(join(&held)?);
                }
                current = Some((document, vec![part]));
            }
        }
    }
    if let Some((_, held)) = current {
        documents.push(join(&held)?);
    }
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_comes_back_whole_from_its_parts() {
        let text = "é".repeat(PART_BYTES);
        let json = serde_json::to_string(&text).unwrap();
        let parts = split(&json);
        assert_eq!(parts.len(), 3, "{} bytes", json.len());
        assert!(parts.len() <= max_parts(json.len()));
        assert!(parts.iter().all(|part| part.data.len() <= PART_BYTES));
        let back: String = join(&parts).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn parts_group_by_document() {
        let keyed = |document: &str, json: &str| {
            split(json)
                .into_iter()
                .enumerate()
                .map(move |(n, part)| (format!("{document}#{n:03}"), part))
                .collect::<Vec<_>>()
        };
        let mut parts = keyed("S#a", "[1,2]");
        parts.extend(keyed("S#b", "[3]"));
        let documents: Vec<Vec<u8>> = join_documents(parts).unwrap();
        assert_eq!(documents, vec![vec![1, 2], vec![3]]);
        assert!(join_documents::<Vec<u8>>(Vec::new()).unwrap().is_empty());
    }
}
