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
    /// Words reported as said (a statement's span): in italics, over
    /// whatever else colours them.
    pub const STATEMENT: u8 = 24;
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

/// The colours of a session, one per thing coloured. Named ANSI colours
/// only, so they follow the terminal's palette on 16-colour terminals; a
/// configuration file's `[theme]` changes them by [`Palette::SLOTS`] name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub guarantor: Color,
    pub round: Color,
    pub person: Color,
    pub place: Color,
    pub organization: Color,
    pub agency: Color,
    pub date: Color,
    /// Background of the filter's matches.
    pub matched: Color,
    /// Background of the match `n`/`N` went to.
    pub current: Color,
    /// Background of the mentions of the entity selected in its pane.
    pub selected_entity: Color,
    /// Background of the selected row and of lines selected with `v`.
    pub selected: Color,
    /// Background of the status line.
    pub status: Color,
    /// Background of an error in the status line.
    pub error: Color,
    /// The focused pane's border.
    pub border: Color,
    /// Keys in the help and the status line.
    pub key: Color,
    /// Secondary text, borders of other panes, a selected row without focus.
    pub dim: Color,
}

impl Default for Palette {
    fn default() -> Palette {
        Palette {
            guarantor: Color::Yellow,
            round: Color::Magenta,
            person: Color::Cyan,
            place: Color::Green,
            organization: Color::LightBlue,
            agency: Color::LightMagenta,
            date: Color::LightYellow,
            matched: Color::Yellow,
            current: Color::LightRed,
            selected_entity: Color::Cyan,
            selected: Color::Blue,
            status: Color::Blue,
            error: Color::Red,
            border: Color::LightCyan,
            key: Color::LightCyan,
            dim: Color::DarkGray,
        }
    }
}

/// A palette slot: its name in a configuration file, what it colours, and
/// the field.
pub struct Slot {
    pub name: &'static str,
    pub what: &'static str,
    pub field: fn(&mut Palette) -> &mut Color,
}

impl Palette {
    pub const SLOTS: &[Slot] = &[
        Slot {
            name: "guarantor",
            what: "guarantor mentions and badges",
            field: |p| &mut p.guarantor,
        },
        Slot {
            name: "round",
            what: "round mentions and the list's round column",
            field: |p| &mut p.round,
        },
        Slot {
            name: "person",
            what: "person mentions",
            field: |p| &mut p.person,
        },
        Slot {
            name: "place",
            what: "place mentions",
            field: |p| &mut p.place,
        },
        Slot {
            name: "organization",
            what: "organisation mentions",
            field: |p| &mut p.organization,
        },
        Slot {
            name: "agency",
            what: "news agency mentions",
            field: |p| &mut p.agency,
        },
        Slot {
            name: "date",
            what: "date mentions",
            field: |p| &mut p.date,
        },
        Slot {
            name: "match",
            what: "background of filter matches",
            field: |p| &mut p.matched,
        },
        Slot {
            name: "current",
            what: "background of the current match (n, N)",
            field: |p| &mut p.current,
        },
        Slot {
            name: "selected-entity",
            what: "background of the selected entity's mentions",
            field: |p| &mut p.selected_entity,
        },
        Slot {
            name: "selected",
            what: "background of the selected row and of selected lines",
            field: |p| &mut p.selected,
        },
        Slot {
            name: "status",
            what: "background of the status line",
            field: |p| &mut p.status,
        },
        Slot {
            name: "error",
            what: "background of errors in the status line",
            field: |p| &mut p.error,
        },
        Slot {
            name: "border",
            what: "the focused pane's border",
            field: |p| &mut p.border,
        },
        Slot {
            name: "key",
            what: "keys in the help and the status line",
            field: |p| &mut p.key,
        },
        Slot {
            name: "dim",
            what: "secondary text, other panes' borders",
            field: |p| &mut p.dim,
        },
    ];

    /// The colour of the slot named `name`.
    pub fn get(&self, name: &str) -> Option<Color> {
        let mut copy = *self;
        Palette::SLOTS
            .iter()
            .find(|slot| slot.name == name)
            .map(|slot| *(slot.field)(&mut copy))
    }
}

