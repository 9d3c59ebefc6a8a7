//! Styles. Only the 16 ANSI colours are used (they follow the user's
//! terminal palette); with colour off every distinction is made with bold,
//! reverse and underline so the screen stays usable in monochrome.

use crate::extract::EntityKind;
use ratatui::style::{Color, Modifier, Style};

/// Span tags given to the layout; a run's `tags` has bit `1 << tag` set for
/// every span covering it.
pub mod tag {
    use crate::extract::EntityKind;

    /// A match of the filter's free-text terms.
    pub const MATCH: u8 = 0;
    /// The match or mention `n`/`N` last jumped to.
    pub const CURRENT: u8 = 1;
    /// A mention of the entity selected in the entities pane.
    pub const SELECTED_ENTITY: u8 = 2;
    const KIND_BASE: u8 = 3;

    /// The tag of a mention of an entity of this kind.
    pub fn kind(kind: EntityKind) -> u8 {
        let index = EntityKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        KIND_BASE + index as u8
    }

    /// The entity kind a tag stands for, if any.
    pub fn kind_of(tag: u8) -> Option<EntityKind> {
        tag.checked_sub(KIND_BASE)
            .and_then(|i| EntityKind::ALL.get(i as usize).copied())
    }

    pub fn bit(tag: u8) -> u32 {
        1u32 << tag
    }
}

/// Styles for one session; `color` is false under `NO_COLOR` or `--color never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    fn pick(&self, colored: Style, mono: Style) -> Style {
        if self.color { colored } else { mono }
    }

    /// The colour an entity kind is drawn in.
    pub fn entity(&self, kind: EntityKind) -> Style {
        let color = match kind {
            EntityKind::Guarantor => Color::Yellow,
            EntityKind::Round => Color::Magenta,
            EntityKind::Person => Color::Cyan,
            EntityKind::Place => Color::Green,
            EntityKind::Organization => Color::LightBlue,
            EntityKind::Agency => Color::LightMagenta,
            EntityKind::Date => Color::LightYellow,
        };
        self.pick(
            Style::new().fg(color),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The style of a run of laid-out text from its tag bits. Precedence:
    /// current match, then filter match, then selected entity, then the
    /// entity's kind colour.
    pub fn for_tags(&self, tags: u32) -> Style {
        if tags & tag::bit(tag::CURRENT) != 0 {
            return self.pick(
                Style::new()
                    .fg(Color::Black)
                    .bg(Color::LightRed)
                    .add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
            );
        }
        if tags & tag::bit(tag::MATCH) != 0 {
            return self.pick(
                Style::new()
                    .fg(Color::Black)
                    .bg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            );
        }
        if tags & tag::bit(tag::SELECTED_ENTITY) != 0 {
            return self.pick(
                Style::new()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::REVERSED),
            );
        }
        (0..32u8)
            .filter(|t| tags & tag::bit(*t) != 0)
            .find_map(tag::kind_of)
            .map_or(Style::new(), |kind| self.entity(kind))
    }

    /// A pane's border: emphasised when it has the focus.
    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::LightCyan),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, true) => Style::new().fg(Color::DarkGray),
            (false, false) => Style::new(),
        }
    }

    /// The selected row of a list; `focused` when its pane has the focus.
    pub fn selected(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::REVERSED),
            (false, true) => Style::new().bg(Color::DarkGray),
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// Lines of the article selected with `v` (laid over their own styles:
    /// only the background, so entity colours still show).
    pub fn selection(&self) -> Style {
        self.pick(
            Style::new().bg(Color::Blue),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// Article titles in the article pane.
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary information: metadata, counts, hints.
    pub fn dim(&self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }

    /// A guarantor badge in the list (RU TR IR).
    pub fn badge(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The round column in the list.
    pub fn round(&self) -> Style {
        self.pick(Style::new().fg(Color::Magenta), Style::new())
    }

    /// The status line.
    pub fn status(&self) -> Style {
        self.pick(
            Style::new().bg(Color::Blue).fg(Color::White),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// Errors (a query that does not parse) in the status line.
    pub fn error(&self) -> Style {
        self.pick(
            Style::new()
                .bg(Color::Red)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// Keys in the help overlay and the status line.
    pub fn key(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::LightCyan)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monochrome_uses_no_colour_at_all() {
        let theme = Theme::new(false);
        let styles = [
            theme.for_tags(tag::bit(tag::CURRENT)),
            theme.for_tags(tag::bit(tag::MATCH)),
            theme.for_tags(tag::bit(tag::SELECTED_ENTITY)),
            theme.for_tags(tag::bit(tag::kind(EntityKind::Person))),
            theme.border(true),
            theme.selected(true),
            theme.status(),
            theme.error(),
            theme.badge(),
        ];
        for style in styles {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
    }

    #[test]
    fn monochrome_still_tells_matches_from_entities() {
        let theme = Theme::new(false);
        let person = theme.for_tags(tag::bit(tag::kind(EntityKind::Person)));
        let matched =
            theme.for_tags(tag::bit(tag::MATCH) | tag::bit(tag::kind(EntityKind::Person)));
        let current = theme.for_tags(tag::bit(tag::CURRENT) | tag::bit(tag::MATCH));
        assert_ne!(person, matched);
        assert_ne!(matched, current);
        assert_ne!(person, Style::new());
    }

    #[test]
    fn match_wins_over_entity_colour() {
        let theme = Theme::new(true);
        let both = tag::bit(tag::MATCH) | tag::bit(tag::kind(EntityKind::Place));
        assert_eq!(theme.for_tags(both), theme.for_tags(tag::bit(tag::MATCH)));
    }

    #[test]
    fn every_kind_has_its_own_tag() {
        for kind in EntityKind::ALL {
            assert_eq!(tag::kind_of(tag::kind(kind)), Some(kind));
        }
        assert_eq!(tag::kind_of(tag::MATCH), None);
    }
}
