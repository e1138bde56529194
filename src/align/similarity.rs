//! How alike two items are: stemmed content words and domain concepts, weighted by rarity.
//!
//! Tokens are numbered by a hash of their text (the same number in every level pair, thread and
//! run), so that similarity compares numbers, and each level pair orders them by that number:
//! sums then run in one order whatever else the run reads.

use std::collections::BTreeSet;
use std::collections::hash_map::DefaultHasher;

use crate::hash::{TextMap, TextSet};
use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use rust_stemmers::{Algorithm, Stemmer};

use crate::model::words;
use crate::rules::Concept;

/// Words too common in competency lists to say anything about which item is which.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "them", "they", "this", "to",
    "with", "within", "when", "where", "who", "will", "able", "other", "others", "both", "all",
];

/// A token's number: a hash of its text, the same in every run (64 bits: no two of the few
/// hundred thousand tokens a run may see are expected to meet).
pub type TokenId = u64;

/// Turns text into the tokens compared: stemmed content words plus `#concept` tokens.
pub struct Tokenizer {
    stemmer: Stemmer,
    /// Each concept's token (`#name`), then each synonym group's (`=first wording`).
    concepts: Vec<String>,
    /// Every wording of every concept as stemmed words, by its first stem: (concept, wording).
    wordings: TextMap<String, Vec<(usize, Vec<String>)>>,
    /// The same wordings, stems numbered as in [`Learned::stem_of`], by first stem.
    numbered_wordings: FxHashMap<u32, Vec<(usize, Vec<u32>)>>,
    /// The token of each concept, as [`Self::concepts`], numbered as in [`Learned::keys`].
    concept_tokens: Vec<u32>,
    /// Single words read as another wording before stemming (`db` as `database`).
    replaced: TextMap<String, Vec<String>>,
    /// What was learned of the texts and words seen so far.
    cache: Mutex<Learned>,
}

/// What a tokenizer keeps for the run: the tokens of each text (shared includes put the same
/// text in many level pairs and frameworks, and each level is the lower one of a pair and the
/// higher one of the next) and what each word is read as (stemming and trigrams are the costly
/// part of tokenizing, and a handbook says the same words again and again).
#[derive(Default)]
struct Learned {
    /// Token numbers by text.
    texts: TextMap<String, Arc<TextTokens>>,
    /// Per word as [`words`] gives it, the pieces it is read as (an abbreviation read as a phrase
    /// gives several), numbered as in [`Self::pieces`].
    words: TextMap<String, Box<[u32]>>,
    /// Piece numbers by text.
    piece_of: TextMap<String, u32>,
    /// Each piece, by number.
    pieces: Vec<Piece>,
    /// Stem numbers by text (the concepts' wordings' stems numbered first).
    stem_of: TextMap<String, u32>,
    /// The token of each stem, by stem number.
    stem_tokens: Vec<u32>,
    /// Every token seen (stem, concept or trigram) numbered densely in the order first seen:
    /// its [`TokenId`] by that number.
    keys: Vec<TokenId>,
    /// The dense number of each [`TokenId`].
    number_of: FxHashMap<TokenId, u32>,
    /// The dense number of each letter trigram seen, by its three chars packed in one number.
    trigram_of: FxHashMap<u64, u32>,
}

/// A word after abbreviations are read as their wording: its stem, its stem's token, whether it
/// is a stop word, and its letter trigrams' tokens (tokens numbered as in [`Learned::keys`]).
struct Piece {
    stem: u32,
    token: u32,
    stop: bool,
    trigrams: Box<[u32]>,
}

impl Learned {
    /// The dense number of the token `key`, numbered now if new.
    fn token(&mut self, key: TokenId) -> u32 {
        let next = self.keys.len() as u32;
        let number = *self.number_of.entry(key).or_insert(next);
        if number == next {
            self.keys.push(key);
        }
        number
    }

    /// The number of `stem`, numbered now if new (its token `id()`, found only then).
    fn stem(&mut self, stem: &str, id: impl FnOnce() -> TokenId) -> u32 {
        if let Some(&found) = self.stem_of.get(stem) {
            return found;
        }
        let number = self.stem_tokens.len() as u32;
        self.stem_of.insert(stem.to_string(), number);
        let token = self.token(id());
        self.stem_tokens.push(token);
        number
    }

