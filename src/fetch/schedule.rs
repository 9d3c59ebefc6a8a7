//! The work queue of a fetch: a few worker threads, one request at a time
//! per host, and a pause after each before the host's next one. Jobs come
//! in while others run (a feed's items), so the queue ends when it is
//! closed and empty.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

struct Host<J> {
    jobs: VecDeque<J>,
    busy: bool,
    ready_at: Instant,
}

struct State<J> {
    hosts: HashMap<String, Host<J>>,
    closed: bool,
}

/// Jobs keyed by host.
pub struct Queue<J> {
    state: Mutex<State<J>>,
    changed: Condvar,
}

/// A job taken from the queue: its host stays busy until it is released.
pub struct Taken<J> {
    pub host: String,
    pub job: J,
}

impl<J> Queue<J> {
    pub fn new() -> Queue<J> {
        Queue {
            state: Mutex::new(State {
                hosts: HashMap::new(),
                closed: false,
            }),
            changed: Condvar::new(),
        }
    }

    pub fn push(&self, host: String, job: J) {
        let mut state = self.lock();
        state
            .hosts
            .entry(host)
            .or_insert_with(|| Host {
                jobs: VecDeque::new(),
                busy: false,
                ready_at: Instant::now(),
            })
            .jobs
            .push_back(job);
        self.changed.notify_all();
    }

    /// No more jobs will come: workers finish what is queued and return.
    pub fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }

    /// The next job whose host is free and rested, waiting for one; `None`
    /// once the queue is closed and empty.
    pub fn take(&self) -> Option<Taken<J>> {
        let mut state = self.lock();
        loop {
            let now = Instant::now();
            let mut next_ready: Option<Instant> = None;
            let mut any_jobs = false;
            let mut chosen = None;
            for (name, host) in &state.hosts {
                if host.busy || host.jobs.is_empty() {
                    any_jobs |= !host.jobs.is_empty();
                    continue;
                }
                any_jobs = true;
                if host.ready_at <= now {
                    chosen = Some(name.clone());
                    break;
                }
                next_ready = Some(next_ready.map_or(host.ready_at, |t| t.min(host.ready_at)));
            }
            if let Some(name) = chosen {
                let host = state.hosts.get_mut(&name)?;
                host.busy = true;
                let job = host.jobs.pop_front()?;
                return Some(Taken { host: name, job });
            }
            if state.closed && !any_jobs {
                return None;
            }
            state = match next_ready {
                Some(at) => {
                    let wait = at.saturating_duration_since(now);
                    self.changed
                        .wait_timeout(state, wait)
                        .map(|(s, _)| s)
                        .unwrap_or_else(|e| e.into_inner().0)
                }
                None => self.changed.wait(state).unwrap_or_else(|e| e.into_inner()),
            };
        }
    }

    /// The host of a taken job is free again after `pause`.
    pub fn release(&self, host: &str, pause: Duration) {
        let mut state = self.lock();
        if let Some(h) = state.hosts.get_mut(host) {
            h.busy = false;
            h.ready_at = Instant::now() + pause;
        }
        self.changed.notify_all();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State<J>> {
        // A worker that panicked holding the lock leaves consistent state:
        // every change above is a single assignment.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn one_job_at_a_time_per_host_with_the_pause_between() {
        let queue = Arc::new(Queue::new());
        for i in 0..3 {
            queue.push("a".into(), i);
            queue.push("b".into(), 10 + i);
        }
        queue.close();
        let log = Arc::new(Mutex::new(Vec::new()));
        let pause = Duration::from_millis(30);
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let queue = Arc::clone(&queue);
                let log = Arc::clone(&log);
                std::thread::spawn(move || {
                    while let Some(taken) = queue.take() {
                        let start = Instant::now();
                        std::thread::sleep(Duration::from_millis(5));
                        log.lock()
                            .unwrap()
                            .push((taken.host.clone(), start, Instant::now()));
                        queue.release(&taken.host, pause);
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
        let log = log.lock().unwrap();
        assert_eq!(log.len(), 6);
        for host in ["a", "b"] {
            let mut runs: Vec<_> = log.iter().filter(|(h, _, _)| h == host).collect();
            runs.sort_by_key(|(_, start, _)| *start);
            for pair in runs.windows(2) {
                assert!(
                    pair[1].1 >= pair[0].2 + pause,
                    "{host}: no pause between requests"
                );
            }
        }
    }
}
