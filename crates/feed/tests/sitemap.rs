//! Sitemap parsing: urlsets, indexes, Google News sitemaps, encodings and hostile documents.

use chrono::{DateTime, Utc};
use marsad_feed::{
    FeedError, MAX_SITEMAP_ENTRIES, Sitemap, SitemapEntry, looks_like_sitemap, parse_sitemap,
};
use std::time::{Duration, Instant};
use url::Url;

fn base() -> Url {
    Url::parse("https://news.example/sitemaps/news.xml").unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn urls(sitemap: Sitemap) -> Vec<SitemapEntry> {
    match sitemap {
        Sitemap::Urls(entries) => entries,
        Sitemap::Index(_) => panic!("expected a urlset"),
    }
}

#[test]
fn urlset_with_lastmod_cdata_and_whitespace() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- generated -->
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>
      https://news.example/a/1
    </loc>
    <lastmod>2026-11-03T10:15:00+03:00</lastmod>
    <changefreq>daily</changefreq>
    <image:image><image:loc>https://cdn.example/img/1.jpg</image:loc>
      <image:title>صورة</image:title></image:image>
  </url>
  <url><loc><![CDATA[https://news.example/a/2?x=1&y=2]]></loc><lastmod>2026-11-02</lastmod></url>
  <url><loc>https://news.example/a/3?x=1&amp;y=2&#38;z=&#x33;</loc><lastmod>yesterday</lastmod></url>
  <url><loc>https://news.example/a/4?x=1&y=2&z</loc></url>
  <url><lastmod>2026-11-02</lastmod></url>
  <url><loc>   </loc></url>
</urlset>"#;
    assert!(looks_like_sitemap(xml.as_bytes()));
    let entries = urls(parse_sitemap(xml.as_bytes(), None).unwrap());
    assert_eq!(
        entries,
        vec![
            SitemapEntry {
                url: "https://news.example/a/1".into(),
                lastmod: Some(utc("2026-11-03T07:15:00Z")),
                title: None,
                published: None,
            },
            SitemapEntry {
                url: "https://news.example/a/2?x=1&y=2".into(),
                lastmod: Some(utc("2026-11-02T00:00:00Z")),
                title: None,
                published: None,
            },
            SitemapEntry {
                url: "https://news.example/a/3?x=1&y=2&z=3".into(),
                lastmod: None,
                title: None,
                published: None,
            },
            SitemapEntry {
                url: "https://news.example/a/4?x=1&y=2&z".into(),
                lastmod: None,
                title: None,
                published: None,
            },
        ]
    );
}

#[test]
fn sitemap_index_lists_child_sitemaps() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example/sitemap-2026-11.xml</loc>
    <lastmod>2026-11-03T10:15:00Z</lastmod></sitemap>
  <sitemap><loc>/sitemap-2026-10.xml.gz</loc></sitemap>
</sitemapindex>"#;
    assert!(looks_like_sitemap(xml.as_bytes()));
    let Sitemap::Index(children) = parse_sitemap(xml.as_bytes(), Some(&base())).unwrap() else {
        panic!("expected an index");
    };
    assert_eq!(children.len(), 2);
    assert_eq!(children[0].url, "https://news.example/sitemap-2026-11.xml");
    assert_eq!(children[0].lastmod, Some(utc("2026-11-03T10:15:00Z")));
    assert_eq!(
        children[1].url,
        "https://news.example/sitemap-2026-10.xml.gz"
    );
    assert_eq!(children[1].lastmod, None);
}

#[test]
fn google_news_sitemap_with_any_prefix() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<s:urlset xmlns:s="http://www.sitemaps.org/schemas/sitemap/0.9"
          xmlns:n="http://www.google.com/schemas/sitemap-news/0.9"
          xmlns:video="http://www.google.com/schemas/sitemap-video/1.1">
  <s:url>
    <s:loc>https://news.example/ar/2026/11/03/افتتاح-معرض</s:loc>
    <n:news>
      <n:publication><n:name>المثال</n:name><n:language>ar</n:language></n:publication>
      <n:publication_date>2026-11-03T10:15:00+03:00</n:publication_date>
      <n:title>  افتتاح   معرض الكتاب  </n:title>
    </n:news>
    <video:video><video:title>not the title</video:title>
      <video:publication_date>2020-01-01</video:publication_date></video:video>
  </s:url>
  <s:url>
    <s:loc>https://news.example/a/2</s:loc>
    <news:news xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <news:title><![CDATA[عنوان & رمز]]></news:title>
      <news:publication_date>2026-11-02</news:publication_date>
    </news:news>
  </s:url>
</s:urlset>"#;
    assert!(looks_like_sitemap(xml.as_bytes()));
    let entries = urls(parse_sitemap(xml.as_bytes(), None).unwrap());
    assert_eq!(entries.len(), 2);
    assert_eq!(
        entries[0].url,
        "https://news.example/ar/2026/11/03/%D8%A7%D9%81%D8%AA%D8%AA%D8%A7%D8%AD-%D9%85%D8%B9%D8%B1%D8%B6"
    );
    assert_eq!(entries[0].title.as_deref(), Some("افتتاح معرض الكتاب"));
    assert_eq!(entries[0].published, Some(utc("2026-11-03T07:15:00Z")));
    assert_eq!(entries[0].lastmod, None);
    assert_eq!(entries[1].title.as_deref(), Some("عنوان & رمز"));
    assert_eq!(entries[1].published, Some(utc("2026-11-02T00:00:00Z")));
}

