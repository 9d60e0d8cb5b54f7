//! Calendar dates: glossary date ranges (`valid_from` / `valid_until`) and
//! the date of a checked document, with where that date came from.
//!
//! A document's date is resolved in this order: `--date`, the document
//! itself (front matter, HTML meta, XLIFF `<file date>`, PO header), the
//! config's `date_from_path` rule, else today. It is resolved lazily, only
//! when a match of a dated term or form needs it.

use std::fmt;

/// A day of the proleptic Gregorian calendar.
#[derive(
    serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub struct Date {
    /// Year, 1..=9999.
    pub year: u16,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of the month, 1..=31.
    pub day: u8,
}

const fn is_leap(y: u16) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

const fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Self { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = b.get(r)?;
            if part.iter().all(u8::is_ascii_digit) {
                part.iter().try_fold(0u16, |acc, d| {
                    acc.checked_mul(10)?.checked_add(u16::from(d - b'0'))
                })
            } else {
                None
            }
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(format!("`{s}` is not a date: write it as YYYY-MM-DD"));
        }
        let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
            return Err(format!("`{s}` is not a date: write it as YYYY-MM-DD"));
        };
        Self::new(y, m as u8, d as u8).ok_or_else(|| format!("`{s}` is not a day of the calendar"))
    }

    /// The date at the start of a timestamp: "2023-05-01",
    /// "2023-05-01T10:00:00Z", "2023-05-01 10:00+0300". Also "2023/05/01".
    pub fn parse_prefix(s: &str) -> Option<Self> {
        let s = s.trim().trim_matches(['"', '\'']);
        let head = s.get(..10)?;
        let rest = &s[10..];
        if !(rest.is_empty() || rest.starts_with(['T', 't', ' ', 'Z', '+', '-'])) {
            return None;
        }
        Self::parse(&head.replace('/', "-")).ok()
    }

    /// Today in UTC.
    pub fn today() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// The date `days` after 1970-01-01 (H. Hinnant's civil-from-days).
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self {
            year: year.clamp(1, 9999) as u16,
            month,
            day,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// `[valid_from, valid_until)`: inclusive start, exclusive end; either
/// side may be open.
#[derive(
    serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default, Hash,
)]
pub struct DateRange {
    /// First day in force.
    pub from: Option<Date>,
    /// First day no longer in force.
    pub until: Option<Date>,
}

impl DateRange {
    /// True when neither side is bounded (the range does not depend on a
    /// date).
    pub const fn is_always(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }

    /// True when `d` lies in the range.
    pub fn contains(&self, d: Date) -> bool {
        self.from.is_none_or(|f| f <= d) && self.until.is_none_or(|u| d < u)
    }

    /// True when some day lies in both ranges.
    pub fn overlaps(&self, other: &DateRange) -> bool {
        !self.intersect(other).is_empty()
    }

    /// The days in both ranges.
    pub fn intersect(&self, other: &DateRange) -> DateRange {
        DateRange {
            from: match (self.from, other.from) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
            until: match (self.until, other.until) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }

    /// True when the range holds no day at all.
    pub fn is_empty(&self) -> bool {
        matches!((self.from, self.until), (Some(f), Some(u)) if f >= u)
    }

    /// "from 2022-06-01", "before 2022-06-01", "from A until B".
    pub fn describe(&self) -> String {
        match (self.from, self.until) {
            (None, None) => "always".to_owned(),
            (Some(f), None) => format!("from {f}"),
            (None, Some(u)) => format!("before {u}"),
            (Some(f), Some(u)) => format!("from {f} until {u}"),
        }
    }
}

/// Where a document's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateSource {
    /// `--date`.
    Option,
    /// Markdown front matter `date:`.
    FrontMatter,
    /// An HTML `<meta>` element.
    Meta,
    /// The `date` attribute of an XLIFF `<file>`.
    Xliff,
    /// A PO header (`POT-Creation-Date`, `PO-Revision-Date`).
    PoHeader,
    /// The config's `date_from_path` rule.
    Path,
    /// Nothing gave a date: the day of the run.
    Today,
}

