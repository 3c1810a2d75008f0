//! Member text inside pacer's messages: every message that echoes what someone typed goes
//! through [`quote`], which shortens it and defuses markdown and mentions, so an echo can
//! neither break a message's length limit, nor its formatting, nor ping anyone.

/// The most characters of member input a message echoes (before escaping).
pub const MAX_QUOTE_CHARS: usize = 48;

/// The mark left where text was cut.
pub const ELLIPSIS: char = '…';

/// `text` cut to at most `max` characters (never inside a UTF-8 sequence), ending in `…`
/// when it was cut. `max` counts the ellipsis.
pub fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => text.into(),
        Some(_) if max == 0 => "".into(),
        Some(_) => {
            let end = text.char_indices().nth(max - 1).map_or(0, |(i, _)| i);
            let mut cut = text[..end].to_owned();
            cut.push(ELLIPSIS);
            cut.into()
        }
    }
}

/// Member input as pacer echoes it: trimmed, at most [`MAX_QUOTE_CHARS`] characters (then
/// `…`), markdown escaped and mentions broken. At most about twice that length.
pub fn quote(text: &str) -> String {
    escape(&shorten(text.trim(), MAX_QUOTE_CHARS))
}

/// Shows member text literally in Discord: markdown is escaped and mentions are broken with
/// a zero-width space so they can neither render nor ping. Control characters become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '<' | '#' | '[' | ']' | '(' | ')' | '-'
            | ':' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{200b}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortening_cuts_at_a_character_and_marks_the_cut() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "ab…");
        assert_eq!(shorten("ééééé", 4), "ééé…");
        assert_eq!(shorten("🏃🏃🏃", 2), "🏃…");
        assert_eq!(shorten("abc", 0), "");
        assert_eq!(shorten("", 0), "");
    }

    #[test]
    fn quoting_bounds_escapes_and_defuses_mentions() {
        let long = quote(&"5".repeat(6_000));
        assert_eq!(long.chars().count(), MAX_QUOTE_CHARS);
        assert!(long.ends_with(ELLIPSIS));
        assert_eq!(quote("  @everyone  "), "@\u{200b}everyone");
        assert!(quote(&"<@123>".repeat(1_000)).chars().count() <= 2 * MAX_QUOTE_CHARS);
        assert_eq!(quote("**x**"), "\\*\\*x\\*\\*");
    }

    #[test]
    fn escaping_defuses_markdown_and_mentions() {
        assert_eq!(
            escape("**bold** @everyone <@123>"),
            "\\*\\*bold\\*\\* @\u{200b}everyone \\<@\u{200b}123\\>"
        );
        assert!(!escape("@here").contains("@here"));
        assert_eq!(escape("plain"), "plain");
    }
}
