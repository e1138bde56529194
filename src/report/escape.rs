//! Output that cannot attack a terminal. Item text comes from merge requests anyone may open; a
//! job log or a maintainer's terminal must show an escape sequence in it (`ESC ]0;…` retitling
//! the window, `ESC [2J` clearing it, an OSC 8 link, a bidi override reordering a line), never
//! obey it.
//!
//! [`escape_controls`] is the one rule: every control character but line feed and tab, C1
//! controls, and the bidirectional formatting characters become `\uXXXX`, visible to people and
//! the same escape JSON uses (so a JSON document stays valid and means the same). [`Escaping`]
//! applies it to everything a renderer writes, letting through only ladder's own colours.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether `c` must not reach a terminal as it is.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}')
        || matches!(c, '\u{2066}'..='\u{2069}')
}

/// `text` with every control character (but line feed and tab) and bidi control written as
/// `\uXXXX`.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char) {
    if is_unsafe(c) {
        out.push_str(&format!("\\u{:04x}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// At most `max` characters of `text` (escaped first, so a cut never falls inside an escape
/// sequence nor inside a character), with `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    let escaped = escape_controls(text);
    if escaped.chars().count() <= max {
        return escaped;
    }
    let kept: String = escaped.chars().take(max.saturating_sub(1)).collect();
    Cow::Owned(kept + "…")
}

/// A writer that escapes what passes through it with [`escape_controls`], line by line; with
/// `colour`, the SGR sequences (`ESC [ … m`) renderers colour with pass unchanged.
pub struct Escaping<'a> {
    inner: &'a mut dyn Write,
    colour: bool,
    line: Vec<u8>,
}

impl<'a> Escaping<'a> {
    /// Escapes what is written to `inner`; `colour` lets SGR colour sequences through.
    pub fn new(inner: &'a mut dyn Write, colour: bool) -> Self {
        Self { inner, colour, line: Vec::new() }
    }

    /// Writes the buffered line (complete or not) escaped.
    fn drain(&mut self) -> io::Result<()> {
        if self.line.is_empty() {
            return Ok(());
        }
        if is_plain(&self.line) {
            self.inner.write_all(&self.line)?;
            self.line.clear();
            return Ok(());
        }
        let text = String::from_utf8_lossy(&self.line);
        let escaped = escape_line(&text, self.colour);
        self.line.clear();
        self.inner.write_all(escaped.as_bytes())
    }
}

/// What a byte may start, for [`is_plain`]: 0 nothing to escape, 1 a control character, 2 to
/// 4 the first byte of a character that may be one (`0xc2`: C1 controls; `0xd8`: U+061C;
/// `0xe2`: the bidi marks, overrides and isolates).
const STARTS: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = 1;
        byte += 1;
    }
    table[b'\n' as usize] = 0;
    table[b'\t' as usize] = 0;
    table[0x7f] = 1;
    table[0xc2] = 2;
    table[0xd8] = 3;
    table[0xe2] = 4;
    table
};

/// Whether `bytes` are UTF-8 without a character [`is_unsafe`] says must be escaped: most
/// lines, passed on as they are. A byte scan, where decoding every character is a good part of
/// the time of rendering many findings.
fn is_plain(bytes: &[u8]) -> bool {
    if std::str::from_utf8(bytes).is_err() {
        return false;
    }
    let next = |at: usize| bytes.get(at).copied().unwrap_or(0);
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte < 0x80 {
            // Eight bytes at a time: most of a report is printable ASCII, passed over in one
            // test.
            if let Some(chunk) = bytes.get(at..at + 8)
                && let Ok(chunk) = <[u8; 8]>::try_from(chunk)
                && printable_ascii(u64::from_le_bytes(chunk))
            {
                at += 8;
                continue;
            }
            if STARTS[usize::from(byte)] == 1 {
                return false;
            }
            at += 1;
            continue;
        }
        // A character at a time from its first byte (the text is UTF-8): the box drawing of a
        // report, a third of its bytes, is passed over a character at a time rather than tried
        // as ASCII at each of its bytes.
        at += match STARTS[usize::from(byte)] {
            0 => 1,
            // C1 controls, U+0080 to U+009F.
            2 if (0x80..0xa0).contains(&next(at + 1)) => return false,
            // U+061C.
            3 if next(at + 1) == 0x9c => return false,
            2 | 3 => 2,
            // U+200E, U+200F, U+202A to U+202E; U+2066 to U+2069.
            _ => match (next(at + 1), next(at + 2)) {
                (0x80, 0x8e | 0x8f | 0xaa..=0xae) | (0x81, 0xa6..=0xa9) => return false,
                _ => 3,
            },
        };
    }
    true
}

/// Whether each of eight bytes is printable ASCII (space to `~`): none below 0x20, none 0x7F,
/// none from 0x80 (the bit tricks of "Bit Twiddling Hacks": `hasless` and `haszero`).
fn printable_ascii(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    let delete = word ^ (ONES * 0x7f);
    let delete = delete.wrapping_sub(ONES) & !delete & HIGHS;
    ((word & HIGHS) | below_space | delete) == 0
}

