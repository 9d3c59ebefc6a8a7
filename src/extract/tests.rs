//! One test per rule, with sentences written for the purpose.

use super::*;

fn extract(text: &str) -> Extraction {
    Extractor::builtin().extract(None, text)
}

/// (key, role, mention texts) of the entities of a kind.
fn of_kind(text: &str, kind: EntityKind) -> Vec<(String, Option<String>, Vec<String>)> {
    extract(text)
        .entities
        .into_iter()
        .filter(|e| e.kind == kind)
        .map(|e| {
            let mentions = e
                .mentions
                .iter()
                .map(|m| text[m.range()].to_string())
                .collect();
            (e.key().to_string(), e.role.map(String::from), mentions)
        })
        .collect()
}

fn keys(text: &str, kind: EntityKind) -> Vec<String> {
    of_kind(text, kind).into_iter().map(|(k, _, _)| k).collect()
}

#[test]
fn guarantors_from_names_adjectives_and_clitics_but_not_capitals() {
    let x = extract("وقالت الخارجية الإيرانية إن الجانب التركي وافق، والروسية أيضا.");
    assert_eq!(
        *x.guarantors,
        [Guarantor::Iran, Guarantor::Russia, Guarantor::Turkey]
    );
    let x = extract("زار الوفد موسكو وأنقرة وطهران خلال أسبوع.");
    assert!(x.guarantors.is_empty());
    assert_eq!(
        keys(
            "زار الوفد موسكو وأنقرة وطهران خلال أسبوع.",
            EntityKind::Place
        ),
        ["moscow", "ankara", "tehran"]
    );
}

#[test]
fn an_adjective_is_not_the_place() {
    assert!(keys("على الأراضي السورية كافة", EntityKind::Place).is_empty());
    assert_eq!(keys("عاد اللاجئون إلى سورية", EntityKind::Place), ["syria"]);
}

#[test]
fn longest_name_wins_and_clitics_stay_outside_the_span() {
    let places = of_kind(
        "اشتدت المعارك وإدلب والغوطة الشرقية تحت القصف",
        EntityKind::Place,
    );
    assert_eq!(places[0], ("idlib".into(), None, vec!["إدلب".into()]));
    assert_eq!(
        places[1],
        ("eastern-ghouta".into(), None, vec!["الغوطة الشرقية".into()])
    );
}

#[test]
fn russia_today_is_an_outlet_only_where_cited() {
    let cited = extract("وأفاد موقع «روسيا اليوم» بأن الاجتماع تأجل");
    assert_eq!(cited.entities.iter().filter(|e| e.key() == "rt").count(), 1);
    assert!(cited.guarantors.is_empty());
    let plain = extract("وأعلنت روسيا اليوم أنها سترسل وفدا");
    assert!(plain.entities.iter().all(|e| e.key() != "rt"));
    assert_eq!(*plain.guarantors, [Guarantor::Russia]);
}

#[test]
fn ordinary_words_that_name_outlets_need_a_citation() {
    assert_eq!(
        keys("وقال مصدر لقناة العربية إن الوفد وصل", EntityKind::Agency),
        ["al-arabiya"]
    );
    assert!(keys("ترجم البيان إلى اللغة العربية", EntityKind::Agency).is_empty());
    assert_eq!(
        keys("رحبت الجامعة العربية بالاتفاق", EntityKind::Organization),
        ["arab-league"]
    );
}

#[test]
fn a_name_followed_by_a_veto_word_is_something_else() {
    assert!(keys("قصفت الطائرات القاعدة الجوية", EntityKind::Organization).is_empty());
    assert_eq!(
        keys("فصائل مرتبطة بالقاعدة في الشمال", EntityKind::Organization),
        ["al-qaeda"]
    );
}

#[test]
fn people_after_a_title_keep_the_title_as_role() {
    let people = of_kind(
        "وقال وزير الخارجية الأردني أيمن الصفدي إن بلاده تدعم الحل.",
        EntityKind::Person,
    );
    assert_eq!(
        people,
        [(
            "ar:ايمن الصفدي".into(),
            Some("وزير الخارجية الأردني".into()),
            vec!["أيمن الصفدي".into()]
        )]
    );
}

