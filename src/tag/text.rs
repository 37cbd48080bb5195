//! Tokenising running text with byte and character offsets into the
//! original string.

use crate::normalize;
use unicode_normalization::char::is_combining_mark;

/// How a token is joined to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gap {
    /// Only an apostrophe: `O'Brien`, `l'Ukraine`.
    Apostrophe,
    /// Spaces or a hyphen (and a dot after a short abbreviation such as
    /// `St.`): the two tokens may belong to one name.
    Join,
    /// Anything else (commas, quotes, line breaks, sentence ends).
    Break,
}

/// One word of the text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Byte span in the original text.
    pub start: usize,
    pub end: usize,
    /// Character span in the original text.
    pub char_start: usize,
    pub char_end: usize,
    /// Range of the folded form in [`Tokens::folded`].
    pub folded: (usize, usize),
    /// The first character is an upper-case letter.
    pub upper: bool,
    /// Every letter is upper case and there are at least two.
    pub all_upper: bool,
    /// The first character is a letter of a script without case (Arabic,
    /// Chinese, …).
    pub uncased: bool,
    /// How the token is joined to the previous one.
    pub gap: Gap,
    /// The token starts a sentence (or a line, or a quotation at a sentence start).
    pub sentence_start: bool,
    /// The token starts a line.
    pub line_start: bool,
    /// A possessive `'s` / `’s` followed the token (and was dropped).
    pub possessive: bool,
    /// What follows the token up to the next one, as punctuation class.
    pub dateline_after: bool,
}

impl Token {
    /// Whether the token can be part of a name: capitalised or in a script
    /// without case.
    pub fn name_like(&self) -> bool {
        self.upper || self.uncased
    }
}

/// The tokens of one text and their folded forms.
pub(crate) struct Tokens {
    pub list: Vec<Token>,
    pub folded: String,
}

