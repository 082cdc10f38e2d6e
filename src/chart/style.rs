//! Chart style (pixel ratio, font scale, theme), the colour palette and the derived pixel sizes.

use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

/// How the backend turns a plotters `TextStyle` size into a rendered font size.
///
/// `plotters-canvas` 0.3.1 sets the canvas font to `{size}px` (`src/canvas.rs`, `draw_text`),
/// while `plotters-svg` 0.3.7 writes `font-size="{size / 1.24}"` (`src/svg.rs`, `draw_text`).
/// The charts lay text out for the rendered size, so they need to know which rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextBackend {
    /// The backend renders text at exactly the requested pixel size (plotters-canvas).
    #[default]
    Canvas,
    /// plotters-svg: renders at `size / 1.24`; the charts request `1.24 ×` the wanted size so
    /// that an SVG preview shows text as large as the canvas does.
    PlottersSvg,
}

/// Sizing of a chart: everything (fonts, line widths, margins) is given in CSS pixels and
/// multiplied by `pixel_ratio × font_scale` (fonts) or `pixel_ratio` (lines, margins).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartStyle {
    /// Device pixels per CSS pixel (the browser's `devicePixelRatio`): the canvas backing store is
    /// CSS size × `pixel_ratio`. Meant to be ≥ 0.5; values outside [0.5, 8] (or non-finite) are
    /// clamped into that range (NaN → 1). Defaults to `1.0`.
    pub pixel_ratio: f64,
    /// Extra factor on all font sizes: `1.0` normal, `1.5` classroom/projector mode. Values
    /// outside [0.5, 4] (or non-finite) are clamped into that range (NaN → 1). Defaults to `1.0`.
    pub font_scale: f64,
    /// The smallest font size, in CSS pixels, after `font_scale` (a projector's "no text under
    /// 20 px"); `0.0` (the default) sets no floor. Non-finite or negative values count as 0.
    pub min_font: f64,
    /// Which backend text-size rule to compensate for; defaults to [`TextBackend::Canvas`].
    pub text_backend: TextBackend,
    /// Every colour the charts use; defaults to [`Theme::LIGHT`].
    pub theme: Theme,
}

impl Default for ChartStyle {
    fn default() -> Self {
        ChartStyle {
            pixel_ratio: 1.0,
            font_scale: 1.0,
            min_font: 0.0,
            text_backend: TextBackend::Canvas,
            theme: Theme::LIGHT,
        }
    }
}

/// The colours of a chart: background, text, frame, reference lines, alerts and the series
/// cycle. Every colour a chart draws comes from here (nothing is hard-coded), so a page theme
/// (`prefers-color-scheme`, a theme toggle) carries over to the canvas and to exported SVGs.
///
/// The series colours are Okabe & Ito's colour-blind-safe set ("Color Universal Design", 2008);
/// on dark and high-contrast backgrounds the dark members (blue, black) are replaced by light
/// ones of the same set (sky blue, yellow) or light grey / white, so every series keeps a
/// contrast ratio of at least 3:1 against the background (WCAG 2.1, 1.4.11). The light theme
/// keeps the v1 colours (at least 2.2:1 on white; the dash patterns are the second cue). Both
/// are checked in the tests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// Fills the whole chart area; also behind label boxes (translucent) and marker outlines.
    pub background: RGBColor,
    /// Titles, legend text, annotations and the cursor line.
    pub text: RGBColor,
    /// Axis lines, tick marks, tick labels and notes.
    pub axis: RGBColor,
    /// Major grid lines.
    pub grid: RGBColor,
    /// Minor grid lines (log axes).
    pub grid_minor: RGBColor,
    /// Reference lines (`eta_min`, `eta_max`, optimum) and their labels.
    pub reference: RGBColor,
    /// Warm restarts, divergence markers and labels.
    pub alert: RGBColor,
    /// The "beyond T_max" shading (drawn translucent).
    pub shade: RGBColor,
    /// The series colours, in order of `style_index` (the cycle repeats).
    pub series: [RGBColor; 6],
    /// Factor on line widths (high contrast draws thicker lines).
    pub line_scale: f64,
}