/// One line escaped, SGR sequences kept when `colour`.
fn escape_line(text: &str, colour: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if colour && c == '\u{1b}' {
            let sgr = rest[1..].strip_prefix('[').and_then(|after| {
                let params = after.find(|c: char| !c.is_ascii_digit() && c != ';')?;
                after[params..].starts_with('m').then_some(1 + 1 + params + 1)
            });
            if let Some(len) = sgr {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
        }
        push_escaped(&mut out, c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

impl Write for Escaping<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut rest = bytes;
        // Whole lines with nothing to escape pass on at once.
        if self.line.is_empty()
            && let Some(last) = rest.iter().rposition(|&byte| byte == b'\n')
            && is_plain(&rest[..=last])
        {
            self.inner.write_all(&rest[..=last])?;
            rest = &rest[last + 1..];
        }
        while let Some(end) = rest.iter().position(|&byte| byte == b'\n') {
            self.line.extend_from_slice(&rest[..=end]);
            self.drain()?;
            rest = &rest[end + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.drain()?;
        self.inner.flush()
    }
}

impl Drop for Escaping<'_> {
    fn drop(&mut self) {
        let _ = self.drain();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_ascii_words_are_told_from_the_rest_byte_for_byte() {
        let printable = |byte: u8| (0x20..0x7f).contains(&byte);
        for probe in [0x00, 0x09, 0x0a, 0x1f, 0x20, 0x41, 0x7e, 0x7f, 0x80, 0xc2, 0xe2, 0xff] {
            for at in 0..8 {
                let mut bytes = *b"plain ok";
                bytes[at] = probe;
                let expected = bytes.iter().all(|&byte| printable(byte));
                assert_eq!(printable_ascii(u64::from_le_bytes(bytes)), expected, "{bytes:?}");
            }
        }
    }

    #[test]
    fn a_line_is_plain_unless_a_character_must_be_escaped_wherever_it_falls() {
        for filler in ["", "a", "abcdefg", "abcdefgh", "── ╭─[", "é"] {
            for unsafe_char in
                ["\u{1b}", "\u{7f}", "\u{9b}", "\u{61c}", "\u{200e}", "\u{202e}", "\u{2067}"]
            {
                let line = format!("{filler}{unsafe_char}{filler} tail\n");
                assert!(!is_plain(line.as_bytes()), "{line:?}");
            }
            let line = format!("{filler}\tplain ─ text ╰── ‘quoted’{filler}\n");
            assert!(is_plain(line.as_bytes()), "{line:?}");
        }
        assert!(!is_plain(b"abcdefgh\xff"));
    }

    #[test]
    fn escape_sequences_and_bidi_overrides_are_shown_not_obeyed() {
        let text = "Leads \u{1b}]0;pwned\u{7}reviews\u{1b}[2J \u{202e}txet\u{9b}\nnext\tline";
        assert_eq!(
            escape_controls(text),
            "Leads \\u001b]0;pwned\\u0007reviews\\u001b[2J \\u202etxet\\u009b\nnext\tline"
        );
        assert!(matches!(escape_controls("plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_byte_scan_agrees_with_the_character_rule() {
        let samples = (0..0x30u32)
            .chain(0x7e..0xb0)
            .chain(0x600..0x640)
            .chain(0x2000..0x2080)
            .chain([0x1f600, 0x2500, 0x256d]);
        for c in samples.filter_map(char::from_u32) {
            let line = format!("a {c} b");
            assert_eq!(is_plain(line.as_bytes()), !is_unsafe(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn the_byte_scan_agrees_with_the_character_rule_in_any_mix() {
        let pieces = [
            "a", " ", "\n", "\t", "\u{1b}", "\u{7f}", "\u{85}", "\u{a0}", "·", "\u{61c}",
            "\u{61b}", "\u{200e}", "\u{200d}", "\u{202e}", "\u{202f}", "\u{2069}", "\u{206a}", "─",
            "…", "é", "😀", "abcdefgh",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            texts = texts
                .iter()
                .flat_map(|text| pieces.iter().map(move |piece| format!("{text}{piece}")))
                .collect();
            for text in &texts {
                let expected = !text.chars().any(is_unsafe);
                assert_eq!(is_plain(text.as_bytes()), expected, "{text:?}");
            }
        }
    }

    #[test]
    fn truncation_never_cuts_an_escape_or_a_character() {
        let text = "é\u{1b}]8;;https://x\u{1b}\\link";
        let cut = truncate(text, 4);
        assert_eq!(cut, "é\\u…");
        assert!(!cut.contains('\u{1b}'));
    }

    #[test]
    fn the_writer_keeps_colours_only_when_asked() -> io::Result<()> {
        let written = "\u{1b}[31mred\u{1b}[0m \u{1b}]0;title\u{7}\n";
        let mut plain = Vec::new();
        Escaping::new(&mut plain, false).write_all(written.as_bytes())?;
        assert_eq!(
            String::from_utf8_lossy(&plain),
            "\\u001b[31mred\\u001b[0m \\u001b]0;title\\u0007\n"
        );
        let mut coloured = Vec::new();
        {
            let mut out = Escaping::new(&mut coloured, true);
            // A character split across two writes is put back together.
            out.write_all(&written.as_bytes()[..3])?;
            out.write_all(&written.as_bytes()[3..])?;
        }
        assert_eq!(
            String::from_utf8_lossy(&coloured),
            "\u{1b}[31mred\u{1b}[0m \\u001b]0;title\\u0007\n"
        );
        Ok(())
    }
}
