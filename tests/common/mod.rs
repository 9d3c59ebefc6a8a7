//! A small corpus with hand-made extractions, so explorer tests do not
//! depend on the extractor's output: every mention is found by searching
//! the text, so its offsets are real.

#![allow(dead_code)]

use astana::corpus::{Article, ArticleMeta, Corpus, LoadWarning};
use astana::extract::{Entity, EntityKind, Extraction, Extractor, Field, Guarantor, Mention};
pub use astana::tui::AppOptions;
use astana::tui::{Action, App, Effect};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// An entity of `kind` with a mention at every occurrence of `needle` in `text`.
fn entity(kind: EntityKind, key: &str, name: &str, needle: &str, text: &str) -> Entity {
    let mentions = text
        .match_indices(needle)
        .map(|(at, m)| Mention::new(Field::Text, at as u32, (at + m.len()) as u32))
        .collect();
    Entity::new(kind, [key, name, needle], None, mentions)
}

fn article(
    id: &str,
    title: &str,
    text: &str,
    round: Option<u8>,
    guarantors: &[Guarantor],
    entities: &[(EntityKind, &str, &str, &str)],
) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        path: None,
        meta: ArticleMeta {
            date: Some("2017-05-04".into()),
            source: Some("seed".into()),
            url: None,
        }
        .boxed(),
        text: text.into(),
        title_is_separate: true,
        extraction: Extraction {
            round,
            guarantors: guarantors.into(),
            entities: entities
                .iter()
                .map(|(kind, key, name, needle)| entity(*kind, key, name, needle, text))
                .collect(),
        },
    }
}

pub const MEMO_TEXT: &str = "وقعت الدول الضامنة لمحادثات أستانا 4 (روسيا وإيران وتركيا) على مذكرة تفاهم لإنشاء مناطق خفض التصعيد في سوريا.\n\nووقع عن الجانب الروسي ألكسندر لافرنتييف، وعن الجانب الإيراني حسين جابري أنصاري.\nوتشمل المناطق إدلب وريف حمص الشمالي. وقال لافرنتييف إن إيران ملتزمة بالمذكرة.";

/// Six articles: rounds 4, 6 and 20, one without a round or guarantors,
/// one long enough to scroll, and one whose title carries escape sequences.
pub fn corpus() -> Corpus {
    use EntityKind::{Person, Place};
    const GUARANTOR: EntityKind = EntityKind::Guarantor;
    use Guarantor::{Iran, Russia, Turkey};
    let long_text: String = (1..=40)
        .map(|i| format!("الفقرة {i}: ناقش الوفد الروسي مع الوفد التركي ملف إدلب."))
        .collect::<Vec<_>>()
        .join("\n");
    let articles = vec![
        article(
            "memo-4",
            "الدول الضامنة توقع مذكرة مناطق خفض التصعيد في أستانا 4",
            MEMO_TEXT,
            Some(4),
            &[Iran, Russia, Turkey],
            &[
                (GUARANTOR, "iran", "Iran", "إيران"),
                (GUARANTOR, "russia", "Russia", "روسيا"),
                (Person, "lavrentiev", "Alexander Lavrentiev", "لافرنتييف"),
                (
                    Person,
                    "ansari",
                    "Hossein Jaberi Ansari",
                    "حسين جابري أنصاري",
                ),
                (Place, "idlib", "Idlib", "إدلب"),
            ],
        ),
        article(
            "zones-6",
            "أستانا 6: التوافق على حدود منطقة إدلب",
            "اتفقت تركيا وإيران وروسيا في أستانا على حدود منطقة إدلب.",
            Some(6),
            &[Iran, Russia, Turkey],
            &[
                (GUARANTOR, "turkey", "Turkey", "تركيا"),
                (Place, "idlib", "Idlib", "إدلب"),
            ],
        ),
        article(
            "final-20",
            "البيان الختامي للجولة 20 من محادثات أستانا",
            "دعت كازاخستان إلى إنهاء صيغة أستانا، وقال الوفد الروسي إن الجولة المقبلة في روسيا.",
            Some(20),
            &[Russia],
            &[
                (GUARANTOR, "russia", "Russia", "روسيا"),
                (Place, "kazakhstan", "Kazakhstan", "كازاخستان"),
            ],
        ),
        article(
            "no-round",
            "لقاء في جنيف حول الدستور السوري",
            "اجتمع المبعوث الأممي مع اللجنة الدستورية في جنيف.",
            None,
            &[],
            &[(Place, "geneva", "Geneva", "جنيف")],
        ),
        article(
            "long-7",
            "أستانا 7: جلسات مطولة حول المعتقلين",
            &long_text,
            Some(7),
            &[Russia, Turkey],
            &[(Place, "idlib", "Idlib", "إدلب")],
        ),
        article(
            "hostile",
            "Escape \u{1b}[2J title \u{202e}reversed",
            "Text with \u{1b}]52;c;SGVsbG8=\u{7} inside.",
            None,
            &[],
            &[],
        ),
    ];
    Corpus {
        articles,
        warnings: vec![LoadWarning {
            file: "broken.jsonl".into(),
            line: Some(3),
            message: "not JSON: expected value".into(),
        }],
    }
}

/// The explorer on the test corpus, sized `width`×`height`.
pub fn app_with(options: AppOptions, width: u16, height: u16) -> App {
    let mut app = App::new(corpus(), &Extractor::builtin(), options);
    app.update(Action::Resize(width, height));
    app
}

pub fn app(width: u16, height: u16) -> App {
    app_with(AppOptions::default(), width, height)
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Feeds one key through the keymap and `update`, as the runtime does.
pub fn press(app: &mut App, key: KeyEvent) -> Option<Effect> {
    let action = astana::tui::action_for(key, app)?;
    app.update(action)
}

pub fn chars(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

/// Types each character of `text` as a key press.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, chars(c));
    }
}
