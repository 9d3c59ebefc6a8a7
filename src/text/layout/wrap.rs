//! Greedy word wrapping in logical order, on shaped glyph widths.

use std::ops::Range;

use super::glyph::Glyph;

/// One wrapped line: `glyphs` in logical order, of which those before
/// `shown_end` are drawn; the rest is the whitespace consumed at the break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LineBreak {
    pub glyphs: Range<usize>,
    pub shown_end: usize,
}

/// Break `glyphs` into lines of at most `width` cells (`width` ≥ 1, every
/// glyph at most `width` wide). Lines break at whitespace; a word longer
/// than the width is broken between grapheme clusters. Linear in the
/// number of glyphs.
pub(super) fn wrap(glyphs: &[Glyph], width: u16) -> Vec<LineBreak> {
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut used: u32 = 0;
    let width = u32::from(width);
    let mut has_word = false;
    // Start of the whitespace run that currently ends the line, if any.
    let mut trailing_space: Option<usize> = None;
    let mut i = 0;
    while i < glyphs.len() {
        let space = glyphs[i].space;
        let mut end = i;
        let mut run_width: u32 = 0;
        while end < glyphs.len() && glyphs[end].space == space {
            run_width += u32::from(glyphs[end].width);
            end += 1;
        }
        if used + run_width <= width {
            used += run_width;
            if space {
                trailing_space = Some(i);
            } else {
                has_word = true;
                trailing_space = None;
            }
            i = end;
            continue;
        }
        if space {
            // Whitespace overflowing the line is the break itself: consumed.
            lines.push(LineBreak {
                glyphs: line_start..end,
                shown_end: i,
            });
            line_start = end;
            used = 0;
            has_word = false;
            trailing_space = None;
            i = end;
            continue;
        }
        if has_word {
            // The word goes to the next line; spaces before it are the break.
            lines.push(LineBreak {
                glyphs: line_start..i,
                shown_end: trailing_space.unwrap_or(i),
            });
            line_start = i;
            used = 0;
            has_word = false;
            trailing_space = None;
            continue;
        }
        // A word wider than what is left of an empty line: break it between
        // clusters, filling each line.
        let mut j = i;
        while j < end {
            let w = u32::from(glyphs[j].width);
            if used + w > width {
                lines.push(LineBreak {
                    glyphs: line_start..j,
                    shown_end: j,
                });
                line_start = j;
                used = 0;
            }
            used += w;
            j += 1;
        }
        has_word = true;
        trailing_space = None;
        i = end;
    }
    if line_start < glyphs.len() || lines.is_empty() {
        lines.push(LineBreak {
            glyphs: line_start..glyphs.len(),
            shown_end: glyphs.len(),
        });
    }
    lines
}
