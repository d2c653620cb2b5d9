//! The Redis playground's server. It serves the browser app, runs every lab against a real Redis, and
//! streams what happened back over one WebSocket per tab.
//!
//! - [`config`]: command-line flags.
//! - [`embedded`]: the private redis-server used when no Redis URL is given.
//! - [`error`]: start-up errors and lab errors.
//! - [`http`]: the routes: static frontend, `/ws`, `/healthz`.
//! - [`site`]: the frontend's files, from a folder or embedded in the binary.
//! - [`ws`]: one WebSocket connection: decode, dispatch, write, clean up.
//! - [`limits`]: message rate, runs and clients per session, connections per address, counted in Redis.
//! - [`sandbox`]: a private redis-server per grading, for untrusted learner scripts, and its kill path.
//! - [`session`]: a connection's identity, namespace and Redis connections.
//! - [`labs`]: one module per lab, and the `dispatch` that routes a request to it.
//! - [`store`]: the only module that talks to Redis; it records every command in the trace.

pub mod config;
pub mod embedded;
pub mod error;
pub mod http;
pub mod labs;
pub mod limits;
pub mod outbox;
pub mod sandbox;
pub mod session;
pub mod site;
pub mod store;
pub mod ws;

use std::{io, net::SocketAddr, sync::Arc};

use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::{limits::Limits, sandbox::Sandboxes, site::Frontend, store::Store};

/// What every request handler shares: cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The Redis the labs run against.
    pub store: Store,
    /// Cancelled on Ctrl-C; WebSocket tasks watch it, since axum's graceful shutdown does not wait for them.
    pub shutdown: CancellationToken,
    /// Origins besides the page's own whose pages may open `/ws` (e.g. a presenter's other host name).
    pub allowed_origins: Arc<[String]>,
    /// What one connection, session and address may use.
    pub limits: Limits,
    /// The sandboxes this backend may run at once (`limits.sandboxes` of them).
    pub sandboxes: Sandboxes,
}

/// Serves the playground on `listener` until `state.shutdown` is cancelled, then drains open requests.
/// `frontend` is a folder (a path converts into one) or [`Frontend::Embedded`].
pub async fn run(
    listener: TcpListener,
    state: AppState,
    frontend: impl Into<Frontend>,
) -> io::Result<()> {
    store::spawn_monitor(&state.store, state.shutdown.clone());
    let shutdown = state.shutdown.clone();
    let app = http::router(state, &frontend.into());
    // The peer's address is what connections per address are counted by.
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    // Without TCP_NODELAY a reply written right after its trace batch waits for the browser's delayed
    // ACK of the batch (Nagle's algorithm): about 40 ms on every button press.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY on a connection");
        }
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(async move { shutdown.cancelled().await })
        .await
}
