//! The catalogue of every sentence an error answer carries, in English and in French, and
//! nowhere else: the `message` of each [`ApiError`] and of each [`Problem`] in
//! `error.details`. Each entry builds a [`Text`] from both sentences at once, so the
//! compiler refuses a message in one language only, and each `match` is exhaustive, so a
//! new error or problem does not compile without its sentences. Codes (`error.code`,
//! `details[].code`) and JSON pointers never change with the language; only messages do.
//!
//! The English sentences are those the API always answered. The French ones write numbers
//! as French does ([`locale::number`]: `65 536`, `1 000 000 000 €`); in the literals below,
//! `\u{a0}` is the no-break space French puts before `:`, `;`, `%` and `€`.

use locale::number::{Eur, Integer};
use locale::{Language, Text};

use crate::domain::reference::ReferenceError;
use crate::edge::error::{ApiError, ConflictReason, JsonProblem, Validation};
use crate::webhooks::url_policy::{MAX_URL_LENGTH, RESOLVE_TIMEOUT, UrlError};

/// What is wrong with one part of a request, as `error.details[]` reports it: its
/// [`code`](Problem::code) and its [`text`](Problem::text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A value's JSON text is longer than the catalogue accepts.
    ValueTooLong,
    WholeNumber,
    Number,
    Boolean,
    DateString,
    String,
    AtLeast(i64),
    AtMost(i64),
    GreaterThanZero,
    /// At most this many euros.
    AtMostEuros(i64),
    TwoDecimals,
    ExistingDate,
    NotInTheFuture,
    OutOfRangeBelow,
    OutOfRangeAbove,
    OneOf(&'static [&'static str]),
    TooManyAttributes(usize),
    UnknownAttribute,
    RequiredForMortgage,
    RequiredToSubmit,
    /// The borrower is younger than this age on the day of submission.
    Minor(i32),
    Reference(ReferenceError),
    /// The body is JSON, but not an object.
    NotAnObject,
    UnknownField,
    RequiredField,
    /// serde's message, which names the field (`` duplicate field `apiKey` ``).
    DuplicateField(String),
    /// serde's message about a value of the wrong shape
    /// (`` invalid type: integer `1`, expected a string ``).
    Shape(String),
    UnknownParameter,
    RepeatedParameter,
    /// `limit` outside 1 to this.
    Limit(usize),
    StatusFilter,
    /// A delivery log's `status` filter.
    DeliveryStatusFilter,
    /// The events feed's `type` filter.
    EventTypeFilter,
    /// The events feed's `since` filter.
    Since,
    Cursor,
    IfMatch,
    IdempotencyKeyFormat,
    IdempotencyKeyReused,
    WebhookUrl(UrlError),
    WebhookEvents,
    /// A text longer than this many characters (a webhook's description, a review's).
    TooManyCharacters(usize),
    /// A text that must say something is empty or blank.
    BlankText,
    /// A problem the `bank` crate found in a statement document, with its English
    /// message (which names the field and the value's place).
    Statement(bank::ProblemCode, std::string::String),
}

