//! One HTTP GET, defensively: redirects followed by hand (at most a few,
//! a loop named as such), a deadline for the whole response, a cap on the
//! body after decompression, 5xx and timeouts retried with backoff. The
//! client is `ureq` (blocking, rustls: no OpenSSL, so a static binary
//! works); its gzip feature is off so that decompression happens here,
//! under the cap, whatever the headers claim.

use std::collections::HashSet;
use std::io::Read;
use std::time::{Duration, Instant};
use url::Url;

/// The limits and manners of every request.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub user_agent: String,
    pub connect_timeout: Duration,
    /// For a whole response, headers and body: a server that trickles bytes
    /// forever is cut here.
    pub response_timeout: Duration,
    /// The body's size after decompression.
    pub max_body: u64,
    pub max_redirects: usize,
    /// Tries after the first, for a 5xx or a timeout.
    pub retries: u32,
    /// The wait before the first retry, doubled before each next one.
    pub backoff: Duration,
}

/// The validators of a previous answer, for a conditional request.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A full answer.
#[derive(Debug)]
pub struct Response {
    /// Where the body came from, after redirects.
    pub url: Url,
    /// Decompressed.
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub validators: Validators,
}

#[derive(Debug)]
pub enum Fetched {
    Full(Response),
    /// 304: unchanged since the validators were given.
    NotModified,
}

/// Why a request gave no body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    #[error("HTTP {0}")]
    Status(u16),
    #[error("timed out after {}", duration(*.0))]
    Timeout(Duration),
    #[error("redirect loop back to {0}")]
    RedirectLoop(String),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("redirect without a usable Location")]
    BadRedirect,
    #[error("larger than {0} bytes (the --max-page-size), cut")]
    TooLarge(u64),
    #[error("gzip data broken: {0}")]
    Gzip(String),
    #[error("disallowed by robots.txt")]
    Disallowed,
    #[error("robots.txt unreachable ({0}), so nothing of its host is fetched")]
    RobotsUnreachable(String),
    #[error("{0}")]
    Network(String),
}

impl HttpError {
    /// Worth another try: the server's trouble or a timeout, not a refusal.
    fn is_transient(&self) -> bool {
        match self {
            HttpError::Status(code) => (500..600).contains(code),
            HttpError::Timeout(_) => true,
            _ => false,
        }
    }
}

pub struct Client {
    agent: ureq::Agent,
    options: HttpOptions,
}

