//! Bank labels normalised once, so that rules match words rather than spellings.
//!
//! [`normalise`]: letters transliterated to ASCII (`Prélèvement` → `PRELEVEMENT`, `Œ` →
//! `OE`), upper-cased; every character but letters, digits and `/` becomes a space, except a `.`
//! between two digits, which becomes `/` (`16.05.26` is a date); card dates (`12/03`,
//! `12/03/26`, `12/03/2026`) are dropped; spaces are collapsed. So `CB CARREFOUR 12/03
//! PARIS` and `cb  Carrefour  Paris` read the same, `C.A.F.` reads `C A F` and `H&M` reads
//! `H M`.

/// The label as the rules read it.
pub fn normalise(text: &str) -> String {
    let ascii = transliterate(text);
    let bytes = ascii.as_bytes();
    let mut normalised: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut token_start: Option<usize> = None;
    for (index, &byte) in bytes.iter().enumerate() {
        let digit_around = |offset: isize| {
            index
                .checked_add_signed(offset)
                .and_then(|at| bytes.get(at))
                .is_some_and(u8::is_ascii_digit)
        };
        let mapped = match byte {
            b'a'..=b'z' => byte.to_ascii_uppercase(),
            b'A'..=b'Z' | b'0'..=b'9' | b'/' => byte,
            b'.' if digit_around(-1) && digit_around(1) => b'/',
            _ => b' ',
        };
        if mapped == b' ' {
            end_token(&mut normalised, token_start.take());
        } else {
            if token_start.is_none() {
                if !normalised.is_empty() {
                    normalised.push(b' ');
                }
                token_start = Some(normalised.len());
            }
            normalised.push(mapped);
        }
    }
    end_token(&mut normalised, token_start);
    String::from_utf8(normalised).unwrap_or_default()
}

/// Drops the token that starts at `start` when it is a date, with the space before it.
fn end_token(normalised: &mut Vec<u8>, start: Option<usize>) {
    if let Some(start) = start
        && is_date(&normalised[start..])
    {
        normalised.truncate(start.saturating_sub(1));
    }
}

/// Letters to ASCII (`É` → `E`, `ß` → `ss`); other non-ASCII characters (symbols,
/// emoji) to a space, so that they never spell a word.
fn transliterate(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut ascii = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_ascii() {
            ascii.push(character);
        } else if character.is_alphabetic() {
            ascii.push_str(deunicode::deunicode_char(character).unwrap_or(" "));
        } else {
            ascii.push(' ');
        }
    }
    std::borrow::Cow::Owned(ascii)
}

/// `DD/MM`, `DD/MM/YY` or `DD/MM/YYYY`, with a day up to 31 and a month up to 12.
fn is_date(token: &[u8]) -> bool {
    let mut parts = token.split(|&byte| byte == b'/');
    let (Some(day), Some(month)) = (parts.next(), parts.next()) else {
        return false;
    };
    let year = parts.next();
    let number = |part: &[u8], lengths: &[usize]| {
        lengths.contains(&part.len()) && part.iter().all(u8::is_ascii_digit)
    };
    let value = |part: &[u8]| {
        part.iter()
            .fold(0u32, |value, digit| value * 10 + u32::from(digit - b'0'))
    };
    parts.next().is_none()
        && number(day, &[1, 2])
        && number(month, &[1, 2])
        && (1..=31).contains(&value(day))
        && (1..=12).contains(&value(month))
        && year.is_none_or(|year| number(year, &[2, 4]))
}

/// Words that open a label without naming anyone: payment kinds and their connectors.
const PREFIXES: &[&str] = &[
    "VIR",
    "VIREMENT",
    "SEPA",
    "RECU",
    "EMIS",
    "INST",
    "PERMANENT",
    "PERM",
    "EN",
    "VOTRE",
    "FAVEUR",
    "DE",
    "/DE",
    "DE:",
    "A",
    "/A",
    "POUR",
    "PRLV",
    "PRELEVEMENT",
    "EUROPEEN",
    "CB",
    "CARTE",
    "PAIEMENT",
    "PAR",
    "ACHAT",
    "FACTURE",
    "DU",
];