impl Problem {
    /// The stable `details[].code`.
    pub fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            WholeNumber | Number | Boolean | DateString | String | NotAnObject | Shape(_) => "type",
            ValueTooLong | TwoDecimals | ExistingDate | Cursor | IfMatch | IdempotencyKeyFormat => {
                "format"
            }
            AtLeast(_) | GreaterThanZero | OutOfRangeBelow | Minor(_) | BlankText => "min",
            AtMost(_) | AtMostEuros(_) | NotInTheFuture | OutOfRangeAbove
            | TooManyAttributes(_) | TooManyCharacters(_) => "max",
            OneOf(_) | StatusFilter | DeliveryStatusFilter | EventTypeFilter | WebhookEvents => {
                "enum"
            }
            Since => "format",
            RequiredForMortgage | RequiredToSubmit | RequiredField => "required",
            UnknownAttribute => "unknown_attribute",
            Reference(error) => error.code(),
            UnknownField => "unknown_field",
            DuplicateField(_) => "duplicate_field",
            UnknownParameter => "unknown_parameter",
            RepeatedParameter => "repeated",
            Limit(_) => "range",
            IdempotencyKeyReused => "reused",
            WebhookUrl(_) => "url",
            Statement(code, _) => code.as_str(),
        }
    }

    /// The message, in both languages.
    pub fn text(&self) -> Text {
        use Problem::*;
        match self {
            ValueTooLong => Text::new("the value is too long", "la valeur est trop longue"),
            WholeNumber => Text::new("must be a whole number", "doit être un nombre entier"),
            Number => Text::new("must be a number", "doit être un nombre"),
            Boolean => Text::new("must be true or false", "doit valoir true ou false"),
            DateString => Text::new(
                "must be a date string, YYYY-MM-DD",
                "doit être une date sous forme de texte, AAAA-MM-JJ",
            ),
            String => Text::new("must be a string", "doit être un texte"),
            AtLeast(min) => Text::new(
                format!("must be at least {min}"),
                format!("doit valoir au moins {}", fr(*min)),
            ),
            AtMost(max) => Text::new(
                format!("must be at most {max}"),
                format!("doit valoir au plus {}", fr(*max)),
            ),
            GreaterThanZero => Text::new("must be greater than 0", "doit être supérieur à 0"),
            AtMostEuros(euros) => Text::new(
                format!("must be at most {euros} EUR"),
                format!(
                    "doit valoir au plus {}",
                    Eur(Language::Fr, euros.saturating_mul(100))
                ),
            ),
            TwoDecimals => Text::new(
                "must have at most 2 decimals",
                "ne doit pas avoir plus de 2 décimales",
            ),
            ExistingDate => Text::new(
                "must be an existing date, YYYY-MM-DD",
                "doit être une date qui existe, AAAA-MM-JJ",
            ),
            NotInTheFuture => Text::new(
                "must not be in the future",
                "ne doit pas être dans le futur",
            ),
            OutOfRangeBelow | OutOfRangeAbove => {
                Text::new("is out of range", "est hors des valeurs admises")
            }
            OneOf(allowed) => Text::new(
                format!("must be one of: {}", allowed.join(", ")),
                format!("doit être l'une des valeurs\u{a0}: {}", allowed.join(", ")),
            ),
            TooManyAttributes(max) => Text::new(
                format!("at most {max} attributes"),
                format!("{} attributs au plus", fr(*max)),
            ),
            UnknownAttribute => Text::new(
                "not in the catalogue (GET /api/v1/attributes/)",
                "absent du catalogue (GET /api/v1/attributes/)",
            ),
            RequiredForMortgage => Text::new(
                "required for a mortgage",
                "obligatoire pour un prêt immobilier",
            ),
            RequiredToSubmit => {
                Text::new("required to submit", "obligatoire pour soumettre le profil")
            }
            Minor(age) => Text::new(
                format!("the borrower must be at least {age}"),
                format!("l'emprunteur doit avoir au moins {} ans", fr(*age)),
            ),
            Reference(error) => reference(*error),
            NotAnObject => Text::new(
                "the body must be a JSON object",
                "le corps de la requête doit être un objet JSON",
            ),
            UnknownField => Text::new(
                "this field is not accepted here",
                "ce champ n'est pas accepté ici",
            ),
            RequiredField => Text::new("this field is required", "ce champ est obligatoire"),
            DuplicateField(serde) => Text::new(
                serde.as_str(),
                match backquoted(serde) {
                    Some(field) => format!("le champ `{field}` est donné deux fois"),
                    None => "un champ est donné deux fois".to_owned(),
                },
            ),
            Shape(serde) => Text::new(serde.as_str(), shape_fr(serde)),
            UnknownParameter => Text::new(
                "this query parameter is not accepted",
                "ce paramètre de requête n'est pas accepté",
            ),
            RepeatedParameter => Text::new("give it once", "ne doit figurer qu'une fois"),
            Limit(max) => Text::new(
                format!("a whole number from 1 to {max}"),
                format!("un nombre entier de 1 à {}", fr(*max)),
            ),
            StatusFilter => Text::new("draft or submitted", "draft ou submitted"),
            DeliveryStatusFilter => Text::new(
                "pending, delivered or failed",
                "pending, delivered ou failed",
            ),
            EventTypeFilter => Text::new(
                "a type of event the feed holds, such as analysis.completed or webhook.endpoint_failing",
                "un type d'événement que le flux contient, par exemple analysis.completed ou webhook.endpoint_failing",
            ),
            Since => Text::new(
                "an RFC 3339 time, with Z or its UTC offset",
                "une date et heure au format RFC 3339, avec Z ou son décalage horaire",
            ),
            Cursor => Text::new(
                "not a cursor this list issued",
                "ce curseur n'a pas été émis par cette liste",
            ),
            IfMatch => Text::new(
                "an ETag of this profile, such as \"3\"",
                "un ETag de ce profil, par exemple \"3\"",
            ),
            IdempotencyKeyFormat => Text::new(
                "1 to 255 visible ASCII characters",
                "de 1 à 255 caractères ASCII visibles",
            ),
            IdempotencyKeyReused => Text::new(
                "use a new key for a new request",
                "prenez une nouvelle clef pour une nouvelle requête",
            ),
            WebhookUrl(error) => url(error),
            WebhookEvents => Text::new(
                "one or more of analysis.completed, analysis.failed, analysis.reviewed",
                "un ou plusieurs de analysis.completed, analysis.failed, analysis.reviewed",
            ),
            TooManyCharacters(max) => Text::new(
                format!("at most {max} characters"),
                format!("{} caractères au plus", fr(*max)),
            ),
            BlankText => Text::new(
                "must not be empty or blank",
                "ne doit pas être vide ni blanc",
            ),
            Statement(code, en) => Text::new(en.as_str(), statement_fr(*code)),
        }
    }
}