    /// `numbers` (dense token numbers) as [`Tokens`]: in [`TokenId`] order, without repeats.
    fn tokens(&self, numbers: impl Iterator<Item = u32>) -> Tokens {
        // Sorted as (id, number) pairs by id alone, ids being distinct for distinct numbers: no
        // look-up for each comparison, and repeats side by side.
        let mut pairs: Vec<(TokenId, u32)> =
            numbers.filter_map(|number| Some((*self.keys.get(number as usize)?, number))).collect();
        pairs.sort_unstable_by_key(|&(key, _)| key);
        pairs.dedup_by_key(|&mut (key, _)| key);
        Tokens {
            keys: pairs.iter().map(|&(key, _)| key).collect(),
            numbers: pairs.iter().map(|&(_, number)| number).collect(),
        }
    }

    /// The number of the new piece `word`, numbered now from its `draft` (its stem and trigrams
    /// too when new), in the order reading word by word would number them.
    fn piece(&mut self, word: &str, draft: Draft) -> u32 {
        let stem = self.stem(&draft.stem, || draft.stem_id);
        let mut trigrams: Vec<u32> = Vec::with_capacity(draft.trigrams.len());
        for (packed, letters) in draft.trigrams {
            if let Some(&number) = self.trigram_of.get(&packed) {
                trigrams.push(number);
                continue;
            }
            // Hashed here, once per new trigram, rather than for every draft holding it.
            let number = self.token(trigram_id(letters));
            self.trigram_of.insert(packed, number);
            trigrams.push(number);
        }
        trigrams.sort_unstable();
        trigrams.dedup();
        let token = self.stem_tokens[stem as usize];
        let number = self.pieces.len() as u32;
        self.pieces.push(Piece { stem, token, stop: draft.stop, trigrams: trigrams.into() });
        self.piece_of.insert(word.to_string(), number);
        number
    }
}

/// What numbering a new piece needs, worked out on any core: its stem and the stem's id, whether
/// it is a stop word, and its letter trigrams, each also packed in one number.
struct Draft {
    stem: String,
    stem_id: TokenId,
    stop: bool,
    trigrams: Vec<(u64, [char; 3])>,
}

impl Draft {
    /// Stems `word` and cuts it into trigrams.
    fn of(stemmer: &Stemmer, word: &str) -> Self {
        let stem = stemmer.stem(word).into_owned();
        let stem_id = token_id(&stem);
        let stop = STOP_WORDS.contains(&word);
        let letters: Vec<char> =
            std::iter::once(' ').chain(word.chars()).chain(std::iter::once(' ')).collect();
        let trigrams = letters
            .windows(3)
            .map(|window| {
                // Three chars of 21 bits each: one number, looked up before the text is hashed.
                let packed = window.iter().fold(0u64, |packed, &c| packed << 21 | u64::from(c));
                (packed, [window[0], window[1], window[2]])
            })
            .collect();
        Self { stem, stem_id, stop, trigrams }
    }
}

/// The id of a letter trigram.
fn trigram_id(letters: [char; 3]) -> TokenId {
    let mut buffer = [0; 12];
    let mut length = 0;
    for letter in letters {
        length += letter.encode_utf8(&mut buffer[length..]).len();
    }
    token_id(std::str::from_utf8(&buffer[..length]).unwrap_or_default())
}

/// The words of one text as [`crate::model::for_each_word`] gives them, lower-cased, side by
/// side in one buffer.
#[derive(Default)]
struct Words {
    /// The words, one after the other.
    text: String,
    /// Where each word ends in `text`.
    ends: Vec<u32>,
}

impl Words {
    /// The words of `text`.
    fn of(text: &str) -> Self {
        let mut words = Self { text: String::with_capacity(text.len()), ends: Vec::new() };
        crate::model::for_each_word(text, |lower| {
            words.text.push_str(lower);
            words.ends.push(words.text.len() as u32);
        });
        words
    }

    /// Each word in order.
    fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let word = self.text.get(start..end as usize).unwrap_or_default();
            start = end as usize;
            word
        })
    }
}

/// The numbered tokens of one text.
#[derive(Debug, Default)]
pub struct TextTokens {
    /// Content stems and concepts.
    pub words: Tokens,
    /// Letter trigrams of the content words.
    pub trigrams: Tokens,
}

/// Tokens sorted by [`TokenId`], without repeats: each token's id, and its number in the run
/// (dense: counting tokens takes a slot per number, not a hash table).
#[derive(Debug, Default)]
pub struct Tokens {
    /// The tokens' ids, sorted.
    pub keys: Vec<TokenId>,
    /// The same tokens' numbers in the run, in the same order.
    pub numbers: Vec<u32>,
}

/// The number of a token's text.
fn token_id(token: &str) -> TokenId {
    let mut hasher = DefaultHasher::new();
    token.hash(&mut hasher);
    hasher.finish()
}

