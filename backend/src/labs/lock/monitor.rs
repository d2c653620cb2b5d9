//! The lock key's own lane: a connection of its own reads `GET` and `PTTL` of the lock a few times a
//! second, so the browser draws who holds it and its expiry from real readings.

use std::{sync::Arc, time::Duration};

use shared::lock::KeyReading;
use tokio::sync::mpsc;

use super::{Keys, Report, contender::Shared, now_ms};
use crate::store::{Conn, StoreError, Transaction};

/// How often the key is read.
const EVERY: Duration = Duration::from_millis(100);

/// Reads the lock key until the task is dropped.
pub async fn watch(
    mut conn: Conn,
    keys: Arc<Keys>,
    shared: Arc<Shared>,
    report: mpsc::Sender<Report>,
) -> Result<(), StoreError> {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        let reading = read(&mut conn, &keys, &shared).await?;
        let _ = report.send(Report::Key(reading)).await;
    }
}

/// One reading: the holder (by token) and the time to live, read in one `MULTI`/`EXEC` so both
/// describe the same moment, which came after `at_ms`.
pub async fn read(conn: &mut Conn, keys: &Keys, shared: &Shared) -> Result<KeyReading, StoreError> {
    let at_ms = now_ms();
    let mut tx = Transaction::new();
    tx.get(&keys.lock).pttl(&keys.lock);
    let (token, pttl_ms): (Option<String>, i64) = conn.exec_into(&tx).await?;
    conn.take_trace();
    let holder = token.and_then(|t| shared.holders.lock().ok().and_then(|h| h.get(&t).copied()));
    Ok(KeyReading {
        at_ms,
        holder,
        pttl_ms,
    })
}
