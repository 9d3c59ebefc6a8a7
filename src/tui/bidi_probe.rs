//! Who reorders right-to-left text: astana (`app`) or the terminal
//! (`terminal`). Chosen with `--bidi auto|app|terminal` or `ASTANA_BIDI`.
//!
//! `auto` asks the terminal whether it has the bidi support mode BDSM
//! (mode 8 of the terminal-bidi spec) with DECRQM `CSI 8 $ p`. The answer is
//! `CSI 8 ; Ps $ y` (an ANSI mode, so no `?`): Ps 1 set (the terminal
//! reorders, "implicit"), 2 reset ("explicit"), 3 permanently set,
//! 4 permanently reset, 0 unknown. Where the mode is set and can be
//! switched we turn the terminal's reordering off (`CSI 8 l`) for the
//! session, give it back on exit (`CSI 8 h`), and reorder in the program;
//! where it is reset the terminal does not reorder and is left as it is.
//!
//! mlterm has no mode 8 (it answers "not recognized") but takes settings
//! from the program through its configuration protocol: `OSC 5379 ;
//! use_ctl=false` turns its reordering and shaping off, `use_ctl=true` (its
//! default) back on; it is recognised by `MLTERM` or `TERM=mlterm*`. A
//! terminal known to reorder that cannot be told not to (Konsole, Apple
//! Terminal, kitty) gets logical text. Everything else gets text reordered
//! by the program. docs/LAYOUT.md has the table of terminals.

use crate::tui::BidiMode;
use crate::tui::clipboard::tmux_passthrough;
use crate::tui::terminal::{Screen, wait_readable};
use std::{
    fs::File,
    io::Read,
    os::fd::AsFd,
    str::FromStr,
    time::{Duration, Instant},
};

/// The question: DECRQM for ANSI mode 8, then primary device attributes,
/// which every terminal answers, so the reply to the second one tells that
/// the first has been answered or ignored without waiting for the timeout.
pub const QUERY: &[u8] = b"\x1b[8$p\x1b[c";
/// Turns the terminal's own reordering off (BDSM explicit).
pub const TERMINAL_BIDI_OFF: &[u8] = b"\x1b[8l";
/// Turns it back on (BDSM implicit, the spec's default).
pub const TERMINAL_BIDI_ON: &[u8] = b"\x1b[8h";
/// Turns mlterm's complex text layout (bidi reordering and Arabic shaping)
/// off for the terminal the program runs in: mlterm's configuration
/// protocol, "set" form, which needs no challenge.
pub const MLTERM_CTL_OFF: &[u8] = b"\x1b]5379;use_ctl=false\x07";
/// Turns it back on. `true` is mlterm's default; the value in use cannot be
/// read back first (a "get" answers on the pty only with the user's secret
/// challenge), so a user who runs mlterm with `--ctl=false` chooses
/// `--bidi app`, which sends nothing.
pub const MLTERM_CTL_ON: &[u8] = b"\x1b]5379;use_ctl=true\x07";
/// How long to wait for the terminal's answers. Local terminals answer in
/// microseconds; this allows for a slow SSH link without a visible delay.
pub const PROBE_TIMEOUT: Duration = Duration::from_millis(200);

/// What the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum BidiChoice {
    #[default]
    Auto,
    App,
    Terminal,
}

impl FromStr for BidiChoice {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(BidiChoice::Auto),
            "app" => Ok(BidiChoice::App),
            "terminal" => Ok(BidiChoice::Terminal),
            other => Err(format!(
                "'{}' is not a bidi mode (auto, app, terminal)",
                crate::text::sanitize::visible(other)
            )),
        }
    }
}

/// The state of mode 8 as a terminal reported it (DECRPM).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeReport {
    NotRecognized,
    Set,
    Reset,
    PermanentlySet,
    PermanentlyReset,
}

/// What the environment says about the terminal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TerminalHints {
    /// Konsole, Apple Terminal or kitty: they reorder and cannot be told
    /// not to.
    pub reorders_unswitchably: bool,
    /// mlterm: it reorders and shapes, and its configuration protocol
    /// switches that off.
    pub mlterm: bool,
    /// Running inside tmux: queries are answered by tmux, not the terminal.
    pub in_tmux: bool,
}

impl TerminalHints {
    pub fn from_env() -> TerminalHints {
        TerminalHints::from_vars(|name| std::env::var_os(name).map(|v| v.to_string_lossy().into()))
    }