impl Tokenizer {
    /// A tokenizer knowing the domain `concepts`.
    pub fn new(concepts: &[Concept]) -> Self {
        Self::with_synonyms(concepts, &[])
    }

    /// A tokenizer knowing the domain `concepts` and the `synonyms` groups of rules/synonyms.yml.
    pub fn with_synonyms(concepts: &[Concept], synonyms: &[Vec<String>]) -> Self {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut tokens: Vec<String> =
            concepts.iter().map(|concept| format!("#{}", concept.name)).collect();
        let mut all: Vec<(usize, &String)> = concepts
            .iter()
            .enumerate()
            .flat_map(|(index, concept)| concept.words.iter().map(move |word| (index, word)))
            .collect();
        let mut replaced = TextMap::default();
        for group in synonyms {
            let Some(first) = group.first() else { continue };
            let first_words: Vec<String> = words(first).collect();
            let phrases = group.iter().any(|wording| words(wording).nth(1).is_some());
            for other in &group[1..] {
                let mut other_words = words(other);
                if let (Some(word), None) = (other_words.next(), other_words.next()) {
                    replaced.insert(word, first_words.clone());
                }
            }
            // A phrase cannot be replaced word by word: every wording gives one shared token.
            if phrases {
                let index = tokens.len();
                tokens.push(format!("={}", first_words.join(" ")));
                all.extend(group.iter().map(|wording| (index, wording)));
            }
        }
        let mut wordings: TextMap<String, Vec<(usize, Vec<String>)>> = TextMap::default();
        let mut learned = Learned::default();
        let mut numbered_wordings: FxHashMap<u32, Vec<(usize, Vec<u32>)>> = FxHashMap::default();
        for (index, wording) in all {
            let stems: Vec<String> =
                words(wording).map(|w| stemmer.stem(&w).into_owned()).collect();
            if let Some(first) = stems.first() {
                let numbers: Vec<u32> =
                    stems.iter().map(|stem| learned.stem(stem, || token_id(stem))).collect();
                numbered_wordings.entry(numbers[0]).or_default().push((index, numbers));
                wordings.entry(first.clone()).or_default().push((index, stems));
            }
        }
        let concept_tokens = tokens.iter().map(|token| learned.token(token_id(token))).collect();
        Self {
            stemmer,
            concepts: tokens,
            wordings,
            numbered_wordings,
            concept_tokens,
            replaced,
            cache: Mutex::new(learned),
        }
    }

    /// The numbered tokens and letter trigrams of `text`, computed once per text.
    pub fn cached(&self, text: &str) -> Arc<TextTokens> {
        self.cached_all(std::iter::once(text)).pop().unwrap_or_default()
    }