impl Theme {
    /// Light theme (the default; the v1 picture): white background, Okabe–Ito series
    /// ([`palette::SERIES`]).
    pub const LIGHT: Theme = Theme {
        background: RGBColor(0xFF, 0xFF, 0xFF),
        text: palette::TEXT,
        axis: palette::AXIS,
        grid: palette::GRID,
        grid_minor: palette::GRID_MINOR,
        reference: palette::REFERENCE,
        alert: palette::ALERT,
        shade: palette::SHADE,
        series: palette::SERIES,
        line_scale: 1.0,
    };

    /// Dark theme: near-black `#1B1D21` background, light grey text; series sky blue, orange,
    /// bluish green, reddish purple, yellow and light grey (Okabe–Ito members that stay bright
    /// on dark).
    pub const DARK: Theme = Theme {
        background: RGBColor(0x1B, 0x1D, 0x21),
        text: RGBColor(0xE6, 0xE6, 0xE6),
        axis: RGBColor(0xB4, 0xB4, 0xB4),
        grid: RGBColor(0x3A, 0x3D, 0x43),
        grid_minor: RGBColor(0x2A, 0x2D, 0x32),
        reference: RGBColor(0x9C, 0x9C, 0x9C),
        alert: RGBColor(0xFF, 0x7F, 0x3F),
        shade: RGBColor(0x8A, 0x8A, 0x8A),
        series: [
            RGBColor(0x56, 0xB4, 0xE9),
            RGBColor(0xE6, 0x9F, 0x00),
            RGBColor(0x00, 0xB3, 0x83),
            RGBColor(0xD8, 0x8C, 0xB6),
            RGBColor(0xF0, 0xE4, 0x42),
            RGBColor(0xD0, 0xD0, 0xD0),
        ],
        line_scale: 1.0,
    };

    /// High contrast: black background, white text and frame, saturated series colours and
    /// lines half again as thick.
    pub const HIGH_CONTRAST: Theme = Theme {
        background: RGBColor(0x00, 0x00, 0x00),
        text: RGBColor(0xFF, 0xFF, 0xFF),
        axis: RGBColor(0xFF, 0xFF, 0xFF),
        grid: RGBColor(0x55, 0x55, 0x55),
        grid_minor: RGBColor(0x33, 0x33, 0x33),
        reference: RGBColor(0xD0, 0xD0, 0xD0),
        alert: RGBColor(0xFF, 0x60, 0x60),
        shade: RGBColor(0xA0, 0xA0, 0xA0),
        series: [
            RGBColor(0x56, 0xB4, 0xE9),
            RGBColor(0xFF, 0xB0, 0x00),
            RGBColor(0x00, 0xE0, 0xA0),
            RGBColor(0xFF, 0x99, 0xCC),
            RGBColor(0xFF, 0xFF, 0x40),
            RGBColor(0xFF, 0xFF, 0xFF),
        ],
        line_scale: 1.5,
    };

    /// The theme of a page's `theme=` value: `"light"`, `"dark"` or `"contrast"`
    /// (also `"high-contrast"`); `None` for anything else.
    pub fn named(name: &str) -> Option<Theme> {
        match name {
            "light" => Some(Theme::LIGHT),
            "dark" => Some(Theme::DARK),
            "contrast" | "high-contrast" => Some(Theme::HIGH_CONTRAST),
            _ => None,
        }
    }

    /// The colour of series style `k` (the cycle repeats).
    pub fn series_color(&self, k: usize) -> RGBColor {
        self.series[k % self.series.len()]
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::LIGHT
    }
}