/// A statement problem in French, by its code: the English message names the field and
/// the value, the pointer says where it is.
fn statement_fr(code: bank::ProblemCode) -> std::string::String {
    use bank::ProblemCode::*;
    match code {
        Required => "ce champ est obligatoire".to_owned(),
        Type => "la valeur n'est pas du type attendu".to_owned(),
        Format => "la valeur n'a pas la forme attendue (date AAAA-MM-JJ, montant à 2 décimales au plus)".to_owned(),
        Enum => "la valeur ne fait pas partie des valeurs admises".to_owned(),
        Min => "la valeur est trop petite (une date de plus de 24 mois, un montant négatif là où il ne peut l'être)".to_owned(),
        Max => "la valeur est trop grande (une date dans le futur, un montant ou un texte trop long)".to_owned(),
        UnknownField => "ce champ n'existe pas dans ce format".to_owned(),
        UnsupportedCurrency => "seuls les relevés en euros (EUR) sont acceptés".to_owned(),
        TooMany => format!(
            "trop d'éléments\u{a0}: {} opérations au plus par relevé, {} problèmes au plus signalés",
            fr(bank::MAX_TRANSACTIONS),
            fr(bank::MAX_PROBLEMS)
        ),
    }
}

/// `n` as French writes it: `65 536`.
fn fr(n: impl TryInto<i64>) -> Integer {
    Integer(Language::Fr, n.try_into().unwrap_or(i64::MAX))
}

/// The first `` `name` `` of a serde message.
fn backquoted(message: &str) -> Option<&str> {
    message.split('`').nth(1)
}