/// Words after which a label stops naming its counterparty.
const STOPS: &[&str] = &[
    "/MOTIF", "MOTIF", "/REF", "REF", "ECH", "ECHEANCE", "ID", "MANDAT",
];

/// A stable key for "who is on the other side", used to group recurring income and name
/// lenders: the normalised counterparty when the bank gave one, else the first words of
/// the label after its payment-kind prefix, up to four, stopping at a reference, a motif or
/// a word with a digit. `VIR SEPA RECU /DE ACME SAS /MOTIF SALAIRE` gives `ACME SAS`.
pub fn counterparty_key(label: &str, counterparty: Option<&str>) -> String {
    if let Some(name) = counterparty.map(normalise).filter(|name| !name.is_empty()) {
        return name;
    }
    let normalised = normalise(label);
    let words: Vec<&str> = normalised
        .split(' ')
        .skip_while(|word| {
            PREFIXES.contains(word) || word.bytes().any(|byte| byte.is_ascii_digit())
        })
        .take_while(|word| !STOPS.contains(word) && !word.bytes().any(|byte| byte.is_ascii_digit()))
        .take(4)
        .collect();
    if !words.is_empty() {
        return words.join(" ");
    }
    let words: Vec<&str> = normalised
        .split(' ')
        .filter(|word| !word.bytes().any(|byte| byte.is_ascii_digit()))
        .take(4)
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_spellings_to_words() {
        for (label, expected) in [
            (
                "CB CARREFOUR MARKET 12/03 PARIS",
                "CB CARREFOUR MARKET PARIS",
            ),
            ("cb  Carrefour   market", "CB CARREFOUR MARKET"),
            (
                "Prélèvement Échéance prêt n°4512",
                "PRELEVEMENT ECHEANCE PRET N 4512",
            ),
            ("VIR SEPA C.A.F. PARIS", "VIR SEPA C A F PARIS"),
            ("CB H&M 19/04", "CB H M"),
            (
                "ACHAT CB CARREFOUR CITY 16.05.26 CARTE",
                "ACHAT CB CARREFOUR CITY CARTE",
            ),
            ("RETRAIT DAB 13/03/26 LYON", "RETRAIT DAB LYON"),
            ("RETRAIT 13/03/2026", "RETRAIT"),
            ("ECH 04/24 COFIDIS", "ECH 04/24 COFIDIS"),
            ("YOUNITED ECHEANCE 12/36", "YOUNITED ECHEANCE 12/36"),
            (
                "VIR SEPA RECU /DE ACME /MOTIF X",
                "VIR SEPA RECU /DE ACME /MOTIF X",
            ),
            ("COMMISSION D'INTERVENTION", "COMMISSION D INTERVENTION"),
            ("", ""),
            ("✓ 😀", ""),
        ] {
            assert_eq!(normalise(label), expected, "{label:?}");
        }
    }

    #[test]
    fn finds_who_is_on_the_other_side() {
        for (label, counterparty, expected) in [
            (
                "VIR SEPA RECU /DE ACME SAS /MOTIF SALAIRE MARS",
                None,
                "ACME SAS",
            ),
            (
                "VIR CAF DU RHONE ALLOCATIONS FAMILIALES 032026",
                None,
                "CAF DU RHONE ALLOCATIONS",
            ),
            ("PRLV SEPA COFIDIS ECH 04/24", None, "COFIDIS"),
            ("ECHEANCE PRET 00012345678", None, "ECHEANCE PRET"),
            ("VIR SEPA RECU", Some("Acme S.A.S."), "ACME S A S"),
            ("VIR SEPA RECU", Some(" "), "VIR SEPA RECU"),
        ] {
            assert_eq!(counterparty_key(label, counterparty), expected, "{label:?}");
        }
    }
}
