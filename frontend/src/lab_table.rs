//! The table of labs the nav, the home page and presenter mode are drawn from: each lab's route and
//! names, in the course's order. Apart from [`crate::labs`], so the labs and the routes that show them
//! do not depend on each other.

use crate::i18n::Text;
use crate::route::Route;

/// What the nav and the home page need to know about one lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabInfo {
    /// Where the lab lives.
    pub route: Route,
    /// Short name for the nav.
    pub nav: Text,
    /// Page heading and card title.
    pub title: Text,
    /// One sentence on what the lab teaches.
    pub summary: Text,
}

/// Every lab, in the course's order.
pub const LABS: [LabInfo; 11] = [
    LabInfo {
        route: Route::Ping,
        nav: Text::PingNav,
        title: Text::PingTitle,
        summary: Text::PingSummary,
    },
    LabInfo {
        route: Route::PubSub,
        nav: Text::PubSubNav,
        title: Text::PubSubTitle,
        summary: Text::PubSubSummary,
    },
    LabInfo {
        route: Route::RateLimit,
        nav: Text::RateLimitNav,
        title: Text::RateLimitTitle,
        summary: Text::RateLimitSummary,
    },
    LabInfo {
        route: Route::Lock,
        nav: Text::LockNav,
        title: Text::LockTitle,
        summary: Text::LockSummary,
    },
    LabInfo {
        route: Route::Cache,
        nav: Text::CacheNav,
        title: Text::CacheTitle,
        summary: Text::CacheSummary,
    },
    LabInfo {
        route: Route::Quiz,
        nav: Text::QuizNav,
        title: Text::QuizTitle,
        summary: Text::QuizSummary,
    },
    LabInfo {
        route: Route::ExerciseRatelimit,
        nav: Text::ExerciseNav,
        title: Text::ExerciseTitle,
        summary: Text::ExerciseSummary,
    },
    LabInfo {
        route: Route::ExerciseLock,
        nav: Text::ExerciseLockNav,
        title: Text::ExerciseLockTitle,
        summary: Text::ExerciseLockSummary,
    },
    LabInfo {
        route: Route::ExercisePubsub,
        nav: Text::ExercisePubsubNav,
        title: Text::ExercisePubsubTitle,
        summary: Text::ExercisePubsubSummary,
    },
    LabInfo {
        route: Route::ExerciseCache,
        nav: Text::ExerciseCacheNav,
        title: Text::ExerciseCacheTitle,
        summary: Text::ExerciseCacheSummary,
    },
    LabInfo {
        route: Route::Console,
        nav: Text::ConsoleNav,
        title: Text::ConsoleTitle,
        summary: Text::ConsoleSummary,
    },
];

/// The table entry for `route`, if it is a lab.
pub fn info(route: Route) -> Option<&'static LabInfo> {
    LABS.iter().find(|lab| lab.route == route)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lab_route_is_listed_once() {
        for lab in &LABS {
            assert_eq!(
                LABS.iter().filter(|other| other.route == lab.route).count(),
                1
            );
        }
        assert!(info(Route::Home).is_none());
        assert!(info(Route::Ping).is_some());
    }
}