/// serde's message about a value's shape, in French: the kind found and the kind wanted
/// when serde names them (`invalid type: integer `1`, expected a string`), the values
/// allowed for an unknown variant, and a general sentence otherwise.
fn shape_fr(serde: &str) -> String {
    if let Some(rest) = serde.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "la valeur doit être {}, et non {}",
            kind_fr(expected),
            kind_fr(found)
        );
    }
    if let Some(rest) = serde.strip_prefix("unknown variant ")
        && let Some((variant, allowed)) = rest.split_once(", expected ")
    {
        let allowed = allowed.split(" at line ").next().unwrap_or(allowed);
        let allowed = allowed
            .trim_start_matches("one of ")
            .replace(" or ", " ou ");
        return format!("valeur inconnue {variant}\u{a0}; valeurs admises\u{a0}: {allowed}");
    }
    "la valeur n'a pas la forme attendue".to_owned()
}

/// A JSON kind as serde names it (`a string`, `integer `1``, `struct TokenRequest`), in
/// French.
fn kind_fr(kind: &str) -> &'static str {
    let kind = kind
        .trim_start_matches("an ")
        .trim_start_matches("a ")
        .trim();
    let word = kind.split([' ', '`']).next().unwrap_or(kind);
    match word {
        "string" | "str" | "char" => "un texte",
        "integer" | "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" => {
            "un nombre entier"
        }
        "floating" | "f32" | "f64" | "number" => "un nombre",
        "boolean" | "bool" => "un booléen (true ou false)",
        "null" | "unit" => "null",
        "sequence" | "tuple" | "array" => "un tableau",
        "map" | "struct" | "object" => "un objet",
        _ => "une valeur d'un autre type",
    }
}

fn reference(error: ReferenceError) -> Text {
    match error {
        ReferenceError::Format => Text::new(
            "1 to 128 printable characters, without invisible formatting characters",
            "de 1 à 128 caractères imprimables, sans caractère de mise en forme invisible",
        ),
        ReferenceError::TooLong => Text::new("at most 128 characters", "128 caractères au plus"),
    }
}

/// Why a webhook URL is refused.
pub fn url(error: &UrlError) -> Text {
    match error {
        UrlError::Malformed => Text::new("not an absolute URL", "ce n'est pas une URL absolue"),
        UrlError::TooLong => Text::new(
            format!("the URL is longer than {MAX_URL_LENGTH} characters"),
            format!("l'URL dépasse {} caractères", fr(MAX_URL_LENGTH)),
        ),
        UrlError::Scheme => Text::new(
            "only https URLs are accepted",
            "seules les URL https sont acceptées",
        ),
        UrlError::Credentials => Text::new(
            "credentials in the URL are not accepted",
            "l'URL ne doit pas contenir d'identifiants",
        ),
        UrlError::Fragment => Text::new(
            "a fragment (#…) is not accepted",
            "un fragment (#…) n'est pas accepté",
        ),
        UrlError::IpLiteral => Text::new(
            "name the host by its DNS name, not an IP address",
            "désignez l'hôte par son nom DNS, et non par une adresse IP",
        ),
        UrlError::Port => Text::new(
            "only the default port, 443, is accepted",
            "seul le port par défaut, 443, est accepté",
        ),
        UrlError::Unresolvable => Text::new(
            "the host name does not resolve",
            "le nom d'hôte est introuvable dans le DNS",
        ),
        UrlError::ResolutionTimedOut => Text::new(
            format!(
                "the host name did not resolve within {} seconds; check its DNS servers",
                RESOLVE_TIMEOUT.as_secs()
            ),
            format!(
                "le nom d'hôte n'a pas été résolu en {} secondes\u{a0}; vérifiez ses serveurs DNS",
                fr(RESOLVE_TIMEOUT.as_secs())
            ),
        ),
        UrlError::NonPublicAddress => Text::new(
            "the host resolves to a non-public address",
            "le nom d'hôte pointe vers une adresse non publique",
        ),
    }
}