    /// The numbered tokens and letter trigrams of each of `texts`, computed once per text (the
    /// lock taken once). The new texts' words are found, stemmed and tokenized on every core;
    /// only numbering the new words is done in turn, in the order reading text after text and
    /// word after word would number them, so that every number is what it was read alone.
    pub fn cached_all<'a>(&self, texts: impl Iterator<Item = &'a str>) -> Vec<Arc<TextTokens>> {
        let texts: Vec<&str> = texts.collect();
        // A poisoned lock only means another thread panicked; the map is still whole.
        let mut learned = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        let mut fresh: Vec<&str> = Vec::new();
        let mut seen: TextSet<&str> = TextSet::default();
        for &text in &texts {
            if !learned.texts.contains_key(text) && seen.insert(text) {
                fresh.push(text);
            }
        }
        drop(seen);
        let split: Vec<Words> = fresh.par_iter().map(|text| Words::of(text)).collect();
        self.learn_words(&mut learned, &split);
        let known: &Learned = &learned;
        let found: Vec<TextTokens> =
            split.par_iter().map(|words| self.numbered(known, words)).collect();
        for (text, tokens) in fresh.iter().zip(found) {
            learned.texts.insert(text.to_string(), Arc::new(tokens));
        }
        texts.iter().map(|&text| learned.texts.get(text).cloned().unwrap_or_default()).collect()
    }

    /// Learns the pieces of every word of `split` not known yet: stemmed and cut into trigrams
    /// on every core, numbered in the order first met.
    fn learn_words(&self, learned: &mut Learned, split: &[Words]) {
        let mut new: Vec<&str> = Vec::new();
        let mut seen: TextSet<&str> = TextSet::default();
        for word in split.iter().flat_map(Words::iter) {
            if !learned.words.contains_key(word) && seen.insert(word) {
                new.push(word);
            }
        }
        drop(seen);
        let known: &Learned = learned;
        let drafts: Vec<Vec<Option<Draft>>> = new
            .par_iter()
            .map(|&word| {
                let draft = |piece: &str| {
                    (!known.piece_of.contains_key(piece)).then(|| Draft::of(&self.stemmer, piece))
                };
                match self.replaced.get(word) {
                    Some(instead) => instead.iter().map(|piece| draft(piece)).collect(),
                    None => vec![draft(word)],
                }
            })
            .collect();
        for (&word, drafts) in new.iter().zip(drafts) {
            let pieces: Box<[u32]> = match self.replaced.get(word) {
                Some(instead) => instead
                    .iter()
                    .zip(drafts)
                    .map(|(piece, draft)| self.piece(learned, piece, draft))
                    .collect(),
                None => drafts.into_iter().map(|draft| self.piece(learned, word, draft)).collect(),
            };
            learned.words.insert(word.to_string(), pieces);
        }
    }

    /// The number of the piece `word`, from `draft` (worked out beforehand, or now when missing)
    /// if new.
    fn piece(&self, learned: &mut Learned, word: &str, draft: Option<Draft>) -> u32 {
        if let Some(&found) = learned.piece_of.get(word) {
            return found;
        }
        let draft = draft.unwrap_or_else(|| Draft::of(&self.stemmer, word));
        learned.piece(word, draft)
    }

    /// Places in id order for every token read so far: a run that tokenizes all its texts first
    /// places their tokens once for all level pairs.
    pub fn ranks(&self) -> Ranks {
        let learned = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        let mut words = vec![None; learned.keys.len()];
        let mut trigrams = vec![None; learned.keys.len()];
        for text in learned.texts.values() {
            for (kind, tokens) in [(&mut words, &text.words), (&mut trigrams, &text.trigrams)] {
                for &number in &tokens.numbers {
                    kind[number as usize] = learned.keys.get(number as usize).copied();
                }
            }
        }
        Ranks { words: Places::new(words.into_iter()), trigrams: Places::new(trigrams.into_iter()) }
    }

    /// The numbered tokens and letter trigrams of the text whose words are `text`: what
    /// [`Self::tokens`] and [`Self::trigrams`] give, numbered, from what is known of each word.
    fn numbered(&self, learned: &Learned, text: &Words) -> TextTokens {
        // Per word, its piece's stem (phrases are matched over these), and the pieces that are
        // no stop word (their stems are tokens, their trigrams the text's).
        let mut stems: Vec<u32> = Vec::with_capacity(text.ends.len());
        let mut content: Vec<u32> = Vec::with_capacity(text.ends.len());
        for word in text.iter() {
            // Every word of the text was learned before it is numbered.
            let Some(pieces) = learned.words.get(word) else { continue };
            for &piece in pieces.iter() {
                let found = &learned.pieces[piece as usize];
                stems.push(found.stem);
                if !found.stop {
                    content.push(piece);
                }
            }
        }
        content.sort_unstable();
        content.dedup();
        let mut words: Vec<u32> =
            content.iter().map(|&piece| learned.pieces[piece as usize].token).collect();
        // Only the wordings that start with a stem of the text can occur in it.
        for (at, stem) in stems.iter().enumerate() {
            for (concept, wording) in self.numbered_wordings.get(stem).into_iter().flatten() {
                if stems[at..].starts_with(wording) {
                    words.push(self.concept_tokens[*concept]);
                }
            }
        }
        let trigrams: Vec<u32> = content
            .iter()
            .flat_map(|&piece| learned.pieces[piece as usize].trigrams.iter().copied())
            .collect();
        TextTokens {
            words: learned.tokens(words.into_iter()),
            trigrams: learned.tokens(trigrams.into_iter()),
        }
    }

    /// Calls `f` with each word of `text`, abbreviations and synonyms read as their first
    /// wording; one word at a time, so that a long text is never held as a list of words.
    fn each_word(&self, text: &str, mut f: impl FnMut(&str)) {
        for word in words(text) {
            match self.replaced.get(&word) {
                Some(instead) => instead.iter().for_each(|word| f(word)),
                None => f(&word),
            }
        }
    }

    /// Every word of `text`, stemmed, stop words included (phrases are matched over these).
    pub fn stems(&self, text: &str) -> Vec<String> {
        let mut found = Vec::new();
        self.each_word(text, |word| found.push(self.stemmer.stem(word).into_owned()));
        found
    }

    /// The letter trigrams of the content words of `text` (each word padded with a space).
    pub fn trigrams(&self, text: &str) -> BTreeSet<String> {
        self.trigram_set(text).into_iter().map(|trigram| trigram.iter().collect()).collect()
    }

    /// The letter trigrams of the content words of `text`, each once.
    fn trigram_set(&self, text: &str) -> TextSet<[char; 3]> {
        let mut done: TextSet<String> = TextSet::default();
        let mut found: TextSet<[char; 3]> = TextSet::default();
        self.each_word(text, |word| {
            if STOP_WORDS.contains(&word) || done.contains(word) {
                return;
            }
            done.insert(word.to_string());
            let letters: Vec<char> =
                std::iter::once(' ').chain(word.chars()).chain(std::iter::once(' ')).collect();
            found.extend(letters.windows(3).map(|window| [window[0], window[1], window[2]]));
        });
        found
    }

    /// The tokens of `text`, sorted: content stems and the concepts it names.
    pub fn tokens(&self, text: &str) -> BTreeSet<String> {
        // Stems numbered as they come: a long text keeps a number per word, not a string.
        let mut numbers: TextMap<String, u32> = TextMap::default();
        let mut names: Vec<(String, bool)> = Vec::new();
        let mut stems: Vec<u32> = Vec::new();
        self.each_word(text, |word| {
            let stem = self.stemmer.stem(word);
            let id = match numbers.get(stem.as_ref()) {
                Some(&id) => id,
                None => {
                    let id = names.len() as u32;
                    numbers.insert(stem.to_string(), id);
                    names.push((stem.into_owned(), false));
                    id
                }
            };
            // A stem is a token when one of its words is no stop word.
            names[id as usize].1 |= !STOP_WORDS.contains(&word);
            stems.push(id);
        });
        let mut tokens: BTreeSet<String> =
            names.iter().filter(|(_, content)| *content).map(|(stem, _)| stem.clone()).collect();
        // Only the wordings that start with a stem of the text can occur in it.
        for (at, &stem) in stems.iter().enumerate() {
            for (concept, wording) in
                self.wordings.get(&names[stem as usize].0).into_iter().flatten()
            {
                let rest = &stems[at..];
                if rest.len() >= wording.len()
                    && wording.iter().zip(rest).all(|(word, &id)| names[id as usize].0 == *word)
                {
                    tokens.insert(self.concepts[*concept].clone());
                }
            }
        }
        tokens
    }
}

