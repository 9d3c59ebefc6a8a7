//! Page shapes of Arabic news sites, each wrapping an article in the
//! boilerplate such sites put around it, and what a reader of the page
//! should get: the article's text, title, date, outlet and address.

use super::articles::Article;
use serde_json::json;

pub struct Page {
    pub name: String,
    pub bytes: Vec<u8>,
    /// The page's own URL, when it is known (a web archive's record).
    pub page_url: Option<String>,
    pub text: String,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// Phrases of the boilerplate below: none may reach an article's text.
pub const BOILERPLATE: &[&str] = &[
    "الرئيسية",
    "اتصل بنا",
    "عاجل",
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "إقرأ أيضا",
    "الأكثر قراءة",
    "الأكثر مشاهدة",
    "مقالات ذات صلة",
    "أخبار ذات صلة",
    "شارك هذا المقال",
    "اترك تعليقاً",
    "لن يتم نشر عنوان بريدك الإلكتروني",
    "تعليقات",
    "جميع الحقوق محفوظة",
    "ملفات تعريف الارتباط",
    "اشترك في النشرة",
    "تابعونا على",
    "الوسوم",
    "المصدر:",
    "إعلان",
    "القارئ",
    "كلمات مفتاحية",
    "مواضيع ذات صلة",
];

fn related(a: &Article) -> String {
    format!("تحليل: ما الذي تغير في سوريا منذ {}", a.written_date(false))
}

fn paragraphs_html(a: &Article, between: &str) -> String {
    a.paragraphs
        .iter()
        .map(|p| format!("<p>{p}</p>"))
        .collect::<Vec<_>>()
        .join(between)
}

/// WordPress theme: menus, a ticker, post meta, an inline «اقرأ أيضا» box
/// inside the body, share bar, tags, related posts, comments and the reply
/// form, a «most read» sidebar; OpenGraph and article:published_time.
pub fn wordpress(a: &Article) -> Page {
    let mut body = String::new();
    for (i, p) in a.paragraphs.iter().enumerate() {
        body.push_str(&format!("<p>{p}</p>\n"));
        if i == 1 {
            body.push_str(&format!(
                "<div class=\"read-also\"><h4>اقرأ أيضاً</h4><ul><li><a href=\"/x/1\">{}</a></li><li><a href=\"/x/2\">روسيا ترحب بنتائج الاجتماع الثلاثي</a></li></ul></div>\n",
                related(a)
            ));
        }
    }
    let html = format!(
        r##"<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8">
<title>{title} &#8211; {source}</title>
<meta property="og:locale" content="ar_AR">
<meta property="og:type" content="article">
<meta property="og:title" content="{title} &#8211; {source}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{source}">
<meta property="article:published_time" content="{time}">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="/wp-content/themes/news/style.css">
<script>var wpdata = {{"ajax":"/wp-admin/admin-ajax.php"}};</script>
</head>
<body class="post-template-default single single-post">
<header id="masthead"><div class="site-branding"><a href="/">{source}</a></div>
<nav class="main-navigation"><ul><li><a href="/">الرئيسية</a></li><li><a href="/c/syria">سوريا</a></li><li><a href="/c/world">عربي ودولي</a></li><li><a href="/contact">اتصل بنا</a></li></ul></nav>
<div class="ticker"><span>عاجل</span><ul><li><a href="/t/1">انفجار في ريف حلب الشمالي</a></li><li><a href="/t/2">ارتفاع أسعار المحروقات</a></li></ul></div>
</header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-1234" class="post-1234 post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta"><span class="posted-on"><a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{time}">{written}</time></a></span> <span class="byline">بواسطة <a href="/author/admin">المحرر</a></span></div></header>
<div class="entry-content">
{body}</div>
<div class="share-buttons"><span>شارك هذا المقال</span> <a href="https://facebook.example/share">فيسبوك</a> <a href="https://twitter.example/share">تويتر</a> <a href="https://wa.example/share">واتساب</a></div>
<footer class="entry-footer"><span class="tags-links">الوسوم: <a href="/tag/astana" rel="tag">أستانا</a>، <a href="/tag/syria" rel="tag">سوريا</a></span></footer>
</article>
<div class="related-posts"><h3>مقالات ذات صلة</h3><ul><li><a href="/r/1">موسكو تستضيف اجتماعا لوزراء الدفاع</a></li><li><a href="/r/2">أنقرة تعزز نقاط المراقبة في الشمال</a></li><li><a href="/r/3">دمشق تعلن فتح معبر جديد</a></li></ul></div>
<div id="comments" class="comments-area"><h2 class="comments-title">3 تعليقات</h2>
<ol class="comment-list"><li class="comment"><div class="comment-author">أبو محمد</div><div class="comment-content"><p>كلام جميل لكن الواقع على الأرض مختلف تماما، ولا أحد يصدق هذه الاتفاقات بعد كل ما جرى.</p></div></li>
<li class="comment"><div class="comment-author">سامر</div><div class="comment-content"><p>متى سيعود اللاجئون إلى بيوتهم؟ هذا هو السؤال الذي لم يجب عنه أحد في هذه الاجتماعات.</p></div></li></ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">اترك تعليقاً</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-notes">لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *</p>
<p class="comment-form-comment"><label for="comment">التعليق</label><textarea id="comment" name="comment"></textarea></p>
<p class="form-submit"><input name="submit" type="submit" value="إرسال التعليق"></p></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">الأكثر قراءة</h2><ul><li><a href="/m/1">أسعار الذهب اليوم في دمشق</a></li><li><a href="/m/2">نتائج امتحانات الشهادة الثانوية</a></li><li><a href="/m/3">حالة الطقس في الأيام المقبلة</a></li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><p>جميع الحقوق محفوظة © {source} 2024</p><a href="/privacy">سياسة الخصوصية</a></footer>
</body></html>"##,
        title = a.title,
        source = a.source,
        url = a.url(),
        time = a.iso_time(),
        written = a.written_date(false),
    );
    Page {
        name: "wordpress".into(),
        bytes: html.into_bytes(),
        page_url: None,
        text: a.text(),
        title: a.title.into(),
        date: Some(a.iso_time()),
        source: Some(a.source.into()),
        url: Some(a.url()),
    }
}

/// AMP page: JSON-LD NewsArticle, amp-* elements, a sidebar menu and the
/// canonical link to the page's HTML version.
pub fn amp(a: &Article) -> Page {
    let amp_url = format!("{}/amp", a.url());
    let ld = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": a.url()},
        "headline": a.title,
        "datePublished": a.iso_time(),
        "dateModified": a.iso_time(),
        "image": {"@type": "ImageObject", "url": format!("https://{}/img/1.jpg", a.host)},
        "author": {"@type": "Person", "name": "قسم الأخبار"},
        "publisher": {"@type": "NewsMediaOrganization", "name": a.source, "logo": {"@type": "ImageObject", "url": format!("https://{}/logo.png", a.host)}}
    });
    let html = format!(
        r##"<!doctype html>
<html ⚡ lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{title} | {source}</title>
<link rel="canonical" href="{url}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<script async src="https://cdn.ampproject.example/v0.js"></script>
<script type="application/ld+json">{ld}</script>
<style amp-custom>body {{ font-family: serif; }}</style>
</head>
<body>
<amp-sidebar id="menu" layout="nodisplay" side="right"><ul><li><a href="/">الرئيسية</a></li><li><a href="/syria">سوريا</a></li><li><a href="/video">فيديو</a></li></ul></amp-sidebar>
<header class="amp-header"><button on="tap:menu.toggle">☰</button><a href="/">{source}</a></header>
<amp-ad width="320" height="50" type="adsense" data-ad-slot="123"><div placeholder>إعلان</div></amp-ad>
<article class="amp-article">
<h1>{title}</h1>
<div class="amp-meta"><span>{written}</span></div>
<amp-img src="/img/1.jpg" width="600" height="400" layout="responsive" alt="صورة"></amp-img>
<div class="amp-body">
{paras}
</div>
<amp-social-share type="facebook"></amp-social-share><amp-social-share type="twitter"></amp-social-share>
</article>
<section class="amp-related"><h2>أخبار ذات صلة</h2><ul><li><a href="/r/1">{related}</a></li><li><a href="/r/2">ترحيب أممي بنتائج الجولة</a></li></ul></section>
<footer class="amp-footer"><p>جميع الحقوق محفوظة لـ {source}</p></footer>
</body></html>"##,
        title = a.title,
        source = a.source,
        url = a.url(),
        ld = ld,
        written = a.written_date(true),
        paras = paragraphs_html(
            a,
            "\n<amp-ad width=\"300\" height=\"250\" type=\"adsense\"><div placeholder>إعلان</div></amp-ad>\n"
        ),
        related = related(a),
    );
    Page {
        name: "amp".into(),
        bytes: html.into_bytes(),
        page_url: Some(amp_url),
        text: a.text(),
        title: a.title.into(),
        date: Some(a.iso_time()),
        source: Some(a.source.into()),
        url: Some(a.url()),
    }
}