/// The `error.message` of `error`, in both languages.
pub fn error(error: &ApiError) -> Text {
    match error {
        ApiError::InvalidJson(problem) => json(problem),
        ApiError::InvalidRequest(detail) => {
            let (field, why) = (&detail.field, detail.problem.text());
            Text::new(
                format!("invalid {field}: {}", why.en),
                format!("{field} invalide\u{a0}: {}", why.fr),
            )
        }
        ApiError::MissingToken => Text::new(
            "an Authorization: Bearer <access token> header is required",
            "l'en-tête Authorization: Bearer <access token> est obligatoire",
        ),
        ApiError::InvalidToken => Text::new(
            "the access token is invalid",
            "le jeton d'accès (access token) est invalide",
        ),
        ApiError::TokenExpired => Text::new("the token has expired", "le jeton a expiré"),
        ApiError::InvalidApiKey => Text::new(
            "the API key is invalid, unknown or revoked",
            "la clef API est invalide, inconnue ou révoquée",
        ),
        ApiError::InvalidRefreshToken => Text::new(
            "the refresh token is invalid or revoked",
            "le jeton de renouvellement (refresh token) est invalide ou révoqué",
        ),
        ApiError::NotFound => Text::new("resource not found", "ressource introuvable"),
        ApiError::MethodNotAllowed { allow } => Text::new(
            format!("method not allowed; allowed: {allow}"),
            format!("méthode non autorisée\u{a0}; méthodes acceptées\u{a0}: {allow}"),
        ),
        ApiError::Conflict(reason) => conflict(*reason),
        ApiError::PreconditionFailed => Text::new(
            "the resource has changed since the version given in If-Match",
            "la ressource a changé depuis la version indiquée dans If-Match",
        ),
        ApiError::PayloadTooLarge { limit } => Text::new(
            format!("the request body is larger than {limit} bytes"),
            format!("le corps de la requête dépasse {} octets", fr(*limit)),
        ),
        ApiError::UnsupportedMediaType => Text::new(
            "the request body must be JSON (Content-Type: application/json)",
            "le corps de la requête doit être du JSON (Content-Type: application/json)",
        ),
        ApiError::Validation { kind, .. } => validation(*kind),
        ApiError::RateLimited { .. } => Text::new("too many requests", "trop de requêtes"),
        ApiError::Internal(_) => Text::new(
            "an internal error occurred",
            "une erreur interne s'est produite",
        ),
        ApiError::ServiceUnavailable { .. } => Text::new(
            "a dependency is unavailable, try again shortly",
            "un service dont nous dépendons est momentanément indisponible\u{a0}; réessayez dans quelques instants",
        ),
    }
}

fn json(problem: &JsonProblem) -> Text {
    let (en, fr) = match problem {
        JsonProblem::Empty => ("the body is empty".to_owned(), "il est vide".to_owned()),
        JsonProblem::NotUtf8 => (
            "the body is not valid UTF-8".to_owned(),
            "il n'est pas encodé en UTF-8".to_owned(),
        ),
        JsonProblem::DuplicateMember => (
            "an object in the body names the same member twice".to_owned(),
            "un objet du corps nomme deux fois le même membre".to_owned(),
        ),
        JsonProblem::Syntax {
            message,
            line,
            column,
        } => (
            message.clone(),
            format!(
                "erreur de syntaxe ligne {}, colonne {}",
                fr(*line),
                fr(*column)
            ),
        ),
    };
    Text::new(
        format!("the request body is not valid JSON: {en}"),
        format!("le corps de la requête n'est pas du JSON valide\u{a0}: {fr}"),
    )
}

