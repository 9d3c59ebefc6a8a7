//! Feeds (RSS 0.91/2.0, Atom, JSON Feed) on files the tests write: each
//! item an article with its title, url, date, source and plain text; bad
//! feeds one warning naming the file, the rest loading.

use astana::corpus::{Article, Corpus, load_paths};
use astana::extract::Extractor;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

fn load(paths: &[PathBuf]) -> Corpus {
    load_paths(paths, &Extractor::builtin(), None).unwrap()
}

fn warnings(corpus: &Corpus) -> Vec<String> {
    corpus.warnings.iter().map(|w| w.to_string()).collect()
}

/// Title, url, date, source and text of an article.
fn fields(a: &Article) -> (&str, Option<&str>, Option<&str>, Option<&str>, &str) {
    (&a.title, a.url(), a.date(), a.source(), &a.text)
}

const BODY: &str = "أعلنت الدول الضامنة في ختام الجولة الرابعة من محادثات أستانا اتفاقها على إنشاء مناطق لتخفيف التصعيد في سوريا، وقال رئيس الوفد الروسي إن المذكرة تدخل حيز التنفيذ خلال أيام، فيما علقت المعارضة مشاركتها في الجلسة العامة احتجاجا على دور إيران.";

fn rss2(channel_title: &str, pub_date: &str) -> String {
    format!(
        r#"<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>{channel_title}</title><link>https://example.com/</link><description>أخبار</description>
<item><title>مذكرة مناطق تخفيف التصعيد</title><link>https://example.com/news/1</link>
<pubDate>{pub_date}</pubDate><description>ملخص قصير</description>
<content:encoded><![CDATA[<p>{BODY}</p><div class="share">شارك</div><p>الفقرة <b>الثانية</b> &amp; الأخيرة.</p>]]></content:encoded></item>
</channel></rss>"#
    )
}

#[test]
fn rss2_with_content_encoded_html_in_arabic() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "news.rss",
        rss2("وكالة الأنباء", "Thu, 04 May 2017 10:30:00 +0300"),
    );
    let corpus = load(&[path]);
    assert_eq!(warnings(&corpus), Vec::<String>::new());
    assert_eq!(corpus.articles.len(), 1);
    assert_eq!(
        fields(&corpus.articles[0]),
        (
            "مذكرة مناطق تخفيف التصعيد",
            Some("https://example.com/news/1"),
            Some("2017-05-04T07:30:00Z"),
            Some("وكالة الأنباء"),
            &*format!("{BODY}\n\nشارك\n\nالفقرة الثانية & الأخيرة.")
        )
    );
    assert_eq!(&*corpus.articles[0].id, "news:1");
}

#[test]
fn an_arabic_pubdate_is_read_with_the_date_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "ar.xml", rss2("المصدر", "الخميس 4 مايو 2017"));
    let corpus = load(&[path]);
    assert_eq!(corpus.articles[0].date(), Some("2017-05-04"));
}

#[test]
fn atom_entries_take_content_else_summary() {
    let dir = tempfile::tempdir().unwrap();
    let atom = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>شبكة الأخبار</title><id>urn:x</id><updated>2017-05-05T00:00:00Z</updated>
<entry><title>الجولة الرابعة</title><id>urn:1</id><link rel="alternate" href="https://atom.example/1"/>
<published>2017-05-04T12:00:00+03:00</published><updated>2017-05-05T00:00:00Z</updated>
<content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry>
<entry><title>ملخص فقط</title><id>urn:2</id><link href="https://atom.example/2"/><updated>2017-05-06T08:00:00Z</updated>
<summary>نص الملخص وحده.</summary></entry>
<entry><title>بلا نص</title><id>urn:3</id><updated>2017-05-06T08:00:00Z</updated></entry>
</feed>"#
    );
    let path = write(dir.path(), "site.atom", atom);
    let corpus = load(&[path]);
    let got: Vec<_> = corpus.articles.iter().map(fields).collect();
    assert_eq!(
        got,
        [
            (
                "الجولة الرابعة",
                Some("https://atom.example/1"),
                Some("2017-05-04T09:00:00Z"),
                Some("شبكة الأخبار"),
                BODY
            ),
            (
                "ملخص فقط",
                Some("https://atom.example/2"),
                Some("2017-05-06T08:00:00Z"),
                Some("شبكة الأخبار"),
                "نص الملخص وحده."
            ),
        ]
    );
    let w = warnings(&corpus);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("site.atom") && w[0].contains("item 3") && w[0].contains("no text"));
}