/// The colours a palette may use, by the names a configuration file gives
/// them: the 16 ANSI colours, which every colour terminal has.
pub const COLOR_NAMES: [(&str, Color); 16] = [
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("light-red", Color::LightRed),
    ("light-green", Color::LightGreen),
    ("light-yellow", Color::LightYellow),
    ("light-blue", Color::LightBlue),
    ("light-magenta", Color::LightMagenta),
    ("light-cyan", Color::LightCyan),
    ("white", Color::White),
];

/// The name [`COLOR_NAMES`] gives a colour.
pub fn color_name(color: Color) -> Option<&'static str> {
    COLOR_NAMES
        .iter()
        .find(|(_, c)| *c == color)
        .map(|(name, _)| *name)
}

/// Styles for one session; `color` is false under `NO_COLOR` or `--color never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub palette: Palette,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme::with_palette(color, Palette::default())
    }

    pub fn with_palette(color: bool, palette: Palette) -> Theme {
        Theme { color, palette }
    }

    fn pick(&self, colored: Style, mono: Style) -> Style {
        if self.color { colored } else { mono }
    }

    /// The colour an entity kind is drawn in.
    pub fn entity(&self, kind: EntityKind) -> Style {
        let p = &self.palette;
        let color = match kind {
            EntityKind::Guarantor => p.guarantor,
            EntityKind::Round => p.round,
            EntityKind::Person => p.person,
            EntityKind::Place => p.place,
            EntityKind::Organization => p.organization,
            EntityKind::Agency => p.agency,
            EntityKind::Date => p.date,
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
                    .bg(self.palette.current)
                    .add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
            );
        }
        if tags & tag::bit(tag::MATCH) != 0 {
            return self.pick(
                Style::new()
                    .fg(Color::Black)
                    .bg(self.palette.matched)
                    .add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            );
        }
        if tags & tag::bit(tag::SELECTED_ENTITY) != 0 {
            return self.pick(
                Style::new()
                    .fg(Color::Black)
                    .bg(self.palette.selected_entity)
                    .add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::REVERSED),
            );
        }
        let style = (0..32u8)
            .filter(|t| tags & tag::bit(*t) != 0)
            .find_map(tag::kind_of)
            .map_or(Style::new(), |kind| self.entity(kind));
        if tags & tag::bit(tag::STATEMENT) != 0 {
            style.add_modifier(Modifier::ITALIC)
        } else {
            style
        }
    }

    /// A pane's border: emphasised when it has the focus.
    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(self.palette.border),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, true) => Style::new().fg(self.palette.dim),
            (false, false) => Style::new(),
        }
    }

    /// The selected row of a list; `focused` when its pane has the focus.
    pub fn selected(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new()
                .bg(self.palette.selected)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::REVERSED),
            (false, true) => Style::new().bg(self.palette.dim),
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// Lines of the article selected with `v` (laid over their own styles:
    /// only the background, so entity colours still show).
    pub fn selection(&self) -> Style {
        self.pick(
            Style::new().bg(self.palette.selected),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// Article titles in the article pane.
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary information: metadata, counts, hints.
    pub fn dim(&self) -> Style {
        self.pick(Style::new().fg(self.palette.dim), Style::new())
    }

    /// A guarantor badge in the list (RU TR IR).
    pub fn badge(&self) -> Style {
        self.pick(
            Style::new().fg(self.palette.guarantor),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The round column in the list.
    pub fn round(&self) -> Style {
        self.pick(Style::new().fg(self.palette.round), Style::new())
    }

    /// The status line.
    pub fn status(&self) -> Style {
        self.pick(
            Style::new().bg(self.palette.status).fg(Color::White),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// Errors (a query that does not parse) in the status line.
    pub fn error(&self) -> Style {
        self.pick(
            Style::new()
                .bg(self.palette.error)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// Keys in the help overlay and the status line.
    pub fn key(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.key)
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