    /// Reads the hints through `var` (injectable for tests).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> TerminalHints {
        let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
        TerminalHints {
            // kitty shapes each run of right-to-left text and draws it
            // reversed, so text the program reordered comes out mirrored;
            // only its `force_ltr` setting stops that, and a program cannot
            // change it. KITTY_WINDOW_ID is set in its windows; TERM comes
            // along over SSH.
            reorders_unswitchably: set("KONSOLE_VERSION")
                || var("TERM_PROGRAM").as_deref() == Some("Apple_Terminal")
                || set("KITTY_WINDOW_ID")
                || var("TERM").as_deref() == Some("xterm-kitty"),
            // mlterm sets MLTERM to its version; over SSH only TERM comes
            // along (mlterm, or a variant such as mlterm-256color).
            mlterm: set("MLTERM") || var("TERM").is_some_and(|t| t.starts_with("mlterm")),
            in_tmux: set("TMUX"),
        }
    }
}

/// The outcome: how to draw, what the status line says, and what to send
/// to the terminal now and on exit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BidiDecision {
    pub mode: BidiMode,
    /// Shown in the status line: "bidi app", "bidi terminal (auto)"...
    pub label: String,
    pub send_now: Vec<u8>,
    pub send_on_exit: Vec<u8>,
}

impl BidiDecision {
    fn plain(mode: BidiMode, label: &str) -> BidiDecision {
        BidiDecision {
            mode,
            label: label.to_string(),
            send_now: Vec::new(),
            send_on_exit: Vec::new(),
        }
    }

    /// The program reorders; `off` stops the terminal from doing it too,
    /// `on` gives it back at exit. `wrap` routes both through tmux when
    /// needed.
    fn switch_terminal_off(off: &[u8], on: &[u8], wrap: fn(&[u8]) -> Vec<u8>) -> BidiDecision {
        BidiDecision {
            mode: BidiMode::App,
            label: "bidi app (auto)".to_string(),
            send_now: wrap(off),
            send_on_exit: wrap(on),
        }
    }
}

/// The choice made from the user's wish, the environment and the
/// terminal's answer (`None`: not asked, or no answer). Pure.
pub fn decide(
    choice: BidiChoice,
    hints: &TerminalHints,
    report: Option<ModeReport>,
) -> BidiDecision {
    match choice {
        BidiChoice::App => BidiDecision::plain(BidiMode::App, "bidi app"),
        BidiChoice::Terminal => BidiDecision::plain(BidiMode::Terminal, "bidi terminal"),
        BidiChoice::Auto => match report {
            Some(ModeReport::Set) => BidiDecision::switch_terminal_off(
                TERMINAL_BIDI_OFF,
                TERMINAL_BIDI_ON,
                <[u8]>::to_vec,
            ),
            Some(ModeReport::PermanentlySet) => {
                BidiDecision::plain(BidiMode::Terminal, "bidi terminal (auto)")
            }
            // Reset: the terminal knows the mode and does not reorder now
            // (WezTerm's default, `bidi_enabled = false`). Nothing to
            // switch, and nothing to give back: `CSI 8 h` at exit would
            // turn its reordering on for the shell.
            Some(ModeReport::Reset | ModeReport::PermanentlyReset) => {
                BidiDecision::plain(BidiMode::App, "bidi app (auto)")
            }
            // mlterm answers that it does not know mode 8; its own switch
            // works, inside tmux too when passthrough is allowed.
            Some(ModeReport::NotRecognized) | None if hints.mlterm => {
                let wrap = if hints.in_tmux {
                    tmux_passthrough
                } else {
                    <[u8]>::to_vec
                };
                BidiDecision::switch_terminal_off(MLTERM_CTL_OFF, MLTERM_CTL_ON, wrap)
            }
            Some(ModeReport::NotRecognized) | None if hints.reorders_unswitchably => {
                BidiDecision::plain(BidiMode::Terminal, "bidi terminal (auto)")
            }
            // tmux answers queries itself, so the outer terminal was not
            // asked; a switch sent through passthrough reaches it (when
            // allowed) and is ignored by terminals without mode 8.
            None if hints.in_tmux => BidiDecision::switch_terminal_off(
                TERMINAL_BIDI_OFF,
                TERMINAL_BIDI_ON,
                tmux_passthrough,
            ),
            Some(ModeReport::NotRecognized) | None => {
                BidiDecision::plain(BidiMode::App, "bidi app (auto)")
            }
        },
    }
}

