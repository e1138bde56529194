//! Hash maps for keys that come from the files read: item texts, words and paths.
//!
//! A merge request chooses these keys, so a fixed hash (FxHash) would let it pick many keys that
//! collide and make every map lookup linear; foldhash is as fast on short keys but seeded at
//! random per process, so collisions cannot be chosen ahead of the run. Maps keyed by numbers
//! ladder made itself (token ids, item indices) may keep rustc-hash.

/// A hash map keyed by text or paths from the files read.
pub type TextMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A hash set of text or paths from the files read.
pub type TextSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