#[test]
fn relative_locs_resolve_and_non_http_locs_are_dropped() {
    let xml = r#"<urlset>
<url><loc>/a/1</loc></url>
<url><loc>a/2</loc></url>
<url><loc>//other.example/a/3</loc></url>
<url><loc>javascript:alert(1)</loc></url>
<url><loc>mailto:desk@news.example</loc></url>
<url><loc>ftp://news.example/a</loc></url>
</urlset>"#;
    let entries = urls(parse_sitemap(xml.as_bytes(), Some(&base())).unwrap());
    let got: Vec<&str> = entries.iter().map(|e| e.url.as_str()).collect();
    assert_eq!(
        got,
        [
            "https://news.example/a/1",
            "https://news.example/sitemaps/a/2",
            "https://other.example/a/3",
        ]
    );
    // Without a base, relative locs cannot be resolved and are dropped.
    assert!(urls(parse_sitemap(xml.as_bytes(), None).unwrap()).is_empty());
}

#[test]
fn empty_sitemaps_are_not_errors() {
    assert_eq!(
        parse_sitemap(b"<urlset/>", None).unwrap(),
        Sitemap::Urls(vec![])
    );
    assert_eq!(
        parse_sitemap(b"<sitemapindex></sitemapindex>", None).unwrap(),
        Sitemap::Index(vec![])
    );
}

