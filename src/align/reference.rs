//! Short references to items that survive reading again: `Section#n` (the n-th item of the
//! section at its level, sub-items counted in reading order) and a fingerprint of the text.

use std::hash::{Hash, Hasher};

use crate::model::Level;

/// `Section#n` for every item of `level`, in [`Level::items`] order.
pub fn item_refs(level: &Level) -> Vec<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    level
        .items()
        .map(|found| {
            let name = found.section.name.as_str();
            let position = match counts.iter_mut().find(|(section, _)| *section == name) {
                Some((_, count)) => {
                    *count += 1;
                    *count
                }
                None => {
                    counts.push((name, 1));
                    1
                }
            };
            format!("{name}#{position}")
        })
        .collect()
}

/// Eight hex digits from an item's normalised text: tells whether a reference still names it.
pub fn fingerprint(normalized: &str) -> String {
    let mut hasher = Fnv32::default();
    normalized.hash(&mut hasher);
    format!("{:08x}", hasher.finish() as u32)
}

/// FNV-1a, stable across builds and platforms.
struct Fnv32(u64);

impl Default for Fnv32 {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv32 {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_stable_and_short() {
        assert_eq!(fingerprint("leads reviews"), fingerprint("leads reviews"));
        assert_ne!(fingerprint("leads reviews"), fingerprint("leads review"));
        assert_eq!(fingerprint("x").len(), 8);
    }
}