#[test]
fn json_feed_items_and_ordinary_json_records_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "نشرة JSON",
        "items": [
            {"id": "1", "url": "https://json.example/1", "title": "خبر أول",
             "content_html": format!("<p>{BODY}</p><p>ثانيا</p>"),
             "date_published": "2017-05-04T10:00:00Z"},
            {"id": "2", "url": "https://json.example/2", "title": "خبر نصي",
             "content_text": "سطر أول\n\nسطر ثان"}
        ]
    });
    let feed = write(dir.path(), "feed.json", feed.to_string());
    let records = write(
        dir.path(),
        "records.json",
        r#"[{"id": "r1", "title": "سجل", "text": "نص السجل"}]"#,
    );
    let corpus = load(&[feed, records]);
    assert_eq!(warnings(&corpus), Vec::<String>::new());
    let got: Vec<_> = corpus.articles.iter().map(fields).collect();
    assert_eq!(
        got,
        [
            (
                "خبر أول",
                Some("https://json.example/1"),
                Some("2017-05-04T10:00:00Z"),
                Some("نشرة JSON"),
                &*format!("{BODY}\n\nثانيا")
            ),
            (
                "خبر نصي",
                Some("https://json.example/2"),
                None,
                Some("نشرة JSON"),
                "سطر أول\n\nسطر ثان"
            ),
            ("سجل", None, None, None, "نص السجل"),
        ]
    );
}

#[test]
fn rss_091() {
    let dir = tempfile::tempdir().unwrap();
    let rss = r#"<?xml version="1.0"?>
<rss version="0.91"><channel><title>Old Wire</title><link>http://old.example/</link><description>d</description><language>ar</language>
<item><title>خبر قديم</title><link>http://old.example/a</link><description>نص الخبر القديم &lt;br&gt;&lt;br&gt;وفقرة ثانية</description></item>
</channel></rss>"#;
    let corpus = load(&[write(dir.path(), "old.xml", rss)]);
    assert_eq!(warnings(&corpus), Vec::<String>::new());
    assert_eq!(
        corpus.articles.iter().map(fields).collect::<Vec<_>>(),
        [(
            "خبر قديم",
            Some("http://old.example/a"),
            None,
            Some("Old Wire"),
            "نص الخبر القديم\n\nوفقرة ثانية"
        )]
    );
}

fn windows_1256(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn windows_1256_feeds_declared_or_not() {
    let dir = tempfile::tempdir().unwrap();
    let feed = rss2("صحيفة الوطن", "Thu, 04 May 2017 10:30:00 GMT");
    let undeclared = write(dir.path(), "undeclared.xml", windows_1256(&feed));
    let declared = write(
        dir.path(),
        "declared.rss",
        windows_1256(&format!(
            "<?xml version=\"1.0\" encoding=\"windows-1256\"?>\n{feed}"
        )),
    );
    for (path, how) in [(undeclared, "(detected)"), (declared, "(declared)")] {
        let corpus = load(std::slice::from_ref(&path));
        assert_eq!(corpus.articles.len(), 1, "{path:?}");
        let a = &corpus.articles[0];
        assert_eq!(&*a.title, "مذكرة مناطق تخفيف التصعيد");
        assert_eq!(a.source(), Some("صحيفة الوطن"));
        assert_eq!(a.date(), Some("2017-05-04T10:30:00Z"));
        assert!(a.text.starts_with(BODY), "{path:?}: {}", a.text);
        let w = warnings(&corpus);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("windows-1256") && w[0].contains(how), "{w:?}");
    }
}

#[test]
fn broken_and_non_feed_files_warn_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(
        dir.path(),
        "broken.rss",
        "<rss version=\"2.0\"><channel><title>x</title><item><title>a</item></channel>",
    );
    let other = write(
        dir.path(),
        "config.xml",
        "<?xml version=\"1.0\"?><settings><a>1</a></settings>",
    );
    let good = write(
        dir.path(),
        "good.rss",
        rss2("مصدر", "Thu, 04 May 2017 10:30:00 GMT"),
    );
    let corpus = load(&[broken, other, good]);
    assert_eq!(corpus.articles.len(), 1);
    let w = warnings(&corpus);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w[0].contains("broken.rss") && w[0].contains("broken feed"),
        "{w:?}"
    );
    assert!(!w[0].contains('\n'));
    assert!(
        w[1].contains("config.xml") && w[1].contains("not a feed"),
        "{w:?}"
    );
}

#[test]
fn list_json_shows_the_items_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "news.rss",
        rss2("وكالة الأنباء", "الخميس 4 مايو 2017"),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_astana"))
        .args(["list", "--json", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["title"], "مذكرة مناطق تخفيف التصعيد");
    assert_eq!(v[0]["url"], "https://example.com/news/1");
    assert_eq!(v[0]["date"], "2017-05-04");
    assert_eq!(v[0]["source"], "وكالة الأنباء");
}
