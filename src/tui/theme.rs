//! Colours and text styles. The default themes use only the 16 ANSI colours, which read on
//! any terminal and projector; with `NO_COLOR` only bold, underline and reverse are used, and
//! every highlight stays visible through them.

use lupe::ActorKind;
use ratatui::style::{Color, Modifier, Style};

/// The themes a user can pick with `--theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    /// No colour at all, by choice (the same styles as `NO_COLOR`).
    Mono,
}

/// Every style the panes draw with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub colored: bool,
    pub text: Style,
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub selected: Style,
    /// Articles without a hit of the current query.
    pub unmatched: Style,
    /// Articles with hits, when no colour is allowed to dim the others.
    pub matched: Style,
    pub keyword: Style,
    /// Added on top of whatever else a query hit has.
    pub hit: Style,
    /// The hit the reader was sent to (KWIC Enter, n/N).
    pub current_hit: Style,
    /// The KWIC match column.
    pub kwic_match: Style,
    /// The words the KWIC lines are sorted by.
    pub sort_key: Style,
    pub status: Style,
    pub error: Style,
    pub notice: Style,
    pub dim: Style,
    /// Per actor kind, the colours its actors take turns at.
    persons: &'static [Color],
    states: &'static [Color],
    capitals: &'static [Color],
    organisations: &'static [Color],
}

impl Theme {
    /// The theme `name`, or its colourless form when `no_color` (the `NO_COLOR` convention).
    pub fn new(name: ThemeName, no_color: bool) -> Theme {
        if no_color || name == ThemeName::Mono {
            return Theme::mono();
        }
        let light = name == ThemeName::Light;
        let accent = if light { Color::Blue } else { Color::Cyan };
        Theme {
            colored: true,
            text: Style::default(),
            border: Style::default().fg(Color::DarkGray),
            border_focused: Style::default().fg(accent).add_modifier(Modifier::BOLD),
            title: Style::default().add_modifier(Modifier::BOLD),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            unmatched: Style::default().fg(Color::DarkGray),
            matched: Style::default(),
            keyword: if light {
                Style::default().add_modifier(Modifier::UNDERLINED | Modifier::ITALIC)
            } else {
                Style::default()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::UNDERLINED)
            },
            hit: Style::default().add_modifier(Modifier::REVERSED),
            current_hit: Style::default()
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            kwic_match: Style::default().add_modifier(Modifier::BOLD),
            sort_key: Style::default().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            status: Style::default(),
            error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            notice: Style::default().fg(if light { Color::Magenta } else { Color::Yellow }),
            dim: Style::default().fg(Color::DarkGray),
            // Hue families, so the kinds read apart: persons warm, states blue, capitals
            // cyan/teal, organisations green. Light themes avoid the pale `Light*` shades.
            persons: if light {
                &[Color::Red, Color::Magenta]
            } else {
                &[
                    Color::LightRed,
                    Color::LightMagenta,
                    Color::Red,
                    Color::Magenta,
                ]
            },
            states: if light {
                &[Color::Blue]
            } else {
                &[Color::LightBlue, Color::Blue]
            },
            capitals: if light {
                &[Color::Cyan]
            } else {
                &[Color::LightCyan, Color::Cyan]
            },
            organisations: if light {
                &[Color::Green]
            } else {
                &[Color::LightGreen, Color::Green]
            },
        }
    }

    fn mono() -> Theme {
        let plain = Style::default();
        let bold = plain.add_modifier(Modifier::BOLD);
        let underline = plain.add_modifier(Modifier::UNDERLINED);
        let reverse = plain.add_modifier(Modifier::REVERSED);
        Theme {
            colored: false,
            text: plain,
            border: plain,
            border_focused: bold,
            title: bold,
            selected: reverse,
            unmatched: plain,
            matched: bold,
            keyword: underline,
            hit: reverse,
            current_hit: reverse.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            kwic_match: bold,
            sort_key: underline,
            status: plain,
            error: bold,
            notice: bold,
            dim: plain,
            persons: &[],
            states: &[],
            capitals: &[],
            organisations: &[],
        }
    }

    /// The style of a mention of the actor with this id and kind: a stable colour (the same
    /// actor is always the same colour, in every pane and every run), from its kind's family.
    pub fn actor(&self, id: &str, kind: ActorKind) -> Style {
        let family = match kind {
            ActorKind::Person => self.persons,
            ActorKind::State => self.states,
            ActorKind::Capital => self.capitals,
            ActorKind::Organisation => self.organisations,
        };
        if family.is_empty() {
            return Style::default().add_modifier(Modifier::BOLD);
        }
        let color = family[(stable_hash(id) % family.len() as u64) as usize];
        Style::default().fg(color)
    }
}

/// FNV-1a: the same on every platform and run, unlike std's randomised hasher.
fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A short word for the kind, for the actor pane.
pub fn kind_label(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "person",
        ActorKind::State => "state",
        ActorKind::Capital => "capital",
        ActorKind::Organisation => "org",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colors_used(theme: &Theme) -> Vec<Option<Color>> {
        let mut styles = vec![
            theme.text,
            theme.border,
            theme.border_focused,
            theme.title,
            theme.selected,
            theme.unmatched,
            theme.matched,
            theme.keyword,
            theme.hit,
            theme.current_hit,
            theme.kwic_match,
            theme.sort_key,
            theme.status,
            theme.error,
            theme.notice,
            theme.dim,
        ];
        for kind in [
            ActorKind::Person,
            ActorKind::State,
            ActorKind::Capital,
            ActorKind::Organisation,
        ] {
            styles.push(theme.actor("trump", kind));
        }
        styles.iter().flat_map(|s| [s.fg, s.bg]).collect()
    }

    #[test]
    fn no_color_uses_no_colour_at_all_whatever_the_theme() {
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::Mono] {
            let theme = Theme::new(name, true);
            assert!(colors_used(&theme).iter().all(Option::is_none));
        }
    }

    #[test]
    fn default_themes_use_only_the_16_ansi_colours() {
        for name in [ThemeName::Dark, ThemeName::Light] {
            for color in colors_used(&Theme::new(name, false)).into_iter().flatten() {
                assert!(
                    !matches!(color, Color::Rgb(..) | Color::Indexed(_)),
                    "{color:?} is not one of the 16"
                );
            }
        }
    }

    #[test]
    fn an_actor_keeps_its_colour_and_kinds_read_apart() {
        let theme = Theme::new(ThemeName::Dark, false);
        assert_eq!(
            theme.actor("trump", ActorKind::Person),
            theme.actor("trump", ActorKind::Person)
        );
        let person = theme.actor("trump", ActorKind::Person).fg;
        let state = theme.actor("usa", ActorKind::State).fg;
        let org = theme.actor("un", ActorKind::Organisation).fg;
        assert!(person != state && state != org && person != org);
    }

    #[test]
    fn without_colour_mentions_keywords_and_hits_still_differ() {
        let theme = Theme::new(ThemeName::Dark, true);
        let actor = theme.actor("trump", ActorKind::Person);
        assert_ne!(actor, Style::default());
        assert_ne!(theme.keyword, Style::default());
        assert_ne!(actor, theme.keyword);
        assert!(theme.hit.add_modifier.contains(Modifier::REVERSED));
    }
}