/// A modern news site: JSON-LD `@graph` whose publisher is a reference,
/// og:title with the site's suffix and no og:site_name, a cookie banner, an
/// inline «اقرأ أيضا» paragraph, a figure, «المصدر: … + وكالات» at the end.
pub fn graph_site(a: &Article) -> Page {
    let org = format!("https://{}/#organization", a.host);
    let ld = json!({
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": org, "name": a.source, "url": format!("https://{}/", a.host)},
            {"@type": "WebSite", "@id": format!("https://{}/#website", a.host), "publisher": {"@id": org}},
            {"@type": ["NewsArticle"], "headline": a.title, "datePublished": a.iso_time(), "publisher": {"@id": org}, "mainEntityOfPage": a.url()}
        ]
    });
    let mut body = String::new();
    for (i, p) in a.paragraphs.iter().enumerate() {
        body.push_str(&format!("<p>{p}</p>\n"));
        if i == 0 {
            body.push_str(&format!(
                "<p><strong>اقرأ أيضا:</strong> <a href=\"/r/9\">{}</a></p>\n<figure><img src=\"/i.jpg\" alt=\"\"><figcaption>أرشيفية</figcaption></figure>\n",
                related(a)
            ));
        }
    }
    let html = format!(
        r##"<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title} | {source}</title>
<meta property="og:title" content="{title} | {source}">
<meta property="og:type" content="article">
<link rel="canonical" href="{url}">
<script type="application/ld+json">{ld}</script>
</head><body>
<div class="cookie-banner" role="dialog"><p>نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا.</p><button>موافق</button></div>
<header class="site-header"><a class="logo" href="/">{source}</a><nav><a href="/">الرئيسية</a> <a href="/news">أخبار</a> <a href="/opinion">آراء</a> <a href="/sport">رياضة</a></nav></header>
<nav class="breadcrumbs"><a href="/">الرئيسية</a> › <a href="/news">أخبار</a> › <span>سوريا</span></nav>
<main><article class="article">
<h1 class="article-title">{title}</h1>
<div class="article-dates"><time datetime="{time}">{written}</time></div>
<div class="article-body">
{body}<p>المصدر: {source} + وكالات</p>
</div>
</article>
<section class="most-read"><h2>الأكثر قراءة</h2><ol><li><a href="/m/1">مباراة الديربي تنتهي بالتعادل</a></li><li><a href="/m/2">وفاة فنان معروف عن عمر ناهز ثمانين عاما</a></li></ol></section>
<div class="newsletter"><h3>اشترك في النشرة البريدية</h3><form><input type="email" placeholder="بريدك الإلكتروني"><button>اشترك</button></form></div>
</main>
<footer><p>تابعونا على <a href="#">فيسبوك</a> و<a href="#">تويتر</a></p><p>جميع الحقوق محفوظة</p></footer>
</body></html>"##,
        title = a.title,
        source = a.source,
        url = a.url(),
        ld = ld,
        time = a.iso_time(),
        written = a.written_date(false),
        body = body,
    );
    Page {
        name: "json-ld graph".into(),
        bytes: html.into_bytes(),
        page_url: None,
        text: a.text(),
        title: a.title.into(),
        date: Some(a.iso_time()),
        source: Some(a.source.into()),
        url: Some(a.url()),
    }
}