impl DateSource {
    /// The wire name, also used in messages ("dated 2023-05-01 from front matter").
    pub const fn as_str(self) -> &'static str {
        match self {
            DateSource::Option => "--date",
            DateSource::FrontMatter => "front matter",
            DateSource::Meta => "meta",
            DateSource::Xliff => "XLIFF header",
            DateSource::PoHeader => "PO header",
            DateSource::Path => "path",
            DateSource::Today => "today",
        }
    }
}

impl fmt::Display for DateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document's date and its origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocDate {
    /// The date.
    pub value: Date,
    /// Where it came from.
    pub source: DateSource,
}

impl fmt::Display for DocDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source {
            DateSource::Today => write!(f, "dated {}: today, no date found", self.value),
            DateSource::Option => write!(f, "dated {} from --date", self.value),
            s => write!(f, "dated {} from {s}", self.value),
        }
    }
}

/// A `date_from_path` rule: a regex with named groups `year` (required),
/// `month` and `day` (default 1).
#[derive(Debug, Clone)]
pub struct PathRule {
    re: regex::Regex,
}

impl PathRule {
    /// Compiles a rule; the error says what to change.
    pub fn new(pattern: &str) -> Result<Self, String> {
        let re = regex::Regex::new(pattern)
            .map_err(|e| format!("`date_from_path` is not a valid regex: {e}"))?;
        if !re.capture_names().any(|n| n == Some("year")) {
            return Err(
                "`date_from_path` needs a named group `year`, e.g. \"(?<year>\\d{4})/(?<month>\\d{2})/\""
                    .to_owned(),
            );
        }
        Ok(Self { re })
    }

    /// The date the rule reads from `path` (`/` separators), if it matches.
    pub fn date(&self, path: &str) -> Option<Date> {
        let path = path.replace('\\', "/");
        let c = self.re.captures(&path)?;
        let num = |name: &str| -> Option<u16> { c.name(name)?.as_str().parse().ok() };
        let year = num("year")?;
        let month = c.name("month").map_or(Some(1), |_| num("month"))?;
        let day = c.name("day").map_or(Some(1), |_| num("day"))?;
        Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        self.re.as_str()
    }
}

/// How a run dates its documents.
#[derive(Debug, Clone)]
pub struct Dating {
    /// `--date`: every document has this date.
    pub fixed: Option<Date>,
    /// The config's `date_from_path`.
    pub path_rule: Option<PathRule>,
    /// The fallback.
    pub today: Date,
}

impl Default for Dating {
    fn default() -> Self {
        Self {
            fixed: None,
            path_rule: None,
            today: Date::today(),
        }
    }
}

impl Dating {
    /// Every document dated `d` (as by `--date`).
    pub fn fixed(d: Date) -> Self {
        Self {
            fixed: Some(d),
            ..Self::default()
        }
    }

    /// The date of the document at `path` with text `text`.
    pub fn resolve(&self, path: &str, text: &str) -> DocDate {
        if let Some(value) = self.fixed {
            return DocDate {
                value,
                source: DateSource::Option,
            };
        }
        if let Some(d) = from_document(text) {
            return d;
        }
        if let Some(value) = self.path_rule.as_ref().and_then(|r| r.date(path)) {
            return DocDate {
                value,
                source: DateSource::Path,
            };
        }
        DocDate {
            value: self.today,
            source: DateSource::Today,
        }
    }
}

/// Bytes of a document's head searched for meta, XLIFF and PO dates.
const HEAD: usize = 64 << 10;

/// The date a document states about itself: YAML (or TOML) front matter
/// `date`, HTML `<meta name|property="date|dc.date|dcterms.date|
/// article:published_time" content=...>`, XLIFF `<file date=...>`, PO
/// header `POT-Creation-Date` then `PO-Revision-Date`.
pub fn from_document(text: &str) -> Option<DocDate> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut end = text.len().min(HEAD);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let dated = |value, source| Some(DocDate { value, source });
    if let Some(d) = front_matter(head) {
        return dated(d, DateSource::FrontMatter);
    }
    let lower = head.to_ascii_lowercase();
    if lower.contains("<meta")
        && let Some(d) = html_meta(head, &lower)
    {
        return dated(d, DateSource::Meta);
    }
    if lower.contains("<xliff")
        && let Some(d) = xliff_file_date(head, &lower)
    {
        return dated(d, DateSource::Xliff);
    }
    if head.contains("msgid") {
        for key in ["POT-Creation-Date:", "PO-Revision-Date:"] {
            if let Some(d) = head
                .match_indices(key)
                .find_map(|(i, _)| Date::parse_prefix(&head[i + key.len()..]))
            {
                return dated(d, DateSource::PoHeader);
            }
        }
    }
    None
}

