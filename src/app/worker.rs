//! Searches run off the UI thread: a worker thread with its own connection to the file takes
//! requests tagged with a generation; when several are waiting it runs only the newest, and a
//! new search interrupts the one running, so a newer keystroke supersedes older ones at once.
//! A first page comes back before its total when counting needs a query of its own; the total
//! follows in a second answer unless a newer search came first. Answers come back on a
//! channel, and a wake-up callback tells the UI to look (the UI passes a repaint request; this
//! module knows no UI).

use super::messages::{Failure, failure};
use crate::query::{SearchPage, SearchRequest, search, search_page_first};
use crate::store::{Interrupter, Store};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A search to run; `generation` tells answers to stale requests apart.
#[derive(Debug, Clone)]
pub struct Job {
    pub generation: u64,
    pub request: SearchRequest,
    /// True for a further page of the same search (appended, not replacing).
    pub more: bool,
}

/// The worker's answer.
#[derive(Debug)]
pub struct Answer {
    pub generation: u64,
    pub more: bool,
    pub result: Result<Reply, Failure>,
}

/// What an answer brings.
#[derive(Debug)]
pub enum Reply {
    /// A page (its total with it, or `total_pending`).
    Page(SearchPage),
    /// The total of the first page sent before, counted after it (total, capped), or why it
    /// could not be.
    Total(Result<(u64, bool), Failure>),
}

pub type Wake = Box<dyn Fn() + Send>;

/// The handle the application keeps.
pub struct SearchWorker {
    jobs: Option<Sender<Job>>,
    interrupter: Arc<Mutex<Option<Interrupter>>>,
    answers: Receiver<Answer>,
    thread: Option<JoinHandle<()>>,
}

impl SearchWorker {
    /// Starts a worker reading `path`. `wake` is called after each answer is sent.
    pub fn start(path: PathBuf, wake: Wake) -> SearchWorker {
        let (job_tx, job_rx) = channel::<Job>();
        let (answer_tx, answer_rx) = channel::<Answer>();
        let interrupter = Arc::new(Mutex::new(None));
        let shared = Arc::clone(&interrupter);
        let thread = std::thread::Builder::new()
            .name("chancery-search".into())
            .spawn(move || run(path, job_rx, answer_tx, wake, shared))
            .ok();
        SearchWorker {
            jobs: Some(job_tx),
            interrupter,
            answers: answer_rx,
            thread,
        }
    }

    /// Queues a search. A new search (not a further page) first stops the one running: its
    /// answer would be stale. Interrupting before queueing means the new job cannot be hit.
    pub fn send(&self, job: Job) {
        if !job.more
            && let Ok(guard) = self.interrupter.lock()
            && let Some(interrupter) = guard.as_ref()
        {
            interrupter.interrupt();
        }
        if let Some(jobs) = &self.jobs {
            // A worker that died has reported why through its last answer.
            let _ = jobs.send(job);
        }
    }

    /// Answers that have arrived, oldest first, without waiting.
    pub fn answers(&self) -> Vec<Answer> {
        let mut out = Vec::new();
        loop {
            match self.answers.try_recv() {
                Ok(answer) => out.push(answer),
                Err(TryRecvError::Empty) | Err(TryRecvError::Disconnected) => return out,
            }
        }
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(
    path: PathBuf,
    jobs: Receiver<Job>,
    answers: Sender<Answer>,
    wake: Wake,
    interrupter: Arc<Mutex<Option<Interrupter>>>,
) {
    let store = Store::open(&path).map_err(failure);
    if let (Ok(store), Ok(mut slot)) = (&store, interrupter.lock()) {
        *slot = Some(store.interrupter());
    }
    let mut waiting: Option<Job> = None;
    loop {
        let mut job = match waiting.take() {
            Some(job) => job,
            None => match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
        };
        // Only the newest waiting job matters.
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let store = match &store {
            Ok(store) => store,
            Err(e) => {
                let failed = Answer {
                    generation: job.generation,
                    more: job.more,
                    result: Err(Arc::clone(e)),
                };
                if answers.send(failed).is_err() {
                    return;
                }
                wake();
                continue;
            }
        };
        let (page, pending) = if job.more {
            search(store, &job.request).map(|p| (p, None))
        } else {
            search_page_first(store, &job.request)
        }
        .map_or_else(|e| (Err(failure(e)), None), |(p, pending)| (Ok(p), pending));
        let answer = Answer {
            generation: job.generation,
            more: job.more,
            result: page.map(Reply::Page),
        };
        if answers.send(answer).is_err() {
            return;
        }
        wake();
        let Some(pending) = pending else {
            continue;
        };
        // A newer search makes this total stale: it is not counted.
        if let Ok(newer) = jobs.try_recv() {
            waiting = Some(newer);
            continue;
        }
        let total = Answer {
            generation: job.generation,
            more: false,
            result: Ok(Reply::Total(pending.count(store).map_err(failure))),
        };
        if answers.send(total).is_err() {
            return;
        }
        wake();
    }
}