#[test]
fn a_name_ends_before_a_headline_verb_and_may_start_with_a_particle() {
    assert_eq!(
        keys(
            "الرئيس محمود عباس يستقبل وفدا من الفصائل",
            EntityKind::Person
        ),
        ["ar:محمود عباس"]
    );
    assert_eq!(
        keys(
            "وقال وزير الخارجية اللبناني عبد الله بو حبيب إن بلاده",
            EntityKind::Person
        ),
        ["ar:عبد الله بو حبيب"]
    );
}

#[test]
fn a_name_ends_before_an_outlet_or_place_word() {
    let people = of_kind(
        "وقال مدير المكتب فادي خليل لوكالة الأنباء إن الطريق مغلق",
        EntityKind::Person,
    );
    assert_eq!(people[0].2, ["فادي خليل"]);
}

#[test]
fn a_quoted_or_comma_set_name_after_a_title_needs_no_first_name_list() {
    let people = of_kind(
        "وصرّح المتحدث باسم الخارجية \"ماتيو بروني\" للصحفيين بأن الجولة انتهت.",
        EntityKind::Person,
    );
    assert_eq!(people[0].0, "ar:ماتيو بروني");
    assert_eq!(people[0].1.as_deref(), Some("المتحدث باسم الخارجية"));
    let people = of_kind(
        "وأكد رئيس الهيئة، بدر جاموس، أن الوفد لن ينسحب.",
        EntityKind::Person,
    );
    assert_eq!(people[0].0, "ar:بدر جاموس");
}

#[test]
fn a_person_found_by_title_is_found_again_by_surname() {
    let people = of_kind(
        "وقال المبعوث الأمريكي \"جيمس جيفري\" للصحفيين. وأضاف جيفري أن العقوبات باقية.",
        EntityKind::Person,
    );
    assert_eq!(people[0].2, ["جيمس جيفري", "جيفري"]);
}

#[test]
fn a_title_before_a_known_person_gives_the_role() {
    let people = of_kind(
        "والتقى نائب وزير الخارجية الروسي سيرغي فيرشينين بالوفد.",
        EntityKind::Person,
    );
    assert_eq!(people[0].0, "vershinin");
    assert_eq!(people[0].1.as_deref(), Some("نائب وزير الخارجية الروسي"));
}

#[test]
fn what_follows_a_title_is_often_not_a_name() {
    for text in [
        "أعلن وزير الخارجية الكازاخي انتهاء أعمال المؤتمر الدولي.",
        "قال الرئيس التركي في كلمة له أمام البرلمان",
        "بحث وزير الدفاع تطورات الأوضاع الميدانية مع نظيره",
        "وقال رئيس الوفد، إن المحادثات كانت صعبة",
        "ووصف المبعوث الأممي \"جولة مثمرة\" بين الأطراف",
        "وقال الوزير، ردا على سؤال، إن الحل سياسي",
        "وقال الرئيس: \"سنواصل القتال\"",
    ] {
        assert!(keys(text, EntityKind::Person).is_empty(), "{text}");
    }
}

#[test]
fn spelling_variants_of_a_listed_surname_are_the_same_person() {
    assert_eq!(
        keys("وصرح لافرانتيف بأن الجولة ناجحة", EntityKind::Person),
        ["lavrentiev"]
    );
    // Same consonants, but an Arabic word (decorations), not Zakharova.
    assert!(keys("زخارف المسجد القديم", EntityKind::Person).is_empty());
}

#[test]
fn places_after_place_words() {
    let places = of_kind(
        "قصفت الطائرات قرية كفر نبل وبلدة سرمين في ريف إدلب، وحي جوبر.",
        EntityKind::Place,
    );
    let keys: Vec<&str> = places.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(keys, ["ar:كفر نبل", "ar:سرمين", "idlib", "ar:جوبر"]);
    assert_eq!(places[0].2, ["كفر نبل"]);
}