fn front_matter(head: &str) -> Option<Date> {
    let (fence, sep) = if head.starts_with("---\n") || head.starts_with("---\r\n") {
        ("---", ':')
    } else if head.starts_with("+++\n") || head.starts_with("+++\r\n") {
        ("+++", '=')
    } else {
        return None;
    };
    for line in head.lines().skip(1) {
        let l = line.trim_end();
        if l == fence || (fence == "---" && l == "...") {
            break;
        }
        if let Some((k, v)) = l.split_once(sep)
            && k.trim().eq_ignore_ascii_case("date")
        {
            return Date::parse_prefix(v);
        }
    }
    None
}

const META_NAMES: &[&str] = &[
    "date",
    "dc.date",
    "dcterms.date",
    "dc.date.issued",
    "article:published_time",
];

/// The value of attribute `name` in the tag text `tag` (lower-cased copy
/// `ltag` for the search), quoted or not.
fn attr<'a>(tag: &'a str, ltag: &str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = ltag[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || ltag.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = ltag[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let vstart = tag.len() - rest.len() + 1;
        let v = tag[vstart..].trim_start();
        return match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next(),
            _ => v.split(|c: char| c.is_whitespace() || c == '>').next(),
        };
    }
    None
}

fn html_meta(head: &str, lower: &str) -> Option<Date> {
    for (i, _) in lower.match_indices("<meta") {
        let end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
        let (tag, ltag) = (&head[i + 5..end], &lower[i + 5..end]);
        let named = attr(tag, ltag, "name")
            .or_else(|| attr(tag, ltag, "property"))
            .or_else(|| attr(tag, ltag, "itemprop"));
        if named.is_some_and(|n| {
            let n = n.to_ascii_lowercase();
            META_NAMES.contains(&n.as_str()) || n == "datepublished"
        }) && let Some(d) = attr(tag, ltag, "content").and_then(Date::parse_prefix)
        {
            return Some(d);
        }
    }
    None
}