/// Whether `run` occurs in `stems` as consecutive words.
pub fn contains_run(stems: &[String], run: &[String]) -> bool {
    !run.is_empty() && stems.windows(run.len()).any(|window| window == run)
}

/// The stemmed content words of a text (no concepts): [`Tokenizer::tokens`] of a tokenizer
/// without concepts or synonyms, which is the stem of each word that is no stop word.
pub fn content_words(text: &str) -> std::collections::HashSet<String> {
    thread_local! {
        /// The stems of the words met on this thread: stemming is most of the cost (a diff asks
        /// this of each item left unpaired), and a run's texts say the same words again and again.
        static STEMS: std::cell::RefCell<Option<(Stemmer, TextMap<String, String>)>> =
            const { std::cell::RefCell::new(None) };
    }
    STEMS.with(|stems| {
        let mut stems = stems.borrow_mut();
        let (stemmer, known) =
            stems.get_or_insert_with(|| (Stemmer::create(Algorithm::English), TextMap::default()));
        // Bounded: a handbook's words are a few thousand, but texts from anywhere may come.
        if known.len() > STEMS_KEPT {
            known.clear();
        }
        let mut found = std::collections::HashSet::new();
        for word in words(text).filter(|word| !STOP_WORDS.contains(&word.as_str())) {
            match known.get(&word) {
                Some(stem) => {
                    found.insert(stem.clone());
                }
                None => {
                    let stem = stemmer.stem(&word).into_owned();
                    found.insert(stem.clone());
                    known.insert(word, stem);
                }
            }
        }
        found
    })
}

/// Most word stems [`content_words`] keeps on a thread.
const STEMS_KEPT: usize = 100_000;

/// Each token's place in [`TokenId`] order among the words, and among the letter trigrams, of a
/// set of texts or of every text a tokenizer has read: a text's tokens, sorted by id, are sorted
/// by place too, so sums over them run in one order whatever else the run read, and a level pair
/// needs no sort of its own.
pub struct Ranks {
    /// Places of the words' tokens (content stems and concepts).
    pub words: Places,
    /// Places of the letter trigrams.
    pub trigrams: Places,
}

/// Places in [`TokenId`] order of one kind of token.
pub struct Places {
    /// By dense token number, its place (`u32::MAX` for a token outside the set).
    of: Vec<u32>,
    /// How many tokens are placed.
    len: usize,
}