#[test]
fn place_words_followed_by_ordinary_words_find_nothing() {
    for text in [
        "لجأت العائلات إلى قرية صغيرة قرب الحدود",
        "تحولت إلى مدينة كبيرة خلال عقدين",
        "وصلت المساعدات إلى القرية المجاورة",
        "في منطقة خفض التصعيد",
    ] {
        assert!(keys(text, EntityKind::Place).is_empty(), "{text}");
    }
}

#[test]
fn outlets_after_agency_words() {
    assert_eq!(
        keys(
            "وذكرت صحيفة \"حرييت\" التركية أن القمة تأجلت",
            EntityKind::Agency
        ),
        ["ar:حرييت"]
    );
    assert_eq!(
        keys("وقالت وكالة مهر للأنباء إن الوفد وصل", EntityKind::Agency),
        ["ar:مهر"]
    );
    assert!(keys("بحسب وكالة غوث وتشغيل اللاجئين", EntityKind::Agency).is_empty());
    assert!(keys("سننقل الاجتماع إلى موقع مختلف", EntityKind::Agency).is_empty());
}

#[test]
fn agencies_from_attribution_phrases() {
    assert_eq!(
        keys(
            "وفق ما نقلته رويترز عن مصدر، وبحسب الأناضول",
            EntityKind::Agency
        ),
        ["reuters", "anadolu"]
    );
    assert_eq!(
        keys(
            "وقال مصدر لـ\"الميادين\" إن الجولة تأجلت",
            EntityKind::Agency
        ),
        ["al-mayadeen"]
    );
    // Without a citation the word is the town, not the channel.
    let town = "وصلت التعزيزات إلى الميادين شرقا";
    assert!(keys(town, EntityKind::Agency).is_empty());
    assert_eq!(keys(town, EntityKind::Place), ["mayadin"]);
}

#[test]
fn round_and_date_entities_carry_their_evidence() {
    let text = "انطلقت الجولة الـ19 من محادثات أستانا في 22 تشرين الثاني/ نوفمبر 2022.";
    let x = extract(text);
    assert_eq!(x.round, Some(19));
    let round = x
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::Round)
        .unwrap();
    assert_eq!(round.key(), "19");
    assert_eq!(&text[round.mentions[0].range()], "الجولة الـ19");
    let date = x
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::Date)
        .unwrap();
    assert_eq!(date.key(), "2022-11-22");
    assert_eq!(date.name(), "22 November 2022");
    assert_eq!(
        &text[date.mentions[0].range()],
        "22 تشرين الثاني/ نوفمبر 2022"
    );
}

#[test]
fn a_user_gazetteer_extends_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(
        &path,
        "[[entity]]\nkind = \"place\"\nkey = \"kafranbel\"\nname = \"Kafranbel\"\narabic = [\"كفرنبل\"]\n\n\
         [[entity]]\nkind = \"person\"\nkey = \"lavrentiev\"\nname = \"Lavrentiev\"\narabic = [\"لاڤرنتييڤ\"]\n",
    )
    .unwrap();
    let ex = Extractor::with_user_gazetteer(&path).unwrap();
    let text = "زار لاڤرنتييڤ كفرنبل ثم قابل بوتين";
    let x = ex.extract(None, text);
    let keys: Vec<&str> = x.entities.iter().map(|e| e.key()).collect();
    assert_eq!(keys, ["lavrentiev", "putin", "kafranbel"]);
    assert_eq!(ex.entries().len(), Extractor::builtin().entries().len() + 1);

    std::fs::write(&path, "[[entity]\nkind = ").unwrap();
    let err = Extractor::with_user_gazetteer(&path)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with(&path.display().to_string()), "{err}");
    assert!(!err.contains('\n'), "one line: {err}");
}

#[test]
fn the_documented_gazetteer_example_loads_and_works() {
    let doc = include_str!("../../docs/EXTRACTION.md");
    let start = doc.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example.toml");
    std::fs::write(&path, example).unwrap();
    let ex = Extractor::with_user_gazetteer(&path).unwrap();
    let x = ex.extract(None, "قصفت الطائرات كفر نبل، ونقلت صحيفة الوطن الخبر.");
    let keys: Vec<&str> = x.entities.iter().map(|e| e.key()).collect();
    assert!(keys.contains(&"kafr-nabl"), "{keys:?}");
    assert!(keys.contains(&"al-watan"), "{keys:?}");
    let x = ex.extract(None, "عاد إلى الوطن بعد غياب");
    assert!(x.entities.iter().all(|e| e.key() != "al-watan"));
}

