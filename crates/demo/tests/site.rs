//! Tests of the demo news web: content counts, feeds, OPML, pages against the truth, and HTTP serving.

use marsad_demo::{Site, serve};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BASE: &str = "http://127.0.0.1:41234";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn unesc(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Decodes a page body by its declared charset (UTF-8 unless windows-1256 is declared).
fn decode(r: &marsad_demo::Resource) -> String {
    let head = String::from_utf8_lossy(&r.body[..r.body.len().min(400)]).to_string();
    if r.content_type.contains("utf-8") {
        String::from_utf8(r.body.clone()).expect("utf-8 body")
    } else if head.contains("windows-1256") {
        let (text, _, bad) = encoding_rs::WINDOWS_1256.decode(&r.body);
        assert!(!bad, "bad windows-1256 bytes");
        text.into_owned()
    } else {
        panic!("undeclared charset: {}", r.content_type)
    }
}

/// A small XML well-formedness check: balanced tags, quoted attributes, valid entities, one root.
fn check_xml(doc: &str) -> Result<(), String> {
    fn text_ok(t: &str) -> Result<(), String> {
        let mut rest = t;
        while let Some(i) = rest.find('&') {
            rest = &rest[i + 1..];
            let end = rest.find(';').ok_or("unterminated entity")?;
            let name = &rest[..end];
            let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                || (name.starts_with("#x")
                    && name.len() > 2
                    && name[2..].chars().all(|c| c.is_ascii_hexdigit()))
                || (name.starts_with('#')
                    && name.len() > 1
                    && name[1..].chars().all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(format!("bad entity &{name};"));
            }
            rest = &rest[end + 1..];
        }
        if t.contains('>') {
            return Err("raw > in text".into());
        }
        Ok(())
    }
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = doc;
    loop {
        let Some(i) = rest.find('<') else {
            if !rest.trim().is_empty() && stack.is_empty() {
                return Err("text after root".into());
            }
            text_ok(rest)?;
            break;
        };
        let text = &rest[..i];
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside root: {text:?}"));
        }
        text_ok(text)?;
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix("<?") {
            let e = r.find("?>").ok_or("unterminated PI")?;
            rest = &r[e + 2..];
            continue;
        }
        if let Some(r) = rest.strip_prefix("<!--") {
            let e = r.find("-->").ok_or("unterminated comment")?;
            rest = &r[e + 3..];
            continue;
        }
        if let Some(r) = rest.strip_prefix("<![CDATA[") {
            let e = r.find("]]>").ok_or("unterminated CDATA")?;
            rest = &r[e + 3..];
            continue;
        }
        let end = rest.find('>').ok_or("unterminated tag")?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or("close without open")?;
            if open != name.trim() {
                return Err(format!("</{name}> closes <{open}>"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
        let name = &body[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || ":_-.".contains(c))
        {
            return Err(format!("bad tag name {name:?}"));
        }
        let mut attrs = body[name_end..].trim();
        let mut seen = BTreeSet::new();
        while !attrs.is_empty() {
            let eq = attrs
                .find('=')
                .ok_or(format!("attribute without value in <{name}>"))?;
            let an = attrs[..eq].trim();
            if !seen.insert(an.to_string()) {
                return Err(format!("duplicate attribute {an}"));
            }
            let after = attrs[eq + 1..].trim_start();
            let q = after.chars().next().ok_or("missing attribute value")?;
            if q != '"' && q != '\'' {
                return Err(format!("unquoted attribute {an}"));
            }
            let close = after[1..].find(q).ok_or("unterminated attribute")?;
            let val = &after[1..1 + close];
            if val.contains('<') {
                return Err("< in attribute".into());
            }
            text_ok(val)?;
            attrs = after[close + 2..].trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            stack.push(name.to_string());
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

/// Item links of an RSS or Atom feed.
fn feed_links(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    if xml.contains("<rss") {
        for item in xml.split("<item>").skip(1) {
            let s = item.find("<link>").expect("item link") + 6;
            let e = item[s..].find("</link>").expect("link end") + s;
            out.push(unesc(&item[s..e]));
        }
    } else {
        for entry in xml.split("<entry>").skip(1) {
            let l = entry
                .find("<link rel=\"alternate\"")
                .expect("entry alternate link");
            let s = entry[l..].find("href=\"").expect("href") + l + 6;
            let e = entry[s..].find('"').expect("href end") + s;
            out.push(unesc(&entry[s..e]));
        }
    }
    out
}

#[test]
fn counts() {
    let site = Site::build(BASE);
    let arts = site.articles();
    let outlets: BTreeSet<&str> = arts.iter().map(|a| a.outlet.as_str()).collect();
    assert!(outlets.len() >= 6, "outlets: {}", outlets.len());
    assert!(arts.len() >= 60, "articles: {}", arts.len());
    let mut events: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for a in arts {
        if let Some(e) = &a.event {
            events.entry(e).or_default().insert(&a.outlet);
        }
    }
    let multi = events.values().filter(|o| o.len() >= 2).count();
    assert!(multi >= 10, "multi-outlet events: {multi}");
    let originals: BTreeSet<&str> = arts.iter().filter_map(|a| a.copy_of.as_deref()).collect();
    assert!(
        originals.len() >= 3,
        "wire stories copied: {}",
        originals.len()
    );
    for a in arts {
        assert!(
            (3..=6).contains(&a.paragraphs.len()),
            "{} has {} paragraphs",
            a.url,
            a.paragraphs.len()
        );
        assert!(!a.tags.is_empty(), "{} has no tags", a.url);
    }
    let urls: BTreeSet<&str> = arts.iter().map(|a| a.url.as_str()).collect();
    assert_eq!(urls.len(), arts.len(), "article URLs are unique");
}

#[test]
fn wire_copies_are_verbatim() {
    let site = Site::build(BASE);
    let by_url: BTreeMap<&str, &marsad_demo::DemoArticle> = site
        .articles()
        .iter()
        .map(|a| (a.url.as_str(), a))
        .collect();
    let mut copies = 0;
    let mut credited = 0;
    for a in site.articles() {
        let Some(orig) = &a.copy_of else { continue };
        let o = by_url.get(orig.as_str()).expect("original is an article");
        assert!(o.copy_of.is_none());
        assert_ne!(o.outlet, a.outlet);
        assert_eq!(
            o.paragraphs, a.paragraphs,
            "{} differs from {}",
            a.url, orig
        );
        assert_eq!(o.event, a.event);
        assert!(o.published < a.published);
        let page = decode(site.get(&a.url).expect("copy page"));
        if page.contains("المصدر:") && page.contains("وكالة الأنباء العربية الموحدة")
        {
            credited += 1;
        }
        copies += 1;
    }
    assert!(copies >= 6, "copies: {copies}");
    // Every copy but one (a silent copy) credits the agency.
    assert_eq!(credited, copies - 1, "credited copies");
}

#[test]
fn feeds_are_well_formed_and_resolve() {
    let site = Site::build(BASE);
    let feeds = site.feed_urls();
    assert!(feeds.len() >= 6);
    let mut atom = 0;
    let mut all_links = BTreeSet::new();
    for f in &feeds {
        assert!(f.starts_with(BASE));
        let r = site.get(f).unwrap_or_else(|| panic!("feed {f} not served"));
        let xml = String::from_utf8(r.body.clone()).expect("utf-8 feed");
        check_xml(&xml).unwrap_or_else(|e| panic!("{f}: {e}"));
        if xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"") {
            atom += 1;
            assert!(r.content_type.starts_with("application/atom+xml"));
        } else {
            assert!(xml.contains("<rss version=\"2.0\""));
            assert!(xml.contains("<pubDate>") && xml.contains("<description>"));
        }
        let links = feed_links(&xml);
        assert!(!links.is_empty(), "{f} has no items");
        for l in links {
            assert!(site.get(&l).is_some(), "{f}: item link {l} not served");
            all_links.insert(l);
        }
    }
    assert!(atom >= 2, "atom feeds: {atom}");
    assert_eq!(
        all_links.len(),
        site.articles().len(),
        "every article is in a feed"
    );
    assert!(
        feeds
            .iter()
            .map(|f| String::from_utf8(site.get(f).unwrap().body.clone()).unwrap())
            .any(|x| x.contains("<item>") && !x.contains("<guid")),
        "one feed omits guids"
    );
}

#[test]
fn opml_lists_every_feed() {
    let site = Site::build(BASE);
    let opml = site.opml();
    check_xml(&opml).unwrap();
    assert_eq!(
        site.get("/feeds.opml").map(|r| r.body.clone()),
        Some(opml.clone().into_bytes())
    );
    let mut urls = Vec::new();
    for attr in ["xmlUrl=\"", "htmlUrl=\""] {
        for part in opml.split(attr).skip(1) {
            urls.push(unesc(&part[..part.find('"').unwrap()]));
        }
    }
    let xml_urls = opml.matches("xmlUrl=").count();
    assert_eq!(xml_urls, site.feed_urls().len());
    for u in urls {
        assert!(site.get(&u).is_some(), "OPML URL {u} not served");
    }
}

#[test]
fn pages_contain_truth() {
    let site = Site::build(BASE);
    let mut layouts = BTreeSet::new();
    let mut cp1256 = 0;
    for a in site.articles() {
        let r = site
            .get(&a.url)
            .unwrap_or_else(|| panic!("{} not served", a.url));
        let page = decode(r);
        if !r.content_type.contains("utf-8") {
            cp1256 += 1;
            assert!(page.contains("<meta charset=\"windows-1256\">"));
        }
        assert!(page.contains("dir=\"rtl\""));
        assert!(page.contains(&esc(&a.title)), "{}: title missing", a.url);
        for p in &a.paragraphs {
            assert!(page.contains(&esc(p)), "{}: paragraph missing: {p}", a.url);
        }
        assert!(page.contains("الأكثر قراءة") && page.contains("واتساب"));
        assert!(page.contains("2026"), "{}: no date", a.url);
        let iso = a.published.to_rfc3339();
        assert!(page.contains(&iso), "{}: machine date {iso} missing", a.url);
        // A fingerprint of the layout: the element holding the first paragraph.
        let at = page.find(&esc(&a.paragraphs[0])).unwrap();
        layouts.insert(page[at.saturating_sub(30)..at].to_string());
    }
    assert!(cp1256 > 0, "one outlet serves windows-1256 pages");
    assert!(layouts.len() >= 6, "distinct layouts: {}", layouts.len());
    for p in ["/", "/robots.txt", "/feeds.opml"] {
        assert!(site.get(p).is_some(), "{p}");
    }
    assert!(site.get("/nope.html").is_none());
}

async fn raw_get(addr: std::net::SocketAddr, path: &str) -> (String, Vec<u8>) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    (
        String::from_utf8_lossy(&buf[..split]).to_string(),
        buf[split + 4..].to_vec(),
    )
}

#[tokio::test]
async fn serves_over_http() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let site = Arc::new(Site::build(&format!("http://{addr}")));
    let server = tokio::spawn(serve(listener, site.clone()));

    let art = site
        .articles()
        .iter()
        .find(|a| a.outlet == "sahel")
        .unwrap();
    let path = art.url.strip_prefix(site.base_url()).unwrap();
    let (head, body) = raw_get(addr, path).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/html; charset=utf-8")
    );
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains(&esc(&art.paragraphs[0])));

    // A query-string URL of the old portal, in windows-1256.
    let old = site
        .articles()
        .iter()
        .find(|a| a.url.contains('?'))
        .expect("a query-string article URL");
    let (head, body) = raw_get(addr, old.url.strip_prefix(site.base_url()).unwrap()).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let (text, _, _) = encoding_rs::WINDOWS_1256.decode(&body);
    assert!(text.contains(&esc(&old.title)));

    let (head, _) = raw_get(addr, "/feeds.opml").await;
    assert!(head.starts_with("HTTP/1.1 200") && head.contains("text/x-opml"));
    let (head, _) = raw_get(addr, "/").await;
    assert!(head.starts_with("HTTP/1.1 200"));
    let (head, _) = raw_get(addr, "/no/such/page.html").await;
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    server.abort();
}

#[test]
fn internal_links_resolve() {
    let site = Site::build(BASE);
    let mut checked = 0;
    for path in site.paths() {
        let r = site.get(path).unwrap();
        if !r.content_type.starts_with("text/html") {
            continue;
        }
        let page = decode(r);
        let quoted = page
            .split("href=\"")
            .skip(1)
            .map(|p| &p[..p.find('"').unwrap()])
            .chain(
                page.split("href='")
                    .skip(1)
                    .map(|p| &p[..p.find('\'').unwrap()]),
            );
        for href in quoted {
            let href = unesc(href);
            let local = href
                .strip_prefix(BASE)
                .or_else(|| href.starts_with('/').then_some(href.as_str()));
            if let Some(rest) = local {
                let rest = rest.split('#').next().unwrap();
                assert!(site.get(rest).is_some(), "{path}: broken link {href}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "links checked: {checked}");
}