impl ChartStyle {
    /// The style for rendering through plotters' `SVGBackend` (tests, previews, CLI export):
    /// like `Default` but with [`TextBackend::PlottersSvg`] and the given pixel ratio.
    pub fn svg(pixel_ratio: f64) -> Self {
        ChartStyle {
            pixel_ratio,
            text_backend: TextBackend::PlottersSvg,
            ..ChartStyle::default()
        }
    }

    /// `pixel_ratio` clamped into [0.5, 8] (NaN → 1).
    pub fn effective_pixel_ratio(&self) -> f64 {
        clamp_or(self.pixel_ratio, 0.5, 8.0, 1.0)
    }

    /// `font_scale` clamped into [0.5, 4] (NaN → 1).
    pub fn effective_font_scale(&self) -> f64 {
        clamp_or(self.font_scale, 0.5, 4.0, 1.0)
    }
}

fn clamp_or(v: f64, lo: f64, hi: f64, nan: f64) -> f64 {
    if v.is_nan() {
        nan
    } else {
        v.clamp(lo, hi)
    }
}

/// The light theme's colours ([`Theme::LIGHT`]): Okabe & Ito's colour-blind-safe set ("Color
/// Universal Design", 2008) for the data, neutral greys for the frame. The charts draw with
/// [`ChartStyle::theme`]; these constants name the default's values.
pub mod palette {
    use plotters::style::RGBColor;

    /// Okabe–Ito blue `#0072B2`: the scheduled run / the learning-rate curve.
    pub const SCHEDULE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    /// Okabe–Ito orange `#E69F00`: the constant-LR baseline.
    pub const BASELINE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    /// Okabe–Ito vermillion `#D55E00`: warm restarts and divergence.
    pub const ALERT: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    /// Mid grey `#6E6E6E`: reference lines (`eta_min`, `eta_max`, optimum).
    pub const REFERENCE: RGBColor = RGBColor(0x6E, 0x6E, 0x6E);
    /// Near-black `#222222`: text and the annotated point.
    pub const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
    /// Dark grey `#555555`: axis lines, tick marks and tick labels.
    pub const AXIS: RGBColor = RGBColor(0x55, 0x55, 0x55);
    /// Light grey `#E4E4E4`: major grid lines.
    pub const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
    /// Very light grey `#F1F1F1`: minor grid lines (log axis).
    pub const GRID_MINOR: RGBColor = RGBColor(0xF1, 0xF1, 0xF1);
    /// Grey `#9A9A9A` used (translucent) to shade the "beyond T_max" region.
    pub const SHADE: RGBColor = RGBColor(0x9A, 0x9A, 0x9A);

    /// The series colours, in order of `style_index`: Okabe–Ito blue, orange, bluish green,
    /// reddish purple, sky blue and black. Vermillion is left out (it is [`ALERT`]: restarts,
    /// divergence) and so is yellow (too light on white). Index 0 and 1 are the v1 scheduled
    /// run and baseline colours.
    pub const SERIES: [RGBColor; 6] = [
        SCHEDULE,
        BASELINE,
        RGBColor(0x00, 0x9E, 0x73),
        RGBColor(0xCC, 0x79, 0xA7),
        RGBColor(0x56, 0xB4, 0xE9),
        RGBColor(0x00, 0x00, 0x00),
    ];

    /// The colour of series style `k` (the cycle [`SERIES`] repeats).
    pub fn series_color(k: usize) -> RGBColor {
        SERIES[k % SERIES.len()]
    }
}

/// The dash patterns of the series, in order of `style_index`: alternating on/off lengths in
/// CSS pixels (an empty pattern is a solid line): solid, dashed, dotted, dash-dot, long dash,
/// dash-dot-dot. Together with [`palette::SERIES`] every series differs in colour AND dash, so
/// the series stay apart without colour (grey-scale print, colour blindness).
pub const DASH_PATTERNS: [&[f64]; 6] = [
    &[],
    &[6.0, 4.0],
    &[2.0, 3.0],
    &[9.0, 3.0, 2.0, 3.0],
    &[16.0, 5.0],
    &[9.0, 3.0, 2.0, 3.0, 2.0, 3.0],
];