/// Finds the terminal's report on mode 8 in `reply`: `CSI 8 ; Ps $ y`, CSI
/// being `ESC [` or the 8-bit 0x9B. Other bytes (the device attributes
/// answer, keys typed meanwhile) are skipped. A `?` form would be about DEC
/// private mode 8 (auto-repeat), a different mode, and is not taken.
pub fn parse_mode_report(reply: &[u8]) -> Option<ModeReport> {
    csi_parameters(reply).find_map(|params| params.strip_prefix(b"8;").and_then(mode_value))
}

/// The bytes after each control sequence introducer in `reply` (`ESC [` or
/// the 8-bit 0x9B), in order.
fn csi_parameters(reply: &[u8]) -> impl Iterator<Item = &[u8]> {
    (0..reply.len()).filter_map(move |i| match reply[i] {
        0x1b if reply.get(i + 1) == Some(&b'[') => Some(&reply[i + 2..]),
        0x9b => Some(&reply[i + 1..]),
        _ => None,
    })
}

/// `Ps $ y` at the start of `bytes`.
fn mode_value(bytes: &[u8]) -> Option<ModeReport> {
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 3 || bytes.get(digits..digits + 2) != Some(b"$y") {
        return None;
    }
    let value: u16 = std::str::from_utf8(&bytes[..digits]).ok()?.parse().ok()?;
    Some(match value {
        1 => ModeReport::Set,
        2 => ModeReport::Reset,
        3 => ModeReport::PermanentlySet,
        4 => ModeReport::PermanentlyReset,
        _ => ModeReport::NotRecognized,
    })
}

/// True once `reply` holds the answer to primary device attributes,
/// `CSI ? … c`, which terminals send after any earlier answer.
pub fn has_device_attributes(reply: &[u8]) -> bool {
    csi_parameters(reply).any(|params| {
        let Some(params) = params.strip_prefix(b"?") else {
            return false;
        };
        let len = params
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b';')
            .count();
        params.get(len) == Some(&b'c')
    })
}

/// Resolves `choice` on the real terminal: asks it when needed (raw mode
/// must be on, which [`Screen`] guarantees), sends the switch, and arranges
/// the restore on exit.
pub fn resolve(choice: BidiChoice, screen: &Screen, tty: Option<&File>) -> BidiDecision {
    let hints = TerminalHints::from_env();
    let report = match (choice, tty) {
        (BidiChoice::Auto, Some(tty)) if !hints.in_tmux => ask_mode8(screen, tty),
        _ => None,
    };
    let decision = decide(choice, &hints, report);
    if !decision.send_now.is_empty() {
        // A terminal that cannot be written to will fail the first frame.
        let _ = screen.switch_mode(&decision.send_now, &decision.send_on_exit);
    }
    decision
}

/// Sends [`QUERY`] and collects the answers until the device attributes
/// arrive or [`PROBE_TIMEOUT`] passes.
fn ask_mode8(screen: &Screen, tty: &File) -> Option<ModeReport> {
    screen.send(QUERY).ok()?;
    let deadline = Instant::now() + PROBE_TIMEOUT;
    let mut reply = Vec::new();
    let mut buf = [0u8; 256];
    let mut reader = tty;
    while !has_device_attributes(&reply) && reply.len() < 4096 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || !wait_readable(tty.as_fd(), left).unwrap_or(false) {
            break;
        }
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => reply.extend_from_slice(&buf[..n]),
        }
    }
    parse_mode_report(&reply)
}

