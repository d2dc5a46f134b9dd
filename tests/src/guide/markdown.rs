//! A guide read as a list of headings, paragraphs and fenced code blocks.

use crate::fixtures::workspace_root;

use super::Guide;

#[derive(Debug)]
pub struct Item {
    /// 1-based line in the file.
    pub line: usize,
    pub block: Block,
}

#[derive(Debug)]
pub enum Block {
    Heading(String),
    /// Consecutive non-blank lines, joined by newlines (a list item, a table…).
    Paragraph(String),
    Code {
        language: String,
        text: String,
    },
}

impl Guide {
    /// The guide's headings, paragraphs and fenced code blocks, in order.
    pub fn items(&self) -> Vec<Item> {
        let text = std::fs::read_to_string(workspace_root().join(self.path))
            .unwrap_or_else(|error| panic!("read {}: {error}", self.path));
        let lines: Vec<&str> = text.lines().collect();
        let first = match self.start {
            None => 0,
            Some(start) => lines
                .iter()
                .position(|line| *line == start)
                .unwrap_or_else(|| panic!("{}: no line `{start}`", self.path)),
        };
        let last = match self.start {
            None => lines.len(),
            Some(_) => lines[first..]
                .iter()
                .position(|line| *line == "---")
                .map_or(lines.len(), |end| first + end),
        };
        let mut items = Vec::new();
        let mut paragraph: Option<(usize, String)> = None;
        let mut index = first;
        while index < last {
            let line = lines[index];
            let number = index + 1;
            index += 1;
            let fence = line.trim_start().strip_prefix("```");
            let ends_paragraph = line.trim().is_empty() || fence.is_some() || line.starts_with('#');
            if ends_paragraph && let Some((line, text)) = paragraph.take() {
                items.push(Item {
                    line,
                    block: Block::Paragraph(text),
                });
            }
            if let Some(language) = fence {
                let mut code = Vec::new();
                while index < last && !lines[index].trim_start().starts_with("```") {
                    code.push(lines[index]);
                    index += 1;
                }
                assert!(
                    index < last,
                    "{}:{number}: an unclosed code block",
                    self.path
                );
                index += 1;
                items.push(Item {
                    line: number,
                    block: Block::Code {
                        language: language.trim().to_owned(),
                        text: code.join("\n"),
                    },
                });
            } else if line.starts_with('#') {
                items.push(Item {
                    line: number,
                    block: Block::Heading(line.trim_start_matches('#').trim().to_owned()),
                });
            } else if !line.trim().is_empty() {
                match &mut paragraph {
                    Some((_, text)) => {
                        text.push('\n');
                        text.push_str(line);
                    }
                    None => paragraph = Some((number, line.to_owned())),
                }
            }
        }
        if let Some((line, text)) = paragraph {
            items.push(Item {
                line,
                block: Block::Paragraph(text),
            });
        }
        items
    }
}

// ---- Shell blocks ----