impl Places {
    /// Places in id order for `keys`, each token's id by dense number (`None`: not placed).
    fn new(keys: impl Iterator<Item = Option<TokenId>>) -> Self {
        let mut placed: Vec<(TokenId, u32)> =
            keys.enumerate().filter_map(|(number, key)| Some((key?, number as u32))).collect();
        placed.sort_unstable();
        let slots = placed.iter().map(|&(_, number)| number as usize + 1).max().unwrap_or(0);
        let mut of = vec![u32::MAX; slots];
        for (at, &(_, number)) in placed.iter().enumerate() {
            of[number as usize] = at as u32;
        }
        Self { of, len: placed.len() }
    }

    /// Places for the tokens of `lists`.
    fn of_lists<'a>(lists: impl Iterator<Item = &'a Tokens> + Clone) -> Self {
        let slots = lists.clone().flat_map(|tokens| tokens.numbers.iter()).max();
        let mut keys = vec![None; slots.map_or(0, |&max| max as usize + 1)];
        for tokens in lists {
            for (&key, &number) in tokens.keys.iter().zip(&tokens.numbers) {
                keys[number as usize] = Some(key);
            }
        }
        Self::new(keys.into_iter())
    }

    /// How many tokens are placed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no token is placed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The place of the token numbered `number` (one past the last for a token outside the set).
    fn of(&self, number: u32) -> u32 {
        self.of.get(number as usize).copied().unwrap_or(u32::MAX).min(self.len as u32)
    }
}

/// One text's tokens by place ([`Ranks`]), each list sorted: placed once for every level pair
/// the text is in.
#[derive(Debug, Default)]
pub struct PlacedText {
    /// Its words' tokens.
    pub words: Vec<u32>,
    /// Its letter trigrams.
    pub trigrams: Vec<u32>,
}

impl Ranks {
    /// The tokens of `text` by place.
    pub fn place(&self, text: &TextTokens) -> PlacedText {
        PlacedText {
            words: text.words.numbers.iter().map(|&number| self.words.of(number)).collect(),
            trigrams: text
                .trigrams
                .numbers
                .iter()
                .map(|&number| self.trigrams.of(number))
                .collect(),
        }
    }

    /// Places for the tokens of `texts` only.
    pub fn of_texts(texts: &[Arc<TextTokens>]) -> Self {
        Self {
            words: Places::of_lists(texts.iter().map(|text| &text.words)),
            trigrams: Places::of_lists(texts.iter().map(|text| &text.trigrams)),
        }
    }
}

/// Similarity over one set of texts, tokens weighted by rarity (inverse document frequency).
/// Tokens are named by their place in [`TokenId`] order ([`Ranks`]), so that sums run in one
/// order and scores are the same from run to run.
pub struct Similarity {
    /// The weight of each token the texts hold, numbered in id order.
    weights: Vec<f64>,
    /// Every text's tokens so numbered, sorted, text after text.
    tokens: Vec<u32>,
    /// Where each text's tokens start in `tokens` (one more entry than texts).
    starts: Vec<u32>,
    /// Per text, the sum of its tokens' weights.
    totals: Vec<f64>,
}