#[test]
fn ambiguous_names_of_people_and_places_need_context() {
    // «روحاني» is also "spiritual"; after a title or the full name it is Rouhani.
    assert!(keys("وصفه بأنه زعيم روحاني للطائفة", EntityKind::Person).is_empty());
    assert_eq!(
        keys("وقال الرئيس روحاني إن", EntityKind::Person),
        ["rouhani"]
    );
    let both = of_kind(
        "التقى حسن روحاني بالوفد. وأكد روحاني أن",
        EntityKind::Person,
    );
    assert_eq!(both[0].2, ["حسن روحاني", "روحاني"]);
    // «تدمر» is also "destroys".
    assert!(keys("الطائرات تدمر المواقع", EntityKind::Place).is_empty());
    assert_eq!(keys("اشتباكات قرب تدمر", EntityKind::Place), ["palmyra"]);
}

#[test]
fn a_long_text_is_extracted_like_its_windows_joined() {
    use crate::text::windows::WINDOW_BYTES;
    // A person introduced by a title in the first window is found again by
    // surname in the last; guarantors and the round are found in every window.
    let filler = "وتواصلت المشاورات بين الوفود طوال اليوم دون نتائج معلنة.\n";
    let mut text = String::from("بدء الجولة السادسة من محادثات أستانا\n");
    text.push_str("وقال المبعوث الأمريكي \"جيمس جيفري\" للصحفيين إن الوفد الروسي وصل.\n");
    text.push_str(&filler.repeat(2 * WINDOW_BYTES / filler.len()));
    text.push_str("وأضاف جيفري أن الوفد التركي والإيراني سيلتقيان.\n");
    assert!(windows(&text).count() >= 3);
    let x = extract(&text);
    assert_eq!(x.round, Some(6));
    assert_eq!(
        *x.guarantors,
        [Guarantor::Iran, Guarantor::Russia, Guarantor::Turkey]
    );
    let jeffrey = x
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::Person && e.key().contains("جيفري"))
        .expect("the person is found");
    let found: Vec<&str> = jeffrey.mentions.iter().map(|m| &text[m.range()]).collect();
    assert_eq!(found, ["جيمس جيفري", "جيفري"]);
    assert!(jeffrey.mentions[1].start as usize > 2 * WINDOW_BYTES);
    // The words of every window reach the index, in text order.
    let mut windows_seen = Vec::new();
    Extractor::builtin().extract_with(None, &text, |key, words| {
        windows_seen.push((key.len(), words.len()));
    });
    assert_eq!(windows_seen.len(), windows(&text).count());
    assert!(
        windows_seen
            .iter()
            .all(|&(len, words)| len > 0 && words > 0)
    );
}

#[test]
fn a_list_after_a_plural_place_word_is_all_places() {
    assert_eq!(
        keys(
            "قصفت قوات النظام قرى وبلدات معرة حرمة وكفرسجنة والشيخ مصطفى بريف إدلب",
            EntityKind::Place
        ),
        ["ar:معره حرمه", "ar:كفرسجنه", "ar:الشيخ مصطفي", "idlib"]
    );
    // Spans leave the conjunction out.
    let places = of_kind("مخيمات أطمة وقاح قرب الحدود", EntityKind::Place);
    assert_eq!(places[1].2, ["قاح"]);
    // A plural place word before ordinary words names nothing.
    for text in [
        "تعيش العائلات في قرى نائية تفتقر إلى الخدمات",
        "قصفت الطائرات مخيمات النازحين في المنطقة",
        "وشهدت مدن تشهد احتجاجات واسعة",
    ] {
        assert!(keys(text, EntityKind::Place).is_empty(), "{text}");
    }
}