fn xliff_file_date(head: &str, lower: &str) -> Option<Date> {
    for (i, _) in lower.match_indices("<file") {
        let end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
        if let Some(d) =
            attr(&head[i + 5..end], &lower[i + 5..end], "date").and_then(Date::parse_prefix)
        {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!(d("2022-06-01").to_string(), "2022-06-01");
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-13-01").is_err());
        assert!(Date::parse("2023-1-01").is_err());
        assert!(Date::parse("２０２３-01-01").is_err());
        assert_eq!(
            Date::parse_prefix("2023-05-01T10:00:00Z"),
            Some(d("2023-05-01"))
        );
        assert_eq!(
            Date::parse_prefix("\"2023-05-01 10:00+0300\""),
            Some(d("2023-05-01"))
        );
        assert_eq!(Date::parse_prefix("2023-05-011"), None);
        assert_eq!(Date::parse_prefix("YEAR-MO-DA HO:MI+ZONE"), None);
    }

    #[test]
    fn ranges_are_inclusive_then_exclusive() {
        let r = DateRange {
            from: Some(d("2019-03-23")),
            until: Some(d("2022-09-17")),
        };
        assert!(!r.contains(d("2019-03-22")));
        assert!(r.contains(d("2019-03-23")));
        assert!(r.contains(d("2022-09-16")));
        assert!(!r.contains(d("2022-09-17")));
        let before = DateRange {
            from: None,
            until: Some(d("2019-03-23")),
        };
        let after = DateRange {
            from: Some(d("2022-09-17")),
            until: None,
        };
        assert!(!before.overlaps(&r));
        assert!(!r.overlaps(&after));
        assert!(!before.overlaps(&after));
        assert!(DateRange::default().overlaps(&r));
        assert!(r.overlaps(&DateRange {
            from: Some(d("2022-09-16")),
            until: None
        }));
    }

    #[test]
    fn civil_days() {
        assert_eq!(Date::from_days_since_epoch(0), d("1970-01-01"));
        assert_eq!(Date::from_days_since_epoch(19_144), d("2022-06-01"));
        assert_eq!(Date::from_days_since_epoch(11_016), d("2000-02-29"));
    }

    #[test]
    fn document_dates() {
        let fm = "---\ntitle: x\ndate: 2023-05-01T08:00:00+03:00\n---\nText";
        assert_eq!(
            from_document(fm),
            Some(DocDate {
                value: d("2023-05-01"),
                source: DateSource::FrontMatter
            })
        );
        let html = "<html><head><META property=\"article:published_time\" content='2021-02-03T00:00Z'></head>";
        assert_eq!(
            from_document(html).map(|x| (x.value, x.source)),
            Some((d("2021-02-03"), DateSource::Meta))
        );
        let html2 =
            "<meta name=description content=x><meta name=\"DC.date\" content=\"2020-01-02\">";
        assert_eq!(from_document(html2).map(|x| x.value), Some(d("2020-01-02")));
        let xlf = "<?xml version=\"1.0\"?><xliff version=\"1.2\"><file original=\"a\" date=\"2019-07-08T10:00:00Z\" source-language=\"ru\">";
        assert_eq!(
            from_document(xlf).map(|x| (x.value, x.source)),
            Some((d("2019-07-08"), DateSource::Xliff))
        );
        let po = "msgid \"\"\nmsgstr \"\"\n\"POT-Creation-Date: YEAR-MO-DA HO:MI+ZONE\\n\"\n\"PO-Revision-Date: 2018-01-02 10:00+0000\\n\"\n";
        assert_eq!(
            from_document(po).map(|x| (x.value, x.source)),
            Some((d("2018-01-02"), DateSource::PoHeader))
        );
        assert_eq!(from_document("date: 2020-01-01 in plain text"), None);
        assert_eq!(
            from_document("---\ntitle: no date\n---\ndate: 2020-01-01"),
            None
        );
    }

    #[test]
    fn resolution_order() {
        let rule = PathRule::new(r"(?<year>\d{4})/(?<month>\d{2})/").unwrap();
        assert_eq!(rule.date("archive/2023/05/x.txt"), Some(d("2023-05-01")));
        assert_eq!(rule.date("archive/2023/13/x.txt"), None);
        assert!(PathRule::new(r"(\d{4})/").is_err());
        assert!(PathRule::new(r"(?<year>\d{4}").is_err());
        let dating = Dating {
            fixed: None,
            path_rule: Some(rule),
            today: d("2026-01-01"),
        };
        let doc = |p, t| (p, t);
        let r = {
            let (p, t) = doc("a/2023/05/x.md", "---\ndate: 2019-01-01\n---\n");
            dating.resolve(p, t)
        };
        assert_eq!(
            (r.value, r.source),
            (d("2019-01-01"), DateSource::FrontMatter)
        );
        let r = {
            let (p, t) = doc("a/2023/05/x.md", "text");
            dating.resolve(p, t)
        };
        assert_eq!((r.value, r.source), (d("2023-05-01"), DateSource::Path));
        let r = {
            let (p, t) = doc("x.md", "text");
            dating.resolve(p, t)
        };
        assert_eq!((r.value, r.source), (d("2026-01-01"), DateSource::Today));
        let fixed = Dating {
            fixed: Some(d("2000-01-01")),
            ..dating
        };
        let r = {
            let (p, t) = doc("a/2023/05/x.md", "---\ndate: 2019-01-01\n---\n");
            fixed.resolve(p, t)
        };
        assert_eq!((r.value, r.source), (d("2000-01-01"), DateSource::Option));
    }

    proptest::proptest! {
        #[test]
        fn dates_round_trip_and_order(a in 0i64..2_900_000, b in 0i64..2_900_000) {
            let (da, db) = (Date::from_days_since_epoch(a), Date::from_days_since_epoch(b));
            proptest::prop_assert_eq!(Date::parse(&da.to_string()), Ok(da));
            proptest::prop_assert_eq!(a.cmp(&b), da.cmp(&db));
            let r = DateRange { from: Some(da.min(db)), until: Some(da.max(db)) };
            proptest::prop_assert!(!r.contains(da.max(db)));
            proptest::prop_assert_eq!(r.contains(da.min(db)), a != b);
            proptest::prop_assert_eq!(r.overlaps(&r), a != b);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,14}") {
            let _ = Date::parse(&s);
            let _ = Date::parse_prefix(&s);
            let _ = from_document(&s);
        }
    }
}
