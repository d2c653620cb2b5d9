//! The HTTP routes: the built frontend at `/` (from a folder or embedded in the binary, compressed, with an
//! SPA fallback to index.html so deep links like `/ping` load the app), the WebSocket at `/ws`, and
//! `/healthz`.

use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use serde::Serialize;
use shared::{PROTOCOL_VERSION, RedisHealth};
use tower_http::{
    compression::CompressionLayer,
    services::{ServeDir, ServeFile},
    trace::TraceLayer,
};

use crate::{
    AppState,
    site::{self, Frontend},
    ws,
};

/// The whole router, serving the frontend from `frontend`.
pub fn router(state: AppState, frontend: &Frontend) -> Router {
    let routes = Router::new()
        .route("/ws", get(ws::handler))
        .route("/healthz", get(healthz));
    let routes = match frontend {
        Frontend::Dir(dir) => routes.fallback_service(
            tower::ServiceBuilder::new()
                .layer(CompressionLayer::new())
                .service(ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")))),
        ),
        Frontend::Embedded => routes
            .fallback(site::embedded)
            .layer(CompressionLayer::new()),
    };
    routes.layer(TraceLayer::new_for_http()).with_state(state)
}

/// The body of `/healthz`.
#[derive(Serialize)]
struct Health {
    /// `ok` when Redis answers, `degraded` when it does not.
    status: &'static str,
    /// The wire protocol version the backend speaks.
    protocol: u32,
    /// Redis as the health probe last saw it.
    redis: RedisHealth,
}

/// 200 with the Redis status while Redis answers, 503 while it does not.
async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let redis = state.store.health();
    let (code, status) = if redis.reachable {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "degraded")
    };
    let body = Health {
        status,
        protocol: PROTOCOL_VERSION,
        redis,
    };
    (code, Json(body))
}