/// An old site of tables: a menu column, the title in `<font>`, the date
/// only as text, paragraphs separated by `<br><br>`; the site's name after
/// the title in `<title>`. `encoding` writes the bytes (windows-1256 or
/// ISO-8859-6), `declare` says it in a `<meta http-equiv>`.
pub fn table_layout(a: &Article, encoding: &'static encoding_rs::Encoding, declare: bool) -> Page {
    let meta = if declare {
        format!(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset={}\">",
            encoding.name().to_ascii_lowercase()
        )
    } else {
        String::new()
    };
    let html = format!(
        r##"<html>
<head>{meta}
<title>{title} - {source}</title>
</head>
<body bgcolor="#FFFFFF" dir="rtl">
<table width="780" border="0" cellpadding="0" cellspacing="0" align="center">
<tr><td colspan="2"><img src="/images/banner.gif" width="780" height="90"></td></tr>
<tr><td colspan="2" bgcolor="#003366"><font color="#FFFFFF" size="2">اليوم: 10 كانون الأول 2024</font></td></tr>
<tr>
<td width="160" valign="top" bgcolor="#EEEEEE">
<table><tr><td><a href="/index.htm">الرئيسية</a></td></tr><tr><td><a href="/arab.htm">أخبار عربية</a></td></tr><tr><td><a href="/world.htm">أخبار عالمية</a></td></tr><tr><td><a href="/contact.htm">اتصل بنا</a></td></tr></table>
</td>
<td width="620" valign="top">
<font size="4" color="#990000"><b>{title}</b></font><br>
<font size="1" color="#666666">{written}</font><br><br>
<font size="3">{paras}<br><br>المصدر: {source} + وكالات</font>
<br><br><hr>
<font size="1">جميع الحقوق محفوظة © {source}</font>
</td>
</tr>
</table>
</body>
</html>"##,
        title = a.title,
        source = a.source,
        written = a.written_date(true),
        paras = a.paragraphs.join("<br><br>\n"),
    );
    let (bytes, _, unmappable) = encoding.encode(&html);
    assert!(!unmappable || encoding != encoding_rs::WINDOWS_1256);
    let url = format!("http://{}{}.htm", a.host, a.path);
    Page {
        name: format!(
            "table layout, {} {}",
            encoding.name(),
            if declare { "declared" } else { "undeclared" }
        ),
        bytes: bytes.into_owned(),
        page_url: Some(url.clone()),
        text: a.text(),
        title: a.title.into(),
        date: Some(a.iso_day()),
        source: Some(a.host.trim_start_matches("www.").into()),
        url: Some(url),
    }
}

