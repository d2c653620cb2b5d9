//! Entry point: parse flags, set up logging, find or start Redis, bind, and run until Ctrl-C.

use std::{net::SocketAddr, process::ExitCode};

use backend::{
    AppState,
    config::Config,
    embedded::{EmbeddedError, EmbeddedRedis, LocalCluster},
    error::StartupError,
    site::Frontend,
    store::Store,
};
use clap::Parser;
use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    match serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), StartupError> {
    let limits = config.limits();
    let frontend = config
        .frontend_dir
        .map_or(Frontend::Embedded, Frontend::Dir);
    if !frontend.is_present() {
        return Err(match frontend {
            Frontend::Dir(dir) => StartupError::FrontendMissing(dir),
            Frontend::Embedded => StartupError::FrontendNotEmbedded,
        });
    }
    let private = |e| match e {
        EmbeddedError::NotInstalled => StartupError::NoRedisServer,
        EmbeddedError::Failed(reason) => StartupError::EmbeddedFailed(reason),
    };
    // Held until the end of `serve`: dropping them stops the private redis-server or cluster.
    let (mut private_server, mut private_cluster) = (None, None);
    let seeds = match (config.redis_url, config.redis_cluster) {
        (Some(url), _) => vec![url],
        (None, seeds) if !seeds.is_empty() => seeds,
        (None, _) if config.cluster => {
            let cluster = LocalCluster::start().await.map_err(private)?;
            tracing::info!(ports = ?cluster.ports(), "started a private Redis Cluster");
            private_cluster.insert(cluster).urls()
        }
        (None, _) => {
            let server = EmbeddedRedis::start(&[]).await.map_err(private)?;
            tracing::info!(port = server.port(), "started a private redis-server");
            vec![private_server.insert(server).url()]
        }
    };
    let store = Store::connect_seeds(&seeds)
        .await
        .map_err(|reason| StartupError::Unreachable {
            url: seeds.join(","),
            reason,
        })?;
    if store.is_cluster() {
        tracing::info!("running on a Redis Cluster");
    }
    let addr = SocketAddr::new(config.bind, config.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartupError::Bind { addr, source })?;
    let shutdown = CancellationToken::new();
    tokio::spawn({
        let shutdown = shutdown.clone();
        async move {
            stop_signal().await;
            tracing::info!("shutting down");
            shutdown.cancel();
        }
    });
    let local = listener.local_addr().unwrap_or(addr);
    println!("Redis playground: http://{local}/");
    let state = AppState {
        store,
        shutdown,
        allowed_origins: config.allow_origins.into(),
        sandboxes: backend::sandbox::Sandboxes::new(limits.sandboxes),
        limits,
    };
    backend::run(listener, state, frontend)
        .await
        .map_err(|source| StartupError::Bind { addr, source })
}

/// Ctrl-C, or SIGTERM from a service manager: either stops the server and its private redis-server.
async fn stop_signal() {
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(term) => term,
        Err(e) => {
            tracing::warn!(error = %e, "cannot listen for SIGTERM; only Ctrl-C stops the playground");
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