/// The choice from `--bidi` when given, else from `ASTANA_BIDI`, else auto.
pub fn choice_from(flag: Option<BidiChoice>, env: Option<&str>) -> Result<BidiChoice, String> {
    match (flag, env) {
        (Some(choice), _) => Ok(choice),
        (None, Some(value)) if !value.trim().is_empty() => {
            value.parse().map_err(|e| format!("ASTANA_BIDI: {e}"))
        }
        _ => Ok(BidiChoice::Auto),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_hints() -> TerminalHints {
        TerminalHints::default()
    }

    #[test]
    fn parses_the_answers_a_terminal_can_give() {
        assert_eq!(parse_mode_report(b"\x1b[8;1$y"), Some(ModeReport::Set));
        assert_eq!(parse_mode_report(b"\x1b[8;2$y"), Some(ModeReport::Reset));
        assert_eq!(
            parse_mode_report(b"\x1b[8;3$y"),
            Some(ModeReport::PermanentlySet)
        );
        assert_eq!(
            parse_mode_report(b"\x1b[8;4$y"),
            Some(ModeReport::PermanentlyReset)
        );
        assert_eq!(
            parse_mode_report(b"\x1b[8;0$y"),
            Some(ModeReport::NotRecognized)
        );
        assert_eq!(parse_mode_report(b"\x9b8;2$y"), Some(ModeReport::Reset));
    }

    #[test]
    fn finds_the_answer_among_other_bytes() {
        // Keys typed during the probe, then the answer, then DA1.
        let reply = b"jk\x1b[8;2$y\x1b[?65;1;9c";
        assert_eq!(parse_mode_report(reply), Some(ModeReport::Reset));
        assert!(has_device_attributes(reply));
    }

    #[test]
    fn other_modes_and_garbage_are_not_taken_for_mode_8() {
        // DEC private mode 8 (auto-repeat) is another mode.
        assert_eq!(parse_mode_report(b"\x1b[?8;1$y"), None);
        assert_eq!(parse_mode_report(b"\x1b[18;1$y"), None);
        assert_eq!(parse_mode_report(b"\x1b[8;1$"), None);
        assert_eq!(parse_mode_report(b"\x1b[8;$y"), None);
        assert_eq!(parse_mode_report(b"\x1b[?65;1;9c"), None);
        assert_eq!(parse_mode_report(b""), None);
    }

    #[test]
    fn device_attributes_need_the_whole_answer() {
        assert!(has_device_attributes(b"\x1b[?1;2c"));
        assert!(!has_device_attributes(b"\x1b[?1;2"));
        assert!(!has_device_attributes(b"\x1b[8;2$y"));
    }

    #[test]
    fn explicit_choices_ignore_the_terminal() {
        let konsole = TerminalHints {
            reorders_unswitchably: true,
            ..TerminalHints::default()
        };
        let d = decide(BidiChoice::App, &konsole, Some(ModeReport::Set));
        assert_eq!(d.mode, BidiMode::App);
        assert!(d.send_now.is_empty());
        let d = decide(BidiChoice::Terminal, &no_hints(), None);
        assert_eq!(d.mode, BidiMode::Terminal);
        assert_eq!(d.label, "bidi terminal");
    }

    #[test]
    fn a_switchable_terminal_is_switched_off_and_restored() {
        let d = decide(BidiChoice::Auto, &no_hints(), Some(ModeReport::Set));
        assert_eq!(d.mode, BidiMode::App);
        assert_eq!(d.send_now, b"\x1b[8l");
        assert_eq!(d.send_on_exit, b"\x1b[8h");
    }

    #[test]
    fn a_terminal_not_reordering_now_is_left_as_it_is() {
        // WezTerm without `bidi_enabled`: setting mode 8 at exit would
        // turn its reordering on for the shell.
        for report in [ModeReport::Reset, ModeReport::PermanentlyReset] {
            let d = decide(BidiChoice::Auto, &no_hints(), Some(report));
            assert_eq!(d.mode, BidiMode::App);
            assert!(d.send_now.is_empty() && d.send_on_exit.is_empty());
        }
    }

    #[test]
    fn a_terminal_that_always_reorders_gets_logical_text() {
        let d = decide(
            BidiChoice::Auto,
            &no_hints(),
            Some(ModeReport::PermanentlySet),
        );
        assert_eq!(d.mode, BidiMode::Terminal);
        let konsole =
            TerminalHints::from_vars(|n| (n == "KONSOLE_VERSION").then(|| "230804".into()));
        assert!(konsole.reorders_unswitchably);
        assert_eq!(
            decide(BidiChoice::Auto, &konsole, None).mode,
            BidiMode::Terminal
        );
        let apple =
            TerminalHints::from_vars(|n| (n == "TERM_PROGRAM").then(|| "Apple_Terminal".into()));
        let d = decide(BidiChoice::Auto, &apple, Some(ModeReport::NotRecognized));
        assert_eq!(d.mode, BidiMode::Terminal);
        assert!(d.send_now.is_empty());
    }

    #[test]
    fn kitty_gets_logical_text() {
        for vars in [
            &[("KITTY_WINDOW_ID", "1"), ("TERM", "xterm-kitty")][..],
            &[("TERM", "xterm-kitty")][..],
        ] {
            let kitty = hints(vars);
            assert!(kitty.reorders_unswitchably);
            let d = decide(BidiChoice::Auto, &kitty, Some(ModeReport::NotRecognized));
            assert_eq!(d.mode, BidiMode::Terminal);
            assert!(d.send_now.is_empty() && d.send_on_exit.is_empty());
        }
        assert!(!hints(&[("KITTY_WINDOW_ID", "")]).reorders_unswitchably);
        assert!(!hints(&[("TERM", "xterm-256color")]).reorders_unswitchably);
    }

    #[test]
    fn silence_means_the_program_reorders() {
        let d = decide(BidiChoice::Auto, &no_hints(), None);
        assert_eq!(d.mode, BidiMode::App);
        assert!(d.send_now.is_empty() && d.send_on_exit.is_empty());
        let other = TerminalHints::from_vars(|n| (n == "TERM_PROGRAM").then(|| "WezTerm".into()));
        assert_eq!(decide(BidiChoice::Auto, &other, None).mode, BidiMode::App);
    }

    #[test]
    fn inside_tmux_the_switch_goes_through_passthrough() {
        let tmux =
            TerminalHints::from_vars(|n| (n == "TMUX").then(|| "/tmp/tmux-0/default,1,0".into()));
        assert!(tmux.in_tmux);
        let d = decide(BidiChoice::Auto, &tmux, None);
        assert_eq!(d.mode, BidiMode::App);
        assert_eq!(d.send_now, b"\x1bPtmux;\x1b\x1b[8l\x1b\\");
        assert_eq!(d.send_on_exit, b"\x1bPtmux;\x1b\x1b[8h\x1b\\");
    }

    /// Hints from a fixed environment.
    fn hints(vars: &[(&str, &str)]) -> TerminalHints {
        TerminalHints::from_vars(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_string())
        })
    }

    #[test]
    fn mlterm_is_recognised_by_its_variable_or_its_term() {
        assert!(hints(&[("MLTERM", "3.9.0"), ("TERM", "mlterm")]).mlterm);
        assert!(hints(&[("MLTERM", "3.9.0"), ("TERM", "xterm-256color")]).mlterm);
        // Over SSH only TERM comes along.
        assert!(hints(&[("TERM", "mlterm")]).mlterm);
        assert!(hints(&[("TERM", "mlterm-256color")]).mlterm);
        assert!(!hints(&[("MLTERM", "")]).mlterm);
        assert!(!hints(&[("TERM", "xterm-256color")]).mlterm);
        assert!(!hints(&[("TERM", "screen.mlterm")]).mlterm);
        assert!(!hints(&[]).mlterm);
    }

    #[test]
    fn mlterm_is_switched_off_through_its_configuration_protocol() {
        let mlterm = hints(&[("MLTERM", "3.9.0"), ("TERM", "mlterm")]);
        // mlterm answers DECRQM for mode 8 with "not recognized".
        for report in [Some(ModeReport::NotRecognized), None] {
            let d = decide(BidiChoice::Auto, &mlterm, report);
            assert_eq!(d.mode, BidiMode::App);
            assert_eq!(d.label, "bidi app (auto)");
            assert_eq!(d.send_now, b"\x1b]5379;use_ctl=false\x07");
            assert_eq!(d.send_on_exit, b"\x1b]5379;use_ctl=true\x07");
        }
        // A mode 8 answer, should mlterm ever give one, is the standard way.
        let d = decide(BidiChoice::Auto, &mlterm, Some(ModeReport::Set));
        assert_eq!(d.send_now, b"\x1b[8l");
        // Told what to do, nothing is sent.
        for choice in [BidiChoice::App, BidiChoice::Terminal] {
            let d = decide(choice, &mlterm, None);
            assert!(d.send_now.is_empty() && d.send_on_exit.is_empty());
        }
        assert_eq!(
            decide(BidiChoice::Terminal, &mlterm, None).mode,
            BidiMode::Terminal
        );
    }

    #[test]
    fn mlterm_around_tmux_is_reached_through_passthrough() {
        let inside = hints(&[("MLTERM", "3.9.0"), ("TMUX", "/tmp/tmux-0/default,1,0")]);
        let d = decide(BidiChoice::Auto, &inside, None);
        assert_eq!(d.mode, BidiMode::App);
        assert_eq!(
            d.send_now,
            b"\x1bPtmux;\x1b\x1b]5379;use_ctl=false\x07\x1b\\"
        );
        assert_eq!(
            d.send_on_exit,
            b"\x1bPtmux;\x1b\x1b]5379;use_ctl=true\x07\x1b\\"
        );
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        assert_eq!(
            choice_from(Some(BidiChoice::App), Some("terminal")),
            Ok(BidiChoice::App)
        );
        assert_eq!(
            choice_from(None, Some("Terminal")),
            Ok(BidiChoice::Terminal)
        );
        assert_eq!(choice_from(None, Some("")), Ok(BidiChoice::Auto));
        assert_eq!(choice_from(None, None), Ok(BidiChoice::Auto));
        let err = choice_from(None, Some("rtl\x1b[2J")).unwrap_err();
        assert!(
            err.contains("ASTANA_BIDI") && !err.contains('\x1b'),
            "{err}"
        );
    }
}