/// Broken markup: unclosed paragraphs and cells, forms inside forms, a
/// stray end tag, no `</body>`, JSON-LD with raw line breaks in a string.
pub fn broken(a: &Article) -> Page {
    let ld = format!(
        "{{\"@context\":\"https://schema.org\",\"@type\":\"Article\",\"headline\":\"{}\",\n\"datePublished\":\"{}\",\"description\":\"سطر\nثان\",\"publisher\":{{\"@type\":\"Organization\",\"name\":\"{}\"}}}}",
        a.title,
        a.iso_day(),
        a.source
    );
    let paras: String = a.paragraphs.iter().map(|p| format!("<p>{p}\n")).collect();
    let html = format!(
        r##"<html><head><meta charset=utf-8><title>{title}</title>
<script type="application/ld+json">{ld}</script>
<body><div id=wrap><div class=menu><a href=/>الرئيسية</a> | <a href=/contact>اتصل بنا</a>
<form id=search><input name=q><form id=inner><input name=x></form>
<div class=content></td><div class=story>
<h1>{title}</h2>
{paras}</div></span>
<div class=tags>الوسوم: <a href=/t/1>أستانا</a>
<div class=foot>جميع الحقوق محفوظة
"##,
        title = a.title,
        ld = ld,
        paras = paras,
    );
    Page {
        name: "broken markup".into(),
        bytes: html.into_bytes(),
        page_url: None,
        text: a.text(),
        title: a.title.into(),
        date: Some(a.iso_day()),
        source: Some(a.source.into()),
        url: None,
    }
}