impl Similarity {
    /// Tokens and weights of `texts`; texts are then named by their index.
    pub fn new<'a>(tokenizer: &Tokenizer, texts: impl Iterator<Item = &'a str>) -> Self {
        let found: Vec<Arc<TextTokens>> = tokenizer.cached_all(texts);
        let places = Places::of_lists(found.iter().map(|tokens| &tokens.words));
        Self::of_tokens(&places, found.iter().map(|tokens| &tokens.words))
    }

    /// Letter trigrams of the content words of `texts`: "unblocks" meets "blockers".
    pub fn trigrams<'a>(tokenizer: &Tokenizer, texts: impl Iterator<Item = &'a str>) -> Self {
        let found: Vec<Arc<TextTokens>> = tokenizer.cached_all(texts);
        let places = Places::of_lists(found.iter().map(|tokens| &tokens.trigrams));
        Self::of_tokens(&places, found.iter().map(|tokens| &tokens.trigrams))
    }

    /// Similarity over numbered token lists (each sorted by id, without repeats), every token
    /// placed by `places`.
    pub fn of_tokens<'a>(places: &Places, found: impl Iterator<Item = &'a Tokens>) -> Self {
        let placed: Vec<Vec<u32>> = found
            .map(|tokens| tokens.numbers.iter().map(|&number| places.of(number)).collect())
            .collect();
        Self::of_places(places.len, placed.iter().map(Vec::as_slice))
    }

    /// Similarity over token lists by place (each sorted), places running below `places`.
    pub fn of_places<'a>(places: usize, found: impl Iterator<Item = &'a [u32]> + Clone) -> Self {
        // How many texts hold each token (a slot per place), and each text's tokens.
        let mut slot = vec![0u32; places + 1];
        let (texts, all) =
            found.clone().fold((0, 0), |(texts, all), tokens| (texts + 1, all + tokens.len()));
        let mut tokens: Vec<u32> = Vec::with_capacity(all);
        let mut starts: Vec<u32> = Vec::with_capacity(texts + 1);
        starts.push(0);
        for found in found {
            for &place in found {
                if let Some(count) = slot.get_mut(place as usize) {
                    *count += 1;
                }
            }
            tokens.extend_from_slice(found);
            starts.push(tokens.len() as u32);
        }
        let texts = starts.len() - 1;
        let total = texts as f64;
        // The tokens the texts hold numbered again, in place order (so in id order), each with
        // its weight; a weight depends on the token's count alone: each count's logarithm taken
        // once.
        let mut by_count = vec![f64::NAN; texts + 1];
        let mut weights: Vec<f64> = Vec::new();
        for count in &mut slot {
            if *count == 0 {
                continue;
            }
            let weight = &mut by_count[*count as usize];
            if weight.is_nan() {
                *weight = (1.0 + total / f64::from(*count)).ln();
            }
            *count = weights.len() as u32;
            weights.push(*weight);
        }
        for token in &mut tokens {
            *token = slot[*token as usize];
        }
        let totals = starts
            .windows(2)
            .map(|at| {
                tokens[at[0] as usize..at[1] as usize].iter().map(|&id| weights[id as usize]).sum()
            })
            .collect();
        Self { weights, tokens, starts, totals }
    }

    /// The sum of the weights of text `index`'s tokens.
    pub fn total(&self, index: usize) -> f64 {
        self.totals.get(index).copied().unwrap_or(0.0)
    }

    /// How many distinct tokens the texts hold (token numbers run below it).
    pub fn vocabulary(&self) -> usize {
        self.weights.len()
    }

    /// The weight of a token numbered within the set.
    pub fn weight(&self, token: u32) -> f64 {
        self.weights.get(token as usize).copied().unwrap_or(0.0)
    }

    /// The tokens of text `index`, numbered within the set, sorted.
    pub fn tokens_of(&self, index: usize) -> &[u32] {
        match (self.starts.get(index), self.starts.get(index + 1)) {
            (Some(&start), Some(&end)) => &self.tokens[start as usize..end as usize],
            _ => &[],
        }
    }

    /// Weighted cosine similarity of texts `a` and `b` (indexes), 0 to 1: the weight they share
    /// over the geometric mean of their weights, so that a long item is not diluted as much as
    /// by the union of both.
    pub fn score(&self, a: usize, b: usize) -> f64 {
        if a >= self.totals.len() || b >= self.totals.len() {
            return 0.0;
        }
        let (tokens_a, tokens_b) = (self.tokens_of(a), self.tokens_of(b));
        let norm = (self.totals[a] * self.totals[b]).sqrt();
        if norm == 0.0 { 0.0 } else { self.shared(tokens_a, tokens_b) / norm }
    }

    /// Weight of the tokens two sorted token lists share.
    fn shared(&self, a: &[u32], b: &[u32]) -> f64 {
        let (mut i, mut j) = (0, 0);
        let mut shared = 0.0;
        while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
            match x.cmp(&y) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += self.weights[x as usize];
                    i += 1;
                    j += 1;
                }
            }
        }
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Token numbers of `tokens`, sorted, without repeats.
    fn numbered(tokens: impl Iterator<Item = String>) -> Vec<TokenId> {
        let mut ids: Vec<TokenId> = tokens.map(|token| token_id(&token)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    #[test]
    fn numbered_tokens_are_the_tokens_and_trigrams_numbered() {
        let concept = Concept {
            name: "debugging".into(),
            words: vec!["root cause".into(), "debug".into(), "the logs".into()],
        };
        let synonyms = vec![
            vec!["database".to_string(), "DB".into()],
            vec!["problem solving".to_string(), "troubleshooting".into(), "root cause".into()],
        ];
        let tokenizer = Tokenizer::with_synonyms(&[concept], &synonyms);
        let texts = [
            "Finds the ROOT causes of incidents, debugs and reads the logs",
            "Tunes DB queries; the db's index and 'quoted' words",
            "Troubleshooting and problem-solving of the team's work with others",
            "ΣΟΦΟΣ Übergröße naïve café, 2024 and the",
            "the and of",
            "",
            "Tunes DB queries; the db's index and 'quoted' words",
        ];
        // Twice: learning the words first, then from what was learned.
        for _ in 0..2 {
            for text in texts {
                let found = tokenizer.cached(text);
                let words = numbered(tokenizer.tokens(text).into_iter());
                assert_eq!(found.words.keys, words, "{text}");
                let trigrams = numbered(tokenizer.trigrams(text).into_iter());
                assert_eq!(found.trigrams.keys, trigrams, "{text}");
            }
        }
        let all = tokenizer.cached_all(texts.into_iter());
        assert!(Arc::ptr_eq(&all[1], &all[6]), "a text is tokenized once");
    }

    #[test]
    fn stems_make_forms_meet() {
        assert_eq!(content_words("Mentors their teammates"), content_words("mentoring teammate"));
    }

    #[test]
    fn content_words_are_the_tokens_of_a_tokenizer_without_concepts() {
        let tokenizer = Tokenizer::new(&[]);
        let texts = [
            "Mentors their teammates and others",
            "The the THE; it's 'quoted' words, and words again",
            "Désigne les équipes à l'échelle (12) well well",
            "a an and are as at",
            "Plans release notes for the department (431) well",
            "",
            "Mentoring mentors mentored MENTOR",
        ];
        // Twice each: the second time every stem is one kept from the first.
        for text in texts.iter().chain(&texts) {
            let expected: std::collections::HashSet<String> =
                tokenizer.tokens(text).into_iter().collect();
            assert_eq!(content_words(text), expected, "{text}");
        }
    }

    #[test]
    fn concepts_join_different_wordings() {
        let concept = Concept {
            name: "mentoring".into(),
            words: vec!["mentor".into(), "helps others understand".into()],
        };
        let tokenizer = Tokenizer::new(&[concept]);
        let similarity = Similarity::new(
            &tokenizer,
            ["Mentors juniors", "Helps others understand the code", "Writes tests"].into_iter(),
        );
        assert!(similarity.score(0, 1) > 0.0);
        assert_eq!(similarity.score(0, 2), 0.0);
    }

    #[test]
    fn identical_texts_score_one() {
        let tokenizer = Tokenizer::new(&[]);
        let similarity =
            Similarity::new(&tokenizer, ["Leads reviews", "leads  REVIEWS."].into_iter());
        assert!((similarity.score(0, 1) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn shared_words_count_once_and_the_rest_dilute() {
        let tokenizer = Tokenizer::new(&[]);
        let similarity = Similarity::new(
            &tokenizer,
            ["reviews code", "reviews designs", "plans work"].into_iter(),
        );
        let score = similarity.score(0, 1);
        assert!(score > 0.0 && score < 0.5, "{score}");
        assert_eq!(similarity.score(0, 2), 0.0);
        assert_eq!(similarity.score(0, 1), similarity.score(1, 0));
    }

    #[test]
    fn letter_trigrams_meet_where_whole_words_do_not() {
        let tokenizer = Tokenizer::new(&[]);
        let texts = ["Unblocks teammates", "Removes blockers", "Writes tests"];
        let words = Similarity::new(&tokenizer, texts.into_iter());
        let trigrams = Similarity::trigrams(&tokenizer, texts.into_iter());
        assert_eq!(words.score(0, 1), 0.0);
        assert!(trigrams.score(0, 1) > trigrams.score(0, 2), "{}", trigrams.score(0, 1));
    }

    #[test]
    fn abbreviations_and_synonym_phrases_meet_their_wordings() {
        let synonyms = vec![
            vec!["database".to_string(), "DB".into()],
            vec!["problem solving".to_string(), "root cause".into()],
        ];
        let tokenizer = Tokenizer::with_synonyms(&[], &synonyms);
        assert_eq!(
            tokenizer.tokens("Tunes DB queries"),
            tokenizer.tokens("tunes database queries")
        );
        let texts = ["Finds the root cause of outages", "Shows strong problem-solving", "Writes"];
        let similarity = Similarity::new(&tokenizer, texts.into_iter());
        assert!(similarity.score(0, 1) > 0.0);
        assert_eq!(similarity.score(0, 2), 0.0);
    }

    #[test]
    fn a_concept_phrase_matches_its_words_in_order_only() {
        let concept = Concept { name: "debugging".into(), words: vec!["root cause".into()] };
        let tokenizer = Tokenizer::new(&[concept]);
        assert!(tokenizer.tokens("Finds the root causes of incidents").contains("#debugging"));
        assert!(!tokenizer.tokens("Causes the root of trouble").contains("#debugging"));
    }
}
