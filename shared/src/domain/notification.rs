//! The queuing of an analysis's events for the partner's webhooks: its completion's
//! (`analysis.completed` / `analysis.failed`), then one `analysis.reviewed` per review.
//! Each leaves once, under a claim of its own held by the worker queuing it (the analysis
//! worker's contract, in its crate documentation).

use chrono::{DateTime, Utc};

use crate::domain::model::{Analysis, WebhookId};
use crate::domain::review::ReviewId;

/// Which of an analysis's events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The event of its completion or failure.
    Finished,
    /// The event of one of its reviews.
    Review(ReviewId),
}

/// Where the queuing of one event stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notification {
    /// The event was queued for every webhook subscribed to it.
    pub notified: bool,
    /// When a worker claimed its queuing, while it holds the claim.
    pub notifying_since: Option<DateTime<Utc>>,
    /// The webhooks it was queued for before queuing failed part-way.
    pub notified_webhooks: Vec<WebhookId>,
}

impl Analysis {
    /// Its events, in the order they leave: its completion's, then its reviews', oldest
    /// first.
    pub fn notices(&self) -> impl Iterator<Item = Notice> + '_ {
        std::iter::once(Notice::Finished)
            .chain(self.reviews.iter().map(|review| Notice::Review(review.id)))
    }

    /// Where the queuing of `notice`'s event stands; `None` for a review it does not hold.
    pub fn notification(&self, notice: Notice) -> Option<Notification> {
        match notice {
            Notice::Finished => Some(Notification {
                notified: self.notified,
                notifying_since: self.notifying_since,
                notified_webhooks: self.notified_webhooks.clone(),
            }),
            Notice::Review(id) => self.review(id).map(|review| Notification {
                notified: review.notified,
                notifying_since: review.notifying_since,
                notified_webhooks: review.notified_webhooks.clone(),
            }),
        }
    }

    /// Sets where the queuing of `notice`'s event stands; `false` (and nothing changed)
    /// for a review it does not hold.
    pub fn set_notification(&mut self, notice: Notice, notification: Notification) -> bool {
        let Notification {
            notified,
            notifying_since,
            notified_webhooks,
        } = notification;
        match notice {
            Notice::Finished => {
                self.notified = notified;
                self.notifying_since = notifying_since;
                self.notified_webhooks = notified_webhooks;
                true
            }
            Notice::Review(id) => match self.reviews.iter_mut().find(|review| review.id == id) {
                Some(review) => {
                    review.notified = notified;
                    review.notifying_since = notifying_since;
                    review.notified_webhooks = notified_webhooks;
                    true
                }
                None => false,
            },
        }
    }
}