#[test]
fn people_named_without_a_title_beside_them() {
    // By a verb of saying, with a role after the name, in a member list.
    assert_eq!(
        keys(
            "وأكد فاتح حسون، عضو الوفد العسكري، أن الفصائل ملتزمة",
            EntityKind::Person
        ),
        ["ar:فاتح حسون"]
    );
    let people = of_kind(
        "التقى لافروف سالم المسلط، رئيس الائتلاف الوطني. وقال المسلط إن اللقاء كان صريحا.",
        EntityKind::Person,
    );
    let meslet = people.iter().find(|p| p.0 == "ar:سالم المسلط").unwrap();
    assert_eq!(meslet.1.as_deref(), Some("رئيس الائتلاف الوطني"));
    // Found again by the surname alone.
    assert_eq!(meslet.2, ["سالم المسلط", "المسلط"]);
    assert_eq!(
        keys(
            "وضم الوفد كلا من أحمد طعمة وأيمن العاسمي وياسر عبد الرحيم.",
            EntityKind::Person
        ),
        ["toma", "ar:ايمن العاسمي", "ar:ياسر عبد الرحيم"]
    );
    // Subjects that are no one's name.
    for text in [
        "وقال مصدر مطلع إن الوفد وصل",
        "وقال مسؤول تركي رفيع إن أنقرة متفائلة",
        "وأكدت منظمة العفو الدولية أن المعتقلين يعذبون",
        "وقال شهود عيان إن القصف استمر",
    ] {
        assert!(keys(text, EntityKind::Person).is_empty(), "{text}");
    }
}

#[test]
fn a_known_person_misspelled_where_a_person_is_expected() {
    assert_eq!(
        keys(
            "وقال وزير الخارجية الروسي سيرغي لافرون إن موسكو تدعم المسار",
            EntityKind::Person
        ),
        ["lavrov"]
    );
    assert_eq!(
        keys("فيما أكد لافروق أن موسكو راضية", EntityKind::Person),
        ["lavrov"]
    );
    // Not without context, not for short words.
    assert!(keys("تضاعفت الأسعار في ميدان المدينة", EntityKind::Person).is_empty());
    assert!(keys("وتابع: إن ظروف الناس صعبة", EntityKind::Person).is_empty());
}

#[test]
fn glued_words_are_both_names() {
    let x = extract("عقد الاجتماع بحضور إيرانوتركيا وروسيا");
    assert_eq!(
        *x.guarantors,
        [Guarantor::Iran, Guarantor::Russia, Guarantor::Turkey]
    );
    let text = "ودعت روسيا والجامعةالعربية إلى الحل، والتصعيد فيإدلب مستمر.";
    let orgs = of_kind(text, EntityKind::Organization);
    assert_eq!(orgs[0].2, ["الجامعةالعربية"]);
    assert_eq!(of_kind(text, EntityKind::Place)[0].2, ["إدلب"]);
    // A long word that is no pair of names stays as it is.
    assert!(
        extract("ووصفت المحادثات بأنها مثمرة وواقعية")
            .entities
            .is_empty()
    );
}

#[test]
fn round_cues_with_adjectives_datelines_and_apposition() {
    for (text, round) in [
        (
            "أعمال الاجتماع الدولي السابع عشر بشأن سوريا وفق صيغة أستانا",
            Some(17),
        ),
        (
            "نور سلطان - RT\nاختتمت الجولة الرابعة عشرة، ورحب الضامنون بعمل اللجنة الدستورية.",
            Some(14),
        ),
        (
            "وتنطلق غدا في سوتشي الجولة العاشرة من مسار أستانا",
            Some(10),
        ),
        (
            "وتعقد الجولة الجديدة من مسار أستانا، وهي التاسعة عشرة، في العاصمة",
            Some(19),
        ),
        ("وهي الثالثة من نوعها في أستانا هذا العام", None),
        (
            "ناقش الوزيران الاجتماع الثاني للجنة العسكرية المشتركة في إدلب",
            None,
        ),
    ] {
        assert_eq!(extract(text).round, round, "{text}");
    }
}