fn conflict(reason: ConflictReason) -> Text {
    match reason {
        ConflictReason::ChangedMeanwhile => Text::new(
            "the resource changed meanwhile; retry",
            "la ressource a été modifiée entre-temps\u{a0}; réessayez",
        ),
        ConflictReason::InFlight => Text::new(
            "the request is being processed, retry shortly",
            "la requête est en cours de traitement\u{a0}; réessayez dans quelques instants",
        ),
        ConflictReason::ProfileKeepsChanging => Text::new(
            "the profile keeps changing; retry",
            "le profil ne cesse d'être modifié\u{a0}; réessayez",
        ),
        ConflictReason::ReferenceTaken => Text::new(
            "another profile of yours already has this reference",
            "un autre de vos profils porte déjà cette référence",
        ),
        ConflictReason::ProfileNotSubmitted => Text::new(
            "submit the profile (POST /api/v1/profiles/{id}/submit/) before asking for an analysis",
            "soumettez le profil (POST /api/v1/profiles/{id}/submit/) avant de demander une analyse",
        ),
        ConflictReason::AnalysisPending => Text::new(
            "the analysis is not completed yet; ask again once its status is completed",
            "l'analyse n'est pas encore terminée\u{a0}; redemandez l'explication quand son statut sera completed",
        ),
        ConflictReason::AnalysisFailed => Text::new(
            "the analysis failed, so there is no decision to explain; request a new analysis",
            "l'analyse a échoué, il n'y a donc pas de décision à expliquer\u{a0}; demandez une nouvelle analyse",
        ),
        ConflictReason::ReviewBeforeCompletion => Text::new(
            "the analysis is not completed yet; record the review once its status is completed",
            "l'analyse n'est pas encore terminée\u{a0}; enregistrez la revue quand son statut sera completed",
        ),
        ConflictReason::ReviewOfFailedAnalysis => Text::new(
            "the analysis failed, so there is no decision to review; request a new analysis",
            "l'analyse a échoué, il n'y a donc pas de décision à revoir\u{a0}; demandez une nouvelle analyse",
        ),
        ConflictReason::ReviewLimitReached => Text::new(
            "at most 10 reviews per analysis; the latest one stands",
            "10 revues au plus par analyse\u{a0}; la dernière fait foi",
        ),
        ConflictReason::WebhookLimitReached => Text::new(
            "at most 10 webhooks per partner; delete one first",
            "10 webhooks au plus par partenaire\u{a0}; supprimez-en un d'abord",
        ),
        ConflictReason::StatementLimitReached => Text::new(
            "the profile holds as many bank statements as allowed (12, 3 MiB in all); delete one first",
            "le profil a déjà autant de relevés bancaires que permis (12, 3 Mio en tout)\u{a0}; supprimez-en un d'abord",
        ),
        ConflictReason::WebhookDisabled => Text::new(
            "the webhook is disabled; enable it (POST /api/v1/webhooks/{id}/enable/) first",
            "le webhook est désactivé\u{a0}; réactivez-le d'abord (POST /api/v1/webhooks/{id}/enable/)",
        ),
        ConflictReason::WebhookEnabled => Text::new(
            "the webhook is already enabled",
            "le webhook est déjà activé",
        ),
        ConflictReason::DeliveryAttemptsExhausted => Text::new(
            "this delivery has had its 50 attempts; read the event on the events feed",
            "cette livraison a eu ses 50 tentatives\u{a0}; lisez l'événement dans le flux d'événements",
        ),
        ConflictReason::NoBankStatements => Text::new(
            "the profile holds no bank statement yet; upload one (POST /api/v1/profiles/{id}/bank-statements/) first",
            "le profil n'a encore aucun relevé bancaire\u{a0}; envoyez-en un d'abord (POST /api/v1/profiles/{id}/bank-statements/)",
        ),
    }
}

fn validation(kind: Validation) -> Text {
    match kind {
        Validation::Invalid => Text::new(
            "the request is not valid; see details",
            "la requête n'est pas valide\u{a0}; voir details",
        ),
        Validation::ProfileIncomplete => Text::new(
            "the profile cannot be submitted yet; see details",
            "le profil ne peut pas encore être soumis\u{a0}; voir details",
        ),
        Validation::IdempotencyKeyReused => Text::new(
            "this Idempotency-Key was used with another request",
            "cette Idempotency-Key a déjà servi pour une autre requête",
        ),
        Validation::UnsupportedCurrency => Text::new(
            "only statements in euros (EUR) are accepted; see details",
            "seuls les relevés en euros (EUR) sont acceptés\u{a0}; voir details",
        ),
    }
}

#[cfg(test)]
mod tests;