#[test]
fn garbage_and_other_documents_are_parse_errors() {
    for bad in [
        &b""[..],
        b"   ",
        b"not xml at all",
        b"\xff\xfe\x00garbage",
        b"<html><body><urlset></urlset></body></html>",
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>",
        b"{\"version\":\"https://jsonfeed.org/version/1.1\"}",
    ] {
        assert!(
            matches!(parse_sitemap(bad, None), Err(FeedError::Parse(_))),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
        assert!(
            !looks_like_sitemap(bad),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
    // Sitemaps by their root, but not well-formed: the sniff says yes, the parser no.
    for bad in [
        &b"<urlset><url><loc>https://e.example/a</loc></url>"[..],
        b"<urlset><url><loc>https://e.example/a</lo></url></urlset>",
        b"<urlset><url><loc>https://e.example/a</loc></url></sitemapindex>",
        b"<urlset><url <<<",
    ] {
        assert!(
            matches!(parse_sitemap(bad, None), Err(FeedError::Parse(_))),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
        assert!(
            looks_like_sitemap(bad),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn billion_laughs_is_not_expanded() {
    let mut doctype = String::from("<!DOCTYPE urlset [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        let refs = format!("&{prev};").repeat(10);
        doctype.push_str(&format!("<!ENTITY lol{i} \"{refs}\">\n"));
    }
    doctype.push_str("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n");
    let xml = format!(
        "<?xml version=\"1.0\"?>\n{doctype}<urlset>\
         <url><loc>https://news.example/a/&lol9;&xxe;1</loc>\
         <news:news><news:title>&lol9;خبر&xxe;</news:title></news:news></url></urlset>"
    );
    assert!(looks_like_sitemap(xml.as_bytes()));
    let start = Instant::now();
    let result = parse_sitemap(xml.as_bytes(), None);
    assert!(start.elapsed() < Duration::from_secs(2));
    // The DOCTYPE is skipped and the declared entities kept as written, never expanded.
    let entries = urls(result.unwrap());
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].url, "https://news.example/a/&lol9;&xxe;1");
    assert_eq!(entries[0].title.as_deref(), Some("&lol9;خبر&xxe;"));
}

#[test]
fn entries_are_capped_at_the_protocol_limit() {
    let mut xml = String::from("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
    for i in 0..=MAX_SITEMAP_ENTRIES {
        xml.push_str(&format!("<url><loc>https://e.example/a/{i}</loc></url>"));
    }
    xml.push_str("</urlset>");
    let entries = urls(parse_sitemap(xml.as_bytes(), None).unwrap());
    assert_eq!(MAX_SITEMAP_ENTRIES, 50_000);
    assert_eq!(entries.len(), 50_000);
    assert_eq!(entries[49_999].url, "https://e.example/a/49999");
}

#[test]
fn windows_1256_declaration_is_decoded() {
    let mut xml: Vec<u8> = br#"<?xml version="1.0" encoding="windows-1256"?>
<urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>
<loc>https://news.example/a/1</loc><news:news><news:title>"#
        .to_vec();
    // "خبر عاجل" in windows-1256.
    xml.extend_from_slice(b"\xce\xc8\xd1 \xda\xc7\xcc\xe1");
    xml.extend_from_slice(b"</news:title></news:news></url></urlset>");
    assert!(looks_like_sitemap(&xml));
    let entries = urls(parse_sitemap(&xml, None).unwrap());
    assert_eq!(entries[0].title.as_deref(), Some("خبر عاجل"));
}

#[test]
fn utf8_bom_and_utf16_are_decoded() {
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset><url>\
                <loc>https://news.example/a/1</loc><news:news><news:title>خبر</news:title>\
                </news:news></url></urlset>";
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(body.as_bytes());
    assert!(looks_like_sitemap(&with_bom));
    let entries = urls(parse_sitemap(&with_bom, None).unwrap());
    assert_eq!(entries[0].title.as_deref(), Some("خبر"));

    let mut utf16 = vec![0xFF, 0xFE];
    for unit in body.replace("UTF-8", "UTF-16").encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    assert!(looks_like_sitemap(&utf16));
    let entries = urls(parse_sitemap(&utf16, None).unwrap());
    assert_eq!(entries[0].url, "https://news.example/a/1");
    assert_eq!(entries[0].title.as_deref(), Some("خبر"));
}

#[test]
fn sniff_skips_the_prolog_and_stops_at_2_kb() {
    let prolog = "<?xml version=\"1.0\"?>\n<?xml-stylesheet type=\"text/xsl\" href=\"/s.xsl\"?>\n\
                  <!-- a > comment -->\n<!DOCTYPE urlset [<!ENTITY a \"b\">]>\n";
    assert!(looks_like_sitemap(
        format!("{prolog}<ns:urlset xmlns:ns=\"x\"></ns:urlset>").as_bytes()
    ));
    assert!(looks_like_sitemap(b"<sitemapindex>"));
    assert!(!looks_like_sitemap(b"<urlsets>"));
    assert!(!looks_like_sitemap(b"<rss><urlset/></rss>"));
    let late = format!("<!--{}-->\n<urlset></urlset>", " ".repeat(3000));
    assert!(!looks_like_sitemap(late.as_bytes()));
    // The full parser is not limited to the first 2 KB.
    assert_eq!(
        parse_sitemap(late.as_bytes(), None).unwrap(),
        Sitemap::Urls(vec![])
    );
}
