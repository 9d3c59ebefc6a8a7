use super::*;

fn page(html: &str) -> Result<PageDraft, PageError> {
    read_page(html.as_bytes(), &Origin::default())
}

#[test]
fn an_inline_read_also_box_and_the_comments_go_and_the_article_stays() {
    let html = r#"<html><head><title>محادثات أستانا - موقع</title></head><body>
<nav><a href="/">الرئيسية</a> <a href="/a">سياسة</a></nav>
<article><h1>اتفاق على مناطق خفض التصعيد</h1>
<p>وقعت روسيا وتركيا وإيران في أستانا مذكرة تفاهم لإقامة أربع مناطق لخفض التصعيد في سوريا، تشمل إدلب وريف حمص الشمالي والغوطة الشرقية والجنوب.</p>
<p>وانسحب وفد المعارضة المسلحة من الجلسة الختامية احتجاجا على دور إيران بوصفها دولة ضامنة، وطالب بضمانات لوقف القصف.</p>
<p><strong>اقرأ أيضا:</strong> <a href="/x">عنوان مقال آخر عن الجولة السابقة</a></p>
<p>وقال رئيس الوفد الروسي ألكسندر لافرنتييف إن المذكرة تدخل حيز التنفيذ بعد يومين من توقيعها.</p>
</article>
<div class="comments"><h3>التعليقات</h3><p>تعليق القارئ هنا</p></div>
</body></html>"#;
    let p = page(html).unwrap();
    let paragraphs: Vec<&str> = p.text.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 3, "{}", p.text);
    assert!(paragraphs[0].starts_with("وقعت روسيا"));
    assert!(paragraphs[2].starts_with("وقال رئيس الوفد"));
    assert!(
        !p.text.contains("اقرأ") && !p.text.contains("تعليق"),
        "{}",
        p.text
    );
    assert_eq!(p.title.as_deref(), Some("اتفاق على مناطق خفض التصعيد"));
    assert_eq!((p.date, p.source, p.url), (None, None, None));
}

#[test]
fn the_date_under_the_headline_wins_over_the_top_bar_s() {
    let html = "<html><body><div>اليوم: 10 كانون الأول 2024</div><h1>عنوان الخبر عن أستانا</h1><div>الخميس 4 أيار/مايو 2017</div>\
<p>وقعت روسيا وتركيا وإيران في أستانا مذكرة تفاهم لإقامة أربع مناطق لخفض التصعيد في سوريا، تشمل إدلب وريف حمص الشمالي والغوطة الشرقية والجنوب.</p></body></html>";
    let p = page(html).unwrap();
    assert_eq!(p.date.as_deref(), Some("2017-05-04"));
    assert!(p.text.starts_with("وقعت روسيا"), "{}", p.text);
}

#[test]
fn a_page_in_a_script_without_spaces_has_an_article() {
    let html = "<html><body><article><p>先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで20代の男性が逮捕されたというニュースを耳にしました。</p></article></body></html>";
    assert!(page(html).is_ok());
}
