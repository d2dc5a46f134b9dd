//! The `analysis-sweeper` function: run on a schedule (`template.yaml`, every five
//! minutes), it queues again every analysis still owed a message [`STALE_AFTER`] after
//! that message was last queued. That message was lost: the `analyses` function
//! committed the analysis (or a review of it) and then failed to send it (a timeout, a
//! lost container) and failed to undo the write, or a message was dead-lettered after
//! the worker's store kept failing. For a pending analysis the message brings its
//! result; for a reviewed one, the review's `analysis.reviewed` event.
//!
//! It finds them in the store's sparse index of waiting analyses
//! ([`shared::store::AnalysisStore::list_stale_analyses`]), never by a scan. Each is first taken with
//! a conditional write moving its `queued_at` to now ([`shared::store::AnalysisStore::requeue_analysis`]):
//! an analysis whose message came meanwhile, or that was erased, is left alone, and of
//! two sweeps that read the same analysis (overlapping runs, a retried invocation) one
//! queues it. The message is sent after the write, so a send that fails leaves the
//! analysis for the sweep after next, [`STALE_AFTER`] later, rather than queuing it
//! twice. A duplicate is harmless anyway: the worker stores one result per analysis and
//! queues each event once.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use shared::edge::serve::error_chain;
use shared::queue::{Queue, QueueError};
use shared::store::{Store, StoreError};

/// How long after its message was queued a pending analysis counts as lost: the worker
/// finishes one in milliseconds, and a message the worker failed is retried after the
/// queue's visibility timeout (180 s), so a live message has been received again by then.
pub const STALE_AFTER: TimeDelta = TimeDelta::minutes(5);

/// Analyses read from the index at a time.
const BATCH: usize = 100;
/// Batches per run at most: a run stays well within its timeout, and what is left is
/// the next run's.
const MAX_BATCHES: usize = 10;

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sweep {
    /// Analyses whose message was queued again.
    pub requeued: usize,
    /// Stale analyses another sweep took, or that finished meanwhile.
    pub skipped: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("store: {}", error_chain(.0))]
    Store(#[from] StoreError),
    #[error("{failed} messages could not be queued (the next sweeps retry them): {}", error_chain(.source))]
    Queue {
        failed: usize,
        #[source]
        source: QueueError,
    },
    #[error("a message could not be written: {0}")]
    Message(#[from] serde_json::Error),
}

/// The sweeper's dependencies, built once per container.
pub struct Sweeper {
    store: Arc<dyn Store>,
    analysis_queue: Arc<dyn Queue>,
}

impl Sweeper {
    pub fn new(store: Arc<dyn Store>, analysis_queue: Arc<dyn Queue>) -> Self {
        Self {
            store,
            analysis_queue,
        }
    }

    /// Queues again the analyses stale at `now`. Per batch of up to 100 stale analyses:
    /// 1 DynamoDB `Query` per shard of the index, then per analysis 1 conditional
    /// `UpdateItem` and, when it wins, 1 SQS `SendMessage` carrying ids only.
    pub async fn sweep(&self, now: DateTime<Utc>) -> Result<Sweep, SweepError> {
        let before = now - STALE_AFTER;
        let mut sweep = Sweep::default();
        let mut failed = Vec::new();
        for _ in 0..MAX_BATCHES {
            let stale = self.store.list_stale_analyses(before, BATCH).await?;
            let mut taken = 0;
            for analysis in &stale {
                match self.store.requeue_analysis(analysis, now).await {
                    Ok(()) => taken += 1,
                    Err(StoreError::Conflict) => {
                        sweep.skipped += 1;
                        continue;
                    }
                    Err(error) => return Err(error.into()),
                }
                let message = serde_json::to_string(&analysis.request())?;
                match self.analysis_queue.send(&message, Duration::ZERO).await {
                    Ok(()) => {
                        tracing::info!(analysis_id = %analysis.id, "a lost analysis is queued again");
                        sweep.requeued += 1;
                    }
                    Err(error) => {
                        tracing::warn!(analysis_id = %analysis.id, error = %error_chain(&error), "a lost analysis could not be queued again");
                        failed.push(error);
                    }
                }
            }
            // Shorter than a batch: nothing more is stale. Nothing taken: what is left
            // is the index lagging behind this run's own writes.
            if stale.len() < BATCH || taken == 0 {
                break;
            }
        }
        let count = failed.len();
        match failed.pop() {
            None => Ok(sweep),
            Some(source) => Err(SweepError::Queue {
                failed: count,
                source,
            }),
        }
    }
}

/// The Lambda handler: the scheduled event says nothing the sweep needs. A failure is
/// the invocation's error, so that it shows in the function's `Errors` metric.
pub async fn handle(sweeper: &Sweeper) -> Result<Sweep, SweepError> {
    let sweep = sweeper.sweep(Utc::now()).await?;
    tracing::info!(
        requeued = sweep.requeued,
        skipped = sweep.skipped,
        "sweep done"
    );
    Ok(sweep)
}
