//! ladder's YAML framework format (`*.ladder.yml`): levels, sections, groups and items with
//! optional ids, explicit escalation links and items declared new.

use std::path::Path;

use super::{ReadError, Reader};
use crate::model::Framework;

impl Reader {
    /// Reads the YAML framework at `path`.
    pub(crate) fn read_yaml(&mut self, path: &Path) -> Result<Framework, ReadError> {
        let file = self.sources.load(path)?;
        Err(crate::yaml::YamlError::at(
            &crate::source::Span::line(&file, 1),
            "the YAML framework format is not read yet",
            None,
        )
        .into())
    }
}
