//! robots.txt, fetched once per host and asked before each request. The
//! rules are read by the `texting_robots` crate (tested against Google's
//! robots.txt test suite, including wildcards, `$` and the longest-match
//! rule between Allow and Disallow); what happens when the file cannot be
//! had follows RFC 9309: a 4xx means no rules, a 5xx or no answer means
//! the whole host is disallowed until the next run.

use super::http::{Client, Fetched, HttpError, Validators};
use std::time::Duration;
use texting_robots::Robot;
use url::Url;

/// What a host's robots.txt allows.
#[derive(Debug)]
pub enum Rules {
    /// No robots.txt (4xx) or no rule for us.
    AllowAll,
    Parsed(Box<Robot>),
    /// robots.txt unreachable (5xx, timeout, network), and why: nothing
    /// of the host is fetched.
    Unreachable(String),
}

impl Rules {
    /// Whether `url` may be fetched; the error says why not.
    pub fn check(&self, url: &Url) -> Result<(), HttpError> {
        match self {
            Rules::AllowAll => Ok(()),
            Rules::Parsed(robot) if robot.allowed(url.as_str()) => Ok(()),
            Rules::Parsed(_) => Err(HttpError::Disallowed),
            Rules::Unreachable(why) => Err(HttpError::RobotsUnreachable(why.clone())),
        }
    }

    /// The `Crawl-delay` asked for, at most a minute.
    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Rules::Parsed(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(60.0))),
            _ => None,
        }
    }
}

/// The product token robots.txt groups are matched against.
pub const AGENT: &str = "astana";

/// Fetches and reads the robots.txt of `url`'s host.
pub fn fetch(client: &Client, url: &Url) -> Rules {
    let Ok(robots_url) = url.join("/robots.txt") else {
        return Rules::AllowAll;
    };
    // Its own redirects are followed (RFC 9309 asks for five).
    match client.get(&robots_url, &Validators::default(), &|_| Ok(())) {
        Ok(Fetched::Full(response)) => match Robot::new(AGENT, &response.body) {
            Ok(robot) => Rules::Parsed(Box::new(robot)),
            Err(_) => Rules::AllowAll,
        },
        Ok(Fetched::NotModified) => Rules::AllowAll,
        Err(HttpError::Status(code)) if (400..500).contains(&code) => Rules::AllowAll,
        Err(e) => Rules::Unreachable(e.to_string()),
    }
}