/// A blog platform: the post body as text and `<br>`s in a `<div>`, the
/// date only in `<time datetime>`, a title prefixed with the blog's name,
/// the canonical address giving the outlet's host.
pub fn blog(a: &Article) -> Page {
    let html = format!(
        r##"<!DOCTYPE html><html dir="rtl"><head><meta charset="UTF-8">
<title>{host}: {title}</title>
<link rel="canonical" href="{url}">
</head><body>
<div class="header"><h1 class="blog-title"><a href="/">مدونة الشأن السوري</a></h1><p class="description">أخبار وتحليلات</p></div>
<div class="main"><div class="post hentry">
<h3 class="post-title entry-title">{title}</h3>
<div class="post-header"><time class="published" datetime="{day}">{written}</time></div>
<div class="post-body entry-content" id="post-body-77">{paras}</div>
<div class="post-footer">مواضيع ذات صلة: <a href="/search/label/astana">أستانا</a></div>
</div>
<div class="comments"><h4>2 تعليقات:</h4><dl><dt>مجهول</dt><dd>شكرا على المتابعة المستمرة لهذا الملف المهم يا أستاذ.</dd></dl></div>
</div>
<div class="sidebar"><h2>الأكثر مشاهدة</h2><ul><li><a href="/p/1">من هم الضامنون؟</a></li><li><a href="/p/2">خريطة مناطق السيطرة</a></li></ul></div>
</body></html>"##,
        host = a.host,
        title = a.title,
        url = a.url(),
        day = a.iso_day(),
        written = a.written_date(false),
        paras = a.paragraphs.join("<br /><br />"),
    );
    Page {
        name: "blog".into(),
        bytes: html.into_bytes(),
        page_url: None,
        text: a.text(),
        title: a.title.into(),
        date: Some(a.iso_day()),
        source: Some(a.host.trim_start_matches("www.").into()),
        url: Some(a.url()),
    }
}

/// A portal whose article sits in `<div>`s without `<article>`: meta dates
/// only (`<meta name="date">`), the site's name before the title in
/// `<title>`, og:site_name, og:url without a canonical link, a box of
/// related links and a newsletter box after the body.
pub fn portal(a: &Article) -> Page {
    let (y, m, d) = a.day;
    let html = format!(
        r##"<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{source} | {title}</title>
<meta name="date" content="{y:04}-{m:02}-{d:02} {clock}">
<meta property="og:site_name" content="{source}">
<meta property="og:url" content="{url}">
</head><body>
<div id="top"><a href="/">الرئيسية</a> <a href="/about">من نحن</a> <a href="/contact">اتصل بنا</a></div>
<div id="ticker">عاجل: <a href="/b/1">اجتماع طارئ لمجلس الأمن</a></div>
<div id="page"><div class="col-main">
<div class="news-title"><h2>{title}</h2></div>
<div class="news-date">{written}</div>
<div class="news-text">{paras}</div>
<div class="news-related"><b>أخبار ذات صلة</b><br><a href="/n/1">{related}</a><br><a href="/n/2">لقاء وزاري في موسكو</a></div>
<div class="news-share">شارك هذا المقال: <a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
</div>
<div class="col-side"><div class="box"><div class="box-title">الأكثر قراءة</div><a href="/s/1">أسعار صرف الليرة</a><br><a href="/s/2">قرار جديد بشأن الرواتب</a></div>
<div class="box"><div class="box-title">اشترك في النشرة</div><input type="text"></div></div>
</div>
<div id="footer">جميع الحقوق محفوظة © 2024 {source}</div>
</body></html>"##,
        source = a.source,
        title = a.title,
        url = a.url(),
        clock = &a.time[..8],
        written = a.written_date(true),
        paras = paragraphs_html(a, "\n"),
        related = related(a),
    );
    Page {
        name: "portal".into(),
        bytes: html.into_bytes(),
        page_url: None,
        text: a.text(),
        title: a.title.into(),
        date: Some(format!("{}T{}", a.iso_day(), &a.time[..8])),
        source: Some(a.source.into()),
        url: Some(a.url()),
    }
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Twenty pages: ten articles, each in one or more of the shapes.
pub fn fixtures() -> Vec<Page> {
    let a = &super::articles::ARTICLES;
    let mut gz = graph_site(&a[3]);
    gz.name = "json-ld graph, gzip".into();
    gz.bytes = gzip(&gz.bytes);
    vec![
        wordpress(&a[0]),
        wordpress(&a[5]),
        amp(&a[1]),
        amp(&a[6]),
        graph_site(&a[2]),
        graph_site(&a[7]),
        gz,
        table_layout(&a[3], encoding_rs::WINDOWS_1256, true),
        table_layout(&a[8], encoding_rs::WINDOWS_1256, false),
        table_layout(&a[5], encoding_rs::WINDOWS_1256, false),
        table_layout(&a[4], encoding_rs::ISO_8859_6, true),
        table_layout(&a[9], encoding_rs::ISO_8859_6, false),
        broken(&a[0]),
        broken(&a[8]),
        blog(&a[1]),
        blog(&a[6]),
        portal(&a[2]),
        portal(&a[7]),
        portal(&a[9]),
        wordpress(&a[4]),
    ]
}