impl Tokens {
    pub fn folded(&self, t: &Token) -> &str {
        &self.folded[t.folded.0..t.folded.1]
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && is_combining_mark(c))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Splits `text` into words: maximal runs of letters, digits and combining
/// marks. A possessive `'s` after a word is folded into a flag on the word.
pub(crate) fn tokenize(text: &str) -> Tokens {
    let bytes = text.as_bytes();
    let mut list: Vec<Token> = Vec::with_capacity(text.len() / 6);
    let mut folded = String::with_capacity(text.len());
    let mut buf = String::new();
    let mut pos = 0usize;
    let mut char_pos = 0usize;
    let mut gap_start = 0usize;
    while pos < bytes.len() {
        let (c, len) = char_at(text, pos);
        if !is_word_char(c) {
            pos += len;
            char_pos += 1;
            continue;
        }
        let (start, char_start) = (pos, char_pos);
        // Most words of most texts are ASCII: test bytes, decode the rest.
        let mut ascii = true;
        while pos < bytes.len() {
            if bytes[pos].is_ascii() {
                if !bytes[pos].is_ascii_alphanumeric() {
                    break;
                }
                pos += 1;
            } else {
                let (c, len) = char_at(text, pos);
                if !is_word_char(c) {
                    break;
                }
                ascii = false;
                pos += len;
            }
            char_pos += 1;
        }
        let end = pos;
        let word = &text[start..end];
        let gap_text = &text[gap_start..start];
        gap_start = end;
        // A possessive 's right after a word: flag the word, drop the "s".
        if (word == "s" || word == "S")
            && gap_text.chars().count() == 1
            && gap_text.chars().all(is_apostrophe)
        {
            if let Some(prev) = list.last_mut().filter(|p| p.name_like()) {
                prev.possessive = true;
                continue;
            }
        }
        // Most words follow a single space: a join, in mid-sentence.
        let single_space = gap_text == " " && !list.is_empty();
        if let Some(prev) = list.last_mut() {
            prev.dateline_after = !single_space
                && gap_text.contains(['—', '–', '-', ',', '.', ':'])
                && !gap_text.contains('\n');
        }
        let shape = Shape::of(word, ascii);
        let (gap, line_start, sentence_start) = if single_space {
            (Gap::Join, false, false)
        } else {
            let prev_short = list
                .last()
                .is_some_and(|p| p.char_end - p.char_start <= 3 && p.upper);
            let gap = classify_gap(gap_text, prev_short, list.is_empty());
            let prev_is_title = || {
                list.last().is_some_and(|p| {
                    let f = &folded[p.folded.0..p.folded.1];
                    super::words::is_title(f)
                })
            };
            let line_start = list.is_empty() || gap_text.contains('\n');
            let sentence_start = line_start || (starts_sentence(gap_text) && !prev_is_title());
            (gap, line_start, sentence_start)
        };
        let f0 = folded.len();
        if ascii {
            // What `fold_into` makes of letters and digits, without its
            // per-character dispatch.
            folded.push_str(word);
            folded[f0..].make_ascii_lowercase();
        } else {
            normalize::fold_into(word, &mut buf);
            folded.push_str(&buf);
        }
        list.push(Token {
            start,
            end,
            char_start,
            char_end: char_pos,
            folded: (f0, folded.len()),
            upper: shape.upper,
            all_upper: shape.all_upper,
            uncased: shape.uncased,
            gap,
            sentence_start,
            line_start,
            possessive: false,
            dateline_after: false,
        });
    }
    Tokens { list, folded }
}

/// The character at byte `pos` (a character boundary) and its length.
fn char_at(text: &str, pos: usize) -> (char, usize) {
    match text.as_bytes()[pos] {
        b if b.is_ascii() => (char::from(b), 1),
        _ => {
            let c = text[pos..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        }
    }
}

/// The case of a word.
struct Shape {
    upper: bool,
    all_upper: bool,
    uncased: bool,
}

impl Shape {
    fn of(word: &str, ascii: bool) -> Shape {
        if ascii {
            let b = word.as_bytes();
            let upper = b.first().is_some_and(u8::is_ascii_uppercase);
            let letters = b.iter().filter(|b| b.is_ascii_alphabetic()).count();
            let all_upper = upper && letters >= 2 && !b.iter().any(u8::is_ascii_lowercase);
            return Shape {
                upper,
                all_upper,
                uncased: false,
            };
        }
        let first = word.chars().next().unwrap_or(' ');
        let upper = first.is_uppercase();
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        Shape {
            upper,
            all_upper: letters >= 2 && !word.chars().any(char::is_lowercase) && upper,
            uncased: first.is_alphabetic() && !first.is_uppercase() && !first.is_lowercase(),
        }
    }
}

fn classify_gap(gap: &str, prev_short: bool, first: bool) -> Gap {
    if first {
        return Gap::Break;
    }
    let mut chars = gap.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if is_apostrophe(c) {
            return Gap::Apostrophe;
        }
    }
    if gap.chars().count() > 3 {
        return Gap::Break;
    }
    let mut dot = false;
    for c in gap.chars() {
        match c {
            ' ' | '\u{a0}' | '\u{202f}' | '\t' | '-' | '‐' => {}
            '.' if prev_short && !dot => dot = true,
            _ => return Gap::Break,
        }
    }
    Gap::Join
}

/// Whether text between two words ends a sentence: a terminator followed by
/// spaces and opening quotes or brackets only.
fn starts_sentence(gap: &str) -> bool {
    for c in gap.chars().rev() {
        match c {
            '.' | '!' | '?' | '…' | ':' => return true,
            c if c.is_whitespace() => {}
            '"' | '\'' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '(' | '[' | '‹' | '›' =>
                {}
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_flags() {
        let text = "Putin’s men. «Élysée» in Лукашенко’s";
        let t = tokenize(text);
        let words: Vec<&str> = t.list.iter().map(|k| &text[k.start..k.end]).collect();
        assert_eq!(words, ["Putin", "men", "Élysée", "in", "Лукашенко"]);
        assert!(t.list[0].possessive && t.list[4].possessive);
        assert!(t.list[2].sentence_start && !t.list[3].sentence_start);
        assert_eq!((t.list[2].char_start, t.list[2].char_end), (14, 20));
        assert_eq!(t.folded(&t.list[4]), "lukashenko");
    }

    #[test]
    fn gaps() {
        let t = tokenize("St. Petersburg, Saint-Pétersbourg O'Brien");
        let gaps: Vec<Gap> = t.list.iter().map(|k| k.gap).collect();
        assert_eq!(
            gaps,
            [
                Gap::Break,
                Gap::Join,
                Gap::Break,
                Gap::Join,
                Gap::Join,
                Gap::Apostrophe
            ]
        );
    }
}
