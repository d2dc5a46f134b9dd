//! `sh` blocks read as a shell would, and `curl` command lines as curl reads them.

use std::collections::HashMap;

use reqwest::Method;

use super::markdown::{Block, Item};

pub enum Shell {
    /// One `curl` command, its words.
    Request(Vec<Word>),
    /// Variables the reader sets: names and the values shown.
    Assignments(Vec<(String, Word)>),
    /// Not executed.
    Other,
}

/// What a ```` ```sh ```` block is; `None` for another block.
pub fn shell(item: &Item) -> Option<Result<Shell, String>> {
    let Block::Code { language, text } = &item.block else {
        return None;
    };
    if language != "sh" {
        return None;
    }
    Some(classify(text))
}

pub fn classify(text: &str) -> Result<Shell, String> {
    if text.contains("curl") {
        let commands = commands(text)?;
        return match commands.as_slice() {
            [command] if command[0].literal() == Some("curl") => {
                Ok(Shell::Request(command.clone()))
            }
            _ => Err("a block with a request holds exactly one `curl` command".to_owned()),
        };
    }
    let Ok(commands) = commands(text) else {
        return Ok(Shell::Other);
    };
    let assignments: Option<Vec<(String, Word)>> = commands
        .iter()
        .map(|command| match command.as_slice() {
            [word] => word.assignment(),
            [export, word] if export.literal() == Some("export") => word.assignment(),
            _ => None,
        })
        .collect();
    Ok(match assignments {
        Some(assignments) if !assignments.is_empty() => Shell::Assignments(assignments),
        _ => Shell::Other,
    })
}

/// One shell word, before expansion.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Word(Vec<Part>);

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Variable(String),
}

impl Word {
    fn push(&mut self, c: char) {
        match self.0.last_mut() {
            Some(Part::Text(text)) => text.push(c),
            _ => self.0.push(Part::Text(c.to_string())),
        }
    }

    /// The word, when it has no variable in it.
    fn literal(&self) -> Option<&str> {
        match self.0.as_slice() {
            [Part::Text(text)] => Some(text),
            _ => None,
        }
    }

    /// `NAME=value`: the name and the value.
    fn assignment(&self) -> Option<(String, Word)> {
        let Some(Part::Text(first)) = self.0.first() else {
            return None;
        };
        let (name, value) = first.split_once('=')?;
        let is_name = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        if !is_name {
            return None;
        }
        let mut parts = vec![Part::Text(value.to_owned())];
        parts.extend(self.0[1..].iter().cloned());
        Some((name.to_owned(), Word(parts)))
    }

    pub fn expand(&self, variables: &HashMap<String, String>) -> Result<String, String> {
        let mut text = String::new();
        for part in &self.0 {
            match part {
                Part::Text(literal) => text.push_str(literal),
                Part::Variable(name) => text.push_str(variables.get(name).ok_or_else(|| {
                    format!("${name} is used before the guide has the reader set it")
                })?),
            }
        }
        Ok(text)
    }
}

/// Splits shell text into commands of words as a POSIX shell would: quotes, `\`
/// escapes and line continuations, comments, `$NAME` and `${NAME}`. Anything beyond a
/// simple command (pipes, redirections, substitutions…) is refused.
pub fn commands(text: &str) -> Result<Vec<Vec<Word>>, String> {
    let mut commands = Vec::new();
    let mut command: Vec<Word> = Vec::new();
    let mut word: Option<Word> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                command.extend(word.take());
                if c == '\n' && !command.is_empty() {
                    commands.push(std::mem::take(&mut command));
                }
            }
            '#' if word.is_none() => while chars.next_if(|c| *c != '\n').is_some() {},
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(escaped) => word.get_or_insert_default().push(escaped),
                None => return Err("a `\\` at the end".to_owned()),
            },
            '\'' => {
                let word = word.get_or_insert_default();
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("an unclosed `'`".to_owned()),
                    }
                }
                if word.0.is_empty() {
                    word.0.push(Part::Text(String::new()));
                }
            }
            '"' => {
                let word = word.get_or_insert_default();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some('\n') => {}
                            Some(c @ ('$' | '`' | '"' | '\\')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("an unclosed `\"`".to_owned()),
                        },
                        Some('$') => variable(&mut chars, word)?,
                        Some('`') => return Err("command substitution is not supported".to_owned()),
                        Some(c) => word.push(c),
                        None => return Err("an unclosed `\"`".to_owned()),
                    }
                }
                if word.0.is_empty() {
                    word.0.push(Part::Text(String::new()));
                }
            }
            '$' => variable(&mut chars, word.get_or_insert_default())?,
            '|' | '&' | ';' | '<' | '>' | '(' | ')' | '`' => {
                return Err(format!("`{c}`: only simple commands are supported"));
            }
            c => word.get_or_insert_default().push(c),
        }
    }
    command.extend(word.take());
    if !command.is_empty() {
        commands.push(command);
    }
    Ok(commands)
}

/// After a `$`: a variable's name, plain or in braces.
fn variable(
    chars: &mut std::iter::Peekable<std::str::Chars>,
    word: &mut Word,
) -> Result<(), String> {
    let braced = chars.next_if_eq(&'{').is_some();
    let mut name = String::new();
    while let Some(c) = chars.next_if(|c| c.is_ascii_alphanumeric() || *c == '_') {
        name.push(c);
    }
    if braced && chars.next_if_eq(&'}').is_none() {
        return Err("only `${NAME}` is supported in braces".to_owned());
    }
    if name.is_empty() {
        return Err("a `$` that names no variable".to_owned());
    }
    word.0.push(Part::Variable(name));
    Ok(())
}

/// A `curl` command line, as curl reads it.
pub struct Curl {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl Curl {
    pub fn parse(words: &[String]) -> Result<Self, String> {
        let mut method = None;
        let mut url = None;
        let mut headers = Vec::new();
        let mut body = None;
        let mut words = words.iter().skip(1);
        while let Some(word) = words.next() {
            let mut value = || {
                words
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("{word} needs a value"))
            };
            match word.as_str() {
                "-s" | "--silent" => {}
                "-X" | "--request" => {
                    method = Some(
                        Method::from_bytes(value()?.as_bytes())
                            .map_err(|error| error.to_string())?,
                    );
                }
                "-H" | "--header" => {
                    let header = value()?;
                    let (name, value) = header
                        .split_once(':')
                        .ok_or_else(|| format!("a header is `Name: value`, not {header}"))?;
                    headers.push((name.trim().to_owned(), value.trim().to_owned()));
                }
                "-d" | "--data" | "--data-raw" => {
                    let data = value()?;
                    if data.starts_with('@') && word != "--data-raw" {
                        return Err("a body read from a file".to_owned());
                    }
                    if body.replace(data).is_some() {
                        return Err("one -d only".to_owned());
                    }
                }
                option if option.starts_with('-') => {
                    return Err(format!("the test does not know curl's {option}"));
                }
                _ => {
                    if url.replace(word.clone()).is_some() {
                        return Err("one URL only".to_owned());
                    }
                }
            }
        }
        Ok(Self {
            method: method.unwrap_or(if body.is_some() {
                Method::POST
            } else {
                Method::GET
            }),
            url: url.ok_or("no URL")?,
            headers,
            body,
        })
    }
}