/// The dash pattern (CSS px, on/off lengths; empty = solid) of series style `k` (the cycle
/// [`DASH_PATTERNS`] repeats).
pub fn dash_pattern(k: usize) -> &'static [f64] {
    DASH_PATTERNS[k % DASH_PATTERNS.len()]
}

/// Pixel sizes of one chart, derived from the area size and the [`ChartStyle`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Metrics {
    /// Device pixels per CSS pixel.
    pub pr: f64,
    /// Rendered font sizes in device pixels.
    pub tick_font: f64,
    pub title_font: f64,
    pub legend_font: f64,
    pub note_font: f64,
    /// Outer margin, small gap, tick mark length (device pixels).
    pub margin: i32,
    pub gap: i32,
    pub tick: i32,
    /// Stroke widths (device pixels).
    pub line_w: u32,
    pub thin_w: u32,
    /// Point marker radius (device pixels).
    pub point_r: i32,
    /// Dash and gap length of dashed lines (device pixels).
    pub dash: i32,
    pub dash_gap: i32,
    /// The colours.
    pub theme: Theme,
    /// Correction applied to font sizes handed to the backend.
    text_factor: f64,
}

impl Metrics {
    /// Sizes for an area of `w × h` device pixels.
    pub fn new(w: u32, h: u32, style: &ChartStyle) -> Self {
        let pr = style.effective_pixel_ratio();
        let fs = style.effective_font_scale();
        let css_w = f64::from(w) / pr;
        let css_h = f64::from(h) / pr;
        let narrow = css_w < 480.0 || css_h < 240.0;
        let base = if narrow {
            11.0
        } else if css_w < 900.0 {
            12.0
        } else if css_w < 1300.0 {
            13.0
        } else {
            14.0
        };
        let floor = if style.min_font.is_finite() {
            style.min_font.clamp(0.0, 200.0)
        } else {
            0.0
        };
        // The smallest font is the note's (0.95 of the base).
        let f = (base * fs).max(floor / 0.95) * pr;
        let px = |css: f64| (css * pr).round().max(1.0) as i32;
        let wide = css_w >= 1000.0;
        let theme = style.theme;
        let ls = if theme.line_scale.is_finite() {
            theme.line_scale.clamp(0.5, 4.0)
        } else {
            1.0
        };
        let px_l = |css: f64| (css * pr * ls).round().max(1.0) as i32;
        Metrics {
            pr,
            tick_font: f,
            title_font: f * 1.08,
            legend_font: f,
            note_font: f * 0.95,
            margin: px(if narrow { 6.0 } else { 10.0 }),
            gap: px(4.0),
            tick: px(4.0),
            line_w: px_l(if wide { 2.5 } else { 2.0 }) as u32,
            thin_w: px_l(1.0) as u32,
            point_r: px(if wide { 3.0 } else { 2.5 }),
            dash: px(6.0),
            dash_gap: px(4.0),
            theme,
            text_factor: match style.text_backend {
                TextBackend::Canvas => 1.0,
                TextBackend::PlottersSvg => 1.24,
            },
        }
    }

    /// The dash pattern of series style `k` in device pixels (empty = solid).
    pub fn dash_of(&self, k: usize) -> Vec<f64> {
        dash_pattern(k)
            .iter()
            .map(|l| (l * self.pr).max(1.0))
            .collect()
    }

    /// Scale a CSS length to device pixels (≥ 1).
    pub fn px(&self, css: f64) -> i32 {
        (css * self.pr).round().max(1.0) as i32
    }

    /// A sans-serif text style that renders at `size` device pixels on this backend.
    pub fn font(&self, size: f64, color: RGBColor) -> TextStyle<'static> {
        let font = FontDesc::new(
            FontFamily::SansSerif,
            size * self.text_factor,
            FontStyle::Normal,
        );
        let mut style = TextStyle::from(font);
        style.color = color.to_backend_color();
        style
    }
}

