//! The HTTP routes: the built frontend at `/` (from a folder or embedded in the binary, with an SPA
//! fallback to index.html so deep links like `/ping` load the app), the WebSocket at `/ws`, and
//! `/healthz`. The frontend's files go out as their precompressed `.br`/`.gz` copies when the client
//! accepts one (compressed on the fly when a file has none), with the cache policy of
//! [`site::cache_control`].

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    middleware,
    routing::get,
};
use serde::Serialize;
use shared::{PROTOCOL_VERSION, RedisHealth};
use tower_http::{
    compression::CompressionLayer,
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

use crate::{
    AppState,
    site::{self, Frontend},
    store::Isolation,
    ws,
};

/// The whole router, serving the frontend from `frontend`.
pub fn router(state: AppState, frontend: &Frontend) -> Router {
    let routes = Router::new()
        .route("/ws", get(ws::handler))
        .route("/healthz", get(healthz));
    let routes = match frontend {
        Frontend::Dir(dir) => {
            let index = tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-cache"),
                ))
                .service(
                    ServeFile::new(dir.join("index.html"))
                        .precompressed_br()
                        .precompressed_gzip(),
                );
            routes.fallback_service(
                tower::ServiceBuilder::new()
                    .layer(CompressionLayer::new())
                    .layer(middleware::from_fn(site::dir_headers))
                    .service(
                        ServeDir::new(dir)
                            .precompressed_br()
                            .precompressed_gzip()
                            .fallback(index),
                    ),
            )
        }
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
    /// `single` (one Redis server) or `cluster` (a Redis Cluster).
    deployment: &'static str,
    /// How sessions are kept apart: `acl` (a Redis user per session) or `prefix` (key prefix only).
    isolation: Isolation,
    /// Why sessions are kept apart by prefix only, as a sentence; absent under `acl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    isolation_note: Option<String>,
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
        deployment: if state.store.is_cluster() {
            "cluster"
        } else {
            "single"
        },
        isolation: state.store.isolation(),
        isolation_note: state.store.isolation_fallback().map(str::to_owned),
    };
    (code, Json(body))
}