impl Client {
    pub fn new(options: HttpOptions) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(options.user_agent.as_str())
            .accept_encoding("gzip")
            .timeout_connect(Some(options.connect_timeout))
            .timeout_per_call(Some(options.response_timeout))
            .build();
        Client {
            agent: config.into(),
            options,
        }
    }

    pub fn options(&self) -> &HttpOptions {
        &self.options
    }

    /// GETs `url`, retrying a 5xx or a timeout. `permit` is asked before
    /// each address (the first and every redirect's) and may refuse it.
    pub fn get(
        &self,
        url: &Url,
        validators: &Validators,
        permit: &dyn Fn(&Url) -> Result<(), HttpError>,
    ) -> Result<Fetched, HttpError> {
        let mut wait = self.options.backoff;
        let mut tries_left = self.options.retries;
        loop {
            match self.get_once(url, validators, permit) {
                Err(e) if e.is_transient() && tries_left > 0 => {
                    tries_left -= 1;
                    std::thread::sleep(wait);
                    wait *= 2;
                }
                outcome => return outcome,
            }
        }
    }

    fn get_once(
        &self,
        url: &Url,
        validators: &Validators,
        permit: &dyn Fn(&Url) -> Result<(), HttpError>,
    ) -> Result<Fetched, HttpError> {
        let mut seen: HashSet<Url> = HashSet::new();
        let mut current = url.clone();
        loop {
            permit(&current)?;
            seen.insert(current.clone());
            let deadline = Instant::now() + self.options.response_timeout;
            let mut request = self.agent.get(current.as_str());
            if let Some(etag) = &validators.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(date) = &validators.last_modified {
                request = request.header("If-Modified-Since", date);
            }
            let response = request.call().map_err(|e| self.error(e))?;
            let status = response.status().as_u16();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            match status {
                304 => return Ok(Fetched::NotModified),
                300..=399 if status != 304 => {
                    let location = header("location").ok_or(HttpError::BadRedirect)?;
                    let next = current
                        .join(&location)
                        .map_err(|_| HttpError::BadRedirect)?;
                    if seen.contains(&next) {
                        return Err(HttpError::RedirectLoop(next.to_string()));
                    }
                    if seen.len() > self.options.max_redirects {
                        return Err(HttpError::TooManyRedirects(self.options.max_redirects));
                    }
                    current = next;
                }
                200..=299 => {
                    let content_type = header("content-type");
                    let validators = Validators {
                        etag: header("etag"),
                        last_modified: header("last-modified"),
                    };
                    // A body announced larger than the cap is larger
                    // inflated too: not read at all.
                    if response
                        .body()
                        .content_length()
                        .is_some_and(|n| n > self.options.max_body)
                    {
                        return Err(HttpError::TooLarge(self.options.max_body));
                    }
                    let reader = response.into_body().into_reader();
                    let raw = self.read_capped(reader, deadline)?;
                    let body = self.inflate(raw)?;
                    return Ok(Fetched::Full(Response {
                        url: current,
                        body,
                        content_type,
                        validators,
                    }));
                }
                _ => return Err(HttpError::Status(status)),
            }
        }
    }

    fn error(&self, e: ureq::Error) -> HttpError {
        match e {
            ureq::Error::Timeout(_) => HttpError::Timeout(self.options.response_timeout),
            ureq::Error::Io(io) if is_timeout(&io) => {
                HttpError::Timeout(self.options.response_timeout)
            }
            ureq::Error::HostNotFound => HttpError::Network("host not found".into()),
            ureq::Error::ConnectionFailed => HttpError::Network("connection failed".into()),
            other => HttpError::Network(other.to_string()),
        }
    }

    /// The body as sent, at most the cap (a compressed body is no larger
    /// than what it inflates to), before the deadline.
    fn read_capped(&self, mut reader: impl Read, deadline: Instant) -> Result<Vec<u8>, HttpError> {
        let cap = self.options.max_body;
        let mut body = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            if Instant::now() >= deadline {
                return Err(HttpError::Timeout(self.options.response_timeout));
            }
            let n = match reader.read(&mut chunk) {
                Ok(0) => return Ok(body),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) if is_timeout(&e) => {
                    return Err(HttpError::Timeout(self.options.response_timeout));
                }
                Err(e) => return Err(HttpError::Network(e.to_string())),
            };
            if body.len() as u64 + n as u64 > cap {
                return Err(HttpError::TooLarge(cap));
            }
            body.extend_from_slice(&chunk[..n]);
        }
    }

    /// Gzip data inflated, at most the cap: whether a `Content-Encoding`
    /// said so or the body is a `.gz` file, a page never reaches the reader
    /// compressed (which would inflate it without a cap).
    fn inflate(&self, raw: Vec<u8>) -> Result<Vec<u8>, HttpError> {
        if !raw.starts_with(&[0x1f, 0x8b]) {
            return Ok(raw);
        }
        let cap = self.options.max_body;
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| HttpError::Gzip(e.to_string()))?;
        if out.len() as u64 > cap {
            return Err(HttpError::TooLarge(cap));
        }
        Ok(out)
    }
}

/// `30 s`, or `250 ms` under a second (tests' deadlines).
fn duration(d: Duration) -> String {
    if d >= Duration::from_secs(1) {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
    ) || e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<ureq::Error>())
        .is_some_and(|u| matches!(u, ureq::Error::Timeout(_)))
}