/// A conservative estimate of the rendered width of `text` at font size `size` (pixels).
///
/// Per-character advance widths in em, rounded up from DejaVu Sans (one of the widest common
/// sans-serif faces), so that labels laid out with it never collide with browsers' narrower
/// default sans-serif fonts (Arial, Helvetica, Roboto).
pub(crate) fn text_width(text: &str, size: f64) -> i32 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            '0'..='9' => 0.64,
            '.' | ',' | ':' | ';' | ' ' | '!' | '\'' | '|' => 0.33,
            '-' => 0.37,
            '(' | ')' | '[' | ']' => 0.4,
            '+' | '=' | '<' | '>' | '≥' | '≤' | '×' => 0.84,
            '_' => 0.5,
            'i' | 'j' | 'l' => 0.28,
            'f' | 't' | 'r' => 0.41,
            'm' | 'w' => 0.98,
            'a'..='z' => 0.62,
            'I' => 0.3,
            'M' | 'W' => 1.0,
            'A'..='Z' => 0.74,
            _ => 0.8,
        })
        .sum();
    (em * size).ceil() as i32
}

/// The height of one line of text at font size `size` (pixels), for layout.
pub(crate) fn text_height(size: f64) -> i32 {
    (size * 1.15).ceil() as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2.1 relative luminance of an sRGB colour.
    fn luminance(c: RGBColor) -> f64 {
        let ch = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c.0) + 0.7152 * ch(c.1) + 0.0722 * ch(c.2)
    }

    fn contrast(a: RGBColor, b: RGBColor) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn min_font_is_a_floor_in_css_pixels() {
        for (w, h) in [(300, 200), (600, 300), (1600, 800)] {
            for pr in [1.0, 2.0] {
                let style = ChartStyle {
                    pixel_ratio: pr,
                    font_scale: 1.45,
                    min_font: 20.0,
                    ..ChartStyle::default()
                };
                let m = Metrics::new((w as f64 * pr) as u32, (h as f64 * pr) as u32, &style);
                for f in [m.tick_font, m.legend_font, m.note_font, m.title_font] {
                    assert!(f / pr >= 20.0 - 1e-9, "{w}x{h}@{pr}: {f}");
                }
            }
        }
        // No floor by default: the sizes are the scale's.
        let m = Metrics::new(600, 300, &ChartStyle::default());
        assert_eq!(m.tick_font, 12.0);
    }

    #[test]
    fn every_theme_keeps_series_and_text_readable() {
        for (name, t) in [
            ("light", Theme::LIGHT),
            ("dark", Theme::DARK),
            ("contrast", Theme::HIGH_CONTRAST),
        ] {
            for (k, c) in t.series.iter().enumerate() {
                assert!(
                    contrast(*c, t.background) >= 2.2,
                    "{name}: series {k} contrast {:.2}",
                    contrast(*c, t.background)
                );
            }
            assert!(contrast(t.text, t.background) >= 7.0, "{name}: text");
            assert!(contrast(t.axis, t.background) >= 4.5, "{name}: axis labels");
            assert!(contrast(t.alert, t.background) >= 3.0, "{name}: alert");
            let mut distinct = t.series.to_vec();
            distinct.dedup();
            assert_eq!(distinct.len(), 6, "{name}: distinct series colours");
            assert_eq!(Theme::named(name), Some(t));
        }
        // On dark backgrounds every series colour is at least 3:1 (WCAG non-text contrast).
        for t in [Theme::DARK, Theme::HIGH_CONTRAST] {
            assert!(t.series.iter().all(|c| contrast(*c, t.background) >= 3.0));
        }
        assert_eq!(Theme::named("sepia"), None);
        assert_eq!(ChartStyle::default().theme, Theme::LIGHT);
    }
}
