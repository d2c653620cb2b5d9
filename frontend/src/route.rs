//! The app's URLs and the page each one shows.
//!
//! The backend serves `index.html` for any unknown path, so these are real URLs that survive a
//! reload. Adding a lab means one variant here and one arm in [`switch`].

use yew::prelude::*;
use yew_router::prelude::*;

use crate::labs::room::{JoinRoom, LinkCode, Present};
use crate::labs::{
    Cache, ConsolePage, ExerciseCache, ExerciseLock, ExercisePubsub, ExerciseRatelimit, Lock, Ping,
    PubSub, Quiz, RateLimit,
};
use crate::pages::{Home, NotFound};

/// Every page of the playground.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Routable)]
pub enum Route {
    /// Introduction and the list of labs.
    #[at("/")]
    Home,
    /// The ping lab.
    #[at("/ping")]
    Ping,
    /// The Pub/Sub lab.
    #[at("/pubsub")]
    PubSub,
    /// The rate-limit lab.
    #[at("/ratelimit")]
    RateLimit,
    /// The distributed-lock lab.
    #[at("/lock")]
    Lock,
    /// The cache warm-up lab.
    #[at("/cache")]
    Cache,
    /// The closing quiz.
    #[at("/quiz")]
    Quiz,
    /// The console.
    #[at("/console")]
    Console,
    /// The rate-limit exercise: the learner's own limiter, graded on a sandbox Redis.
    #[at("/exercise/ratelimit")]
    ExerciseRatelimit,
    /// The lock exercise: the learner's own acquire and release, graded on a sandbox Redis.
    #[at("/exercise/lock")]
    ExerciseLock,
    /// The Pub/Sub exercise: the learner's own publish and read, graded on a sandbox Redis.
    #[at("/exercise/pubsub")]
    ExercisePubsub,
    /// The cache exercise: the learner's own warm-up, graded on a sandbox Redis.
    #[at("/exercise/cache")]
    ExerciseCache,
    /// A workshop room, opened by this browser as its presenter.
    #[at("/present")]
    Present,
    /// A workshop room, joined with its code as a participant.
    #[at("/room/:code")]
    Room {
        /// The code as the link carried it, checked by the page: a malformed one shows the join form
        /// saying so, not the 404 page.
        code: LinkCode,
    },
    /// Any other path.
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// The page for `route`; handed to yew-router's `Switch`.
pub fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Ping => html! { <Ping /> },
        Route::PubSub => html! { <PubSub /> },
        Route::RateLimit => html! { <RateLimit /> },
        Route::Cache => html! { <Cache /> },
        Route::Quiz => html! { <Quiz /> },
        Route::ExerciseRatelimit => html! { <ExerciseRatelimit /> },
        Route::ExerciseLock => html! { <ExerciseLock /> },
        Route::ExerciseCache => html! { <ExerciseCache /> },
        Route::ExercisePubsub => html! { <ExercisePubsub /> },
        Route::Lock => html! { <Lock /> },
        Route::Console => html! { <ConsolePage /> },
        Route::Present => html! { <Present /> },
        Route::Room { code } => html! { <JoinRoom {code} /> },
        Route::NotFound => html! { <NotFound /> },
    }
}
