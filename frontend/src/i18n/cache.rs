//! The cache warm-up lab's catalogue: every string the lab shows, in Japanese and English.
//!
//! Each key is written once, with its two sentences beside it; the macro turns the list into
//! [`CacheText`], [`CacheText::ALL`] (so the tests can never miss a key) and the exhaustive match of
//! `lang.t(key)`. Sentences with `{}` are filled by [`super::fill`] in the order the key's doc comment lists.

use super::Lang;

/// Declares [`CacheText`], [`CacheText::ALL`] and its sentences from one list of keys and sentences.
macro_rules! catalogue {
    ($($(#[doc = $doc:literal])+ $key:ident => ($ja:expr, $en:expr $(,)?),)+) => {
        /// A key of the cache lab's catalogue; `lang.t(key)` turns it into a sentence.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CacheText {
            $($(#[doc = $doc])+ $key,)+
        }

        impl CacheText {
            /// Every key, in declaration order.
            pub const ALL: &'static [CacheText] = &[$(CacheText::$key,)+];
        }

        impl super::Key for CacheText {
            fn sentence(self, lang: Lang) -> &'static str {
                sentence(lang, self)
            }
        }

        /// The sentence for `key` in `lang`.
        fn sentence(lang: Lang, key: CacheText) -> &'static str {
            let (ja, en) = match key {
                $(CacheText::$key => ($ja, $en),)+
            };
            match lang {
                Lang::Ja => ja,
                Lang::En => en,
            }
        }
    };
}

catalogue! {
    /// The lead paragraph.
    Intro => (
        "講座の CacheWarmer (演習4) を本物の Redis で動かします。アクセスの多い商品を先に SETEX しておくと、最初の読み取りからキャッシュに当たります。その効果を、同じ読み取りのヒット率・DB アクセス数・レイテンシで比べます。",
        "Run the course's CacheWarmer (exercise 4) against a real Redis. Caching the most-viewed products ahead of time with SETEX means the first reads already hit. See the effect on the same reads: hit ratio, database fetches and latency.",
    ),
    /// Heading of the guided demo.
    DemoTitle => ("ガイド付きデモ", "Guided demo"),
    /// The guided demo's button.
    DemoButton => ("デモを実行", "Run the guided demo"),
    /// What the guided demo does, and why it empties the cache twice.
    DemoExplain => (
        "リセット → 冷えた状態で計測 → もう一度リセット → 閲覧 2000 件を記録 → アクセスログ上位 200 件をウォームアップ → 同じ読み取りをもう一度計測。冷えた計測ではミスのたびに読み取り側が SETEX する (キャッシュアサイド) ので、ウォームアップの効果だけを見るためにその分を消してから温めます。",
        "Reset → measure cold → reset again → record 2000 views → warm up the top 200 of the access log → measure the same reads again. The cold pass caches every miss itself (cache-aside), so the demo empties the cache again before warming up: the warm pass then shows what the warm-up alone bought.",
    ),
    /// The demo's progress; `{}` step number, `{}` step count, `{}` the step.
    DemoStep => ("ステップ {}/{}: {}", "Step {} of {}: {}"),
    /// Status: nothing has run.
    StatusIdle => ("待機中", "Ready"),
    /// Status: a request is running; `{}` what.
    StatusRunning => ("実行中: {}", "Running: {}"),
    /// Status: the last request finished; `{}` what.
    StatusDone => ("完了: {}", "Done: {}"),
    /// Stops the demo after the step in flight.
    Stop => ("デモを止める (実行中のステップは最後まで)", "Stop the demo (the current step finishes)"),
    /// What runs: simulated views.
    KindViews => ("閲覧の記録 (ZINCRBY)", "recording views (ZINCRBY)"),
    /// What runs: a warm-up.
    KindWarmup => ("ウォームアップ", "warm-up"),
    /// What runs: a cold measured pass.
    KindMeasureCold => ("冷えた状態での計測", "measuring cold"),
    /// What runs: a warm measured pass.
    KindMeasureWarm => ("ウォームアップ後の計測", "measuring after the warm-up"),
    /// What runs: a stampede.
    KindStampede => ("スタンピード", "stampede"),
    /// What runs: workers against a pipeline.
    KindRace => ("ワーカー対パイプライン", "workers vs pipeline"),
    /// What runs: the reset.
    KindReset => ("リセット", "reset"),
    /// What runs: the heat strip's reading.
    KindInspect => ("PTTL の読み取り", "reading the TTLs"),
    /// Heading of the database panel.
    DbTitle => ("商品データベース (代役)", "Product database (stand-in)"),
    /// What the stand-in database is.
    DbNote => (
        "講座の fetch_product_from_db() の代わりにバックエンドが用意した代役です。商品は 10,000 件で、同じ ID はいつも同じ商品を返します。1 回の取得ごとに下の遅延だけ待ち、回数を数えます。Redis ではないので、トレースには出ません。",
        "The backend's stand-in for the course's fetch_product_from_db(): 10,000 products, the same id always giving the same product. Each fetch waits the latency below and is counted. It is not Redis, so fetches do not appear in the trace.",
    ),
    /// Label of the latency field.
    DbLatency => ("1 回の取得の遅延 (ms)", "Latency per fetch (ms)"),
    /// Heading of the warm-up panel.
    WarmupTitle => ("ウォームアップ (CacheWarmer)", "Warm up (CacheWarmer)"),
    /// Label of the workers field.
    Workers => ("ワーカー数 (max_workers)", "Workers (max_workers)"),
    /// Legend of the source choice.
    SourceLabel => ("どの商品を温めるか", "Which products"),
    /// Source: a range of ids.
    SourceRange => ("ID の範囲: warmup_products", "A range of ids: warmup_products"),
    /// Source: the access log.
    SourceLog => ("アクセスログ上位: warmup_from_access_log", "Top of the access log: warmup_from_access_log"),
    /// Label of the first id.
    First => ("最初の ID", "First id"),
    /// Label of the number of ids.
    Count => ("件数", "How many"),
    /// Label of `top_n`.
    TopN => ("上位 top_n 件", "top_n most viewed"),
    /// Legend of the command that reads the top.
    ZrangeLabel => ("上位の読み方", "Read the top with"),
    /// The course's command.
    ZrangeCourse => ("ZREVRANGE (講座のまま、6.2 から非推奨)", "ZREVRANGE (the course's; deprecated since 6.2)"),
    /// The current command.
    ZrangeRev => ("ZRANGE … REV (現在の書き方)", "ZRANGE … REV (current)"),
    /// Label of the TTL field.
    Ttl => ("TTL (秒)", "TTL (s)"),
    /// Label of the jitter switch.
    Jitter => ("TTL にゆらぎ (ウォームアップ ±10%、スタンピード ±50%)", "TTL jitter (±10 % on warm-up, ±50 % in the stampede)"),
    /// The warm-up button.
    WarmupButton => ("ウォームアップ", "Warm up"),
    /// Heading of the traffic panel.
    TrafficTitle => ("アクセスログ (模擬トラフィック)", "Access log (simulated traffic)"),
    /// Label of the views field.
    Views => ("閲覧数", "Views"),
    /// The views button.
    ViewsButton => ("閲覧を記録", "Record views"),
    /// What the views did; `{}` views.
    ViewsRecorded => ("{} 件の閲覧を記録しました。よく見られた商品:", "{} views recorded. Most viewed:"),
    /// One entry of the top list; `{}` id, `{}` views.
    TopEntry => ("#{} ({} 回)", "#{} ({} views)"),
    /// Heading of the measure panel.
    MeasureTitle => ("計測と片付け", "Measure and reset"),
    /// Label of the reads field.
    Reads => ("読み取り数 (毎回同じ読み取り)", "Reads (the same reads every time)"),
    /// The measure button.
    MeasureButton => ("計測", "Measure"),
    /// Which phase the next measure counts as; `{}` the phase.
    MeasureNext => ("次の計測は「{}」として記録します。", "The next pass counts as “{}”."),
    /// The reset button.
    ResetButton => ("キャッシュを空にする", "Empty the cache"),
    /// What the reset did; `{}` keys.
    ResetDone => ("{} 個のキーを削除しました (商品とアクセスログ)。", "{} keys deleted (products and the access log)."),
    /// Heading of the progress panel.
    ProgressTitle => ("ウォームアップの進み具合", "Warm-up progress"),
    /// Products warmed; `{}` warmed, `{}` total.
    ProgressWarmed => ("{} / {} 件", "{} of {} products"),
    /// Time since the warm-up began; `{}` the time.
    ProgressElapsed => ("経過 {}", "{} elapsed"),
    /// Database fetches so far; `{}` fetches.
    ProgressDbHits => ("DB 取得 {} 回", "{} database fetches"),
    /// Before any warm-up.
    ProgressNone => ("まだウォームアップしていません。", "No warm-up yet."),
    /// A warm-up from an empty access log.
    ProgressEmptyLog => (
        "アクセスログが空だったので、温める商品がありませんでした。先に閲覧を記録してください。",
        "The access log was empty, so there was nothing to warm. Record some views first.",
    ),
    /// Heading of the chart.
    ChartTitle => ("同じ読み取りの比較: 冷えた状態とウォームアップ後", "The same reads, cold and after the warm-up"),
    /// The cold phase.
    PhaseCold => ("冷えた状態", "cold"),
    /// The warm phase.
    PhaseWarm => ("ウォームアップ後", "after warm-up"),
    /// Metric: hit ratio.
    MetricHitRatio => ("ヒット率 (%)", "Hit ratio (%)"),
    /// Metric: database fetches.
    MetricDbHits => ("DB 取得回数", "Database fetches"),
    /// Metric: median latency.
    MetricP50 => ("レイテンシ p50", "Latency p50"),
    /// Metric: 90th percentile.
    MetricP90 => ("レイテンシ p90", "Latency p90"),
    /// Metric: 99th percentile.
    MetricP99 => ("レイテンシ p99", "Latency p99"),
    /// Before two passes exist.
    ChartEmpty => (
        "冷えた状態で 1 回、ウォームアップ後に 1 回計測すると、ここで比べられます。",
        "Measure once cold and once after a warm-up to compare them here.",
    ),
    /// The warm pass also hits what the cold pass cached.
    ChartDirty => (
        "注意: この前の冷えた計測がミスした商品を SETEX しているので、ウォームアップ後の結果にはその分のヒットも含まれます。公平に比べるには、ウォームアップの前にキャッシュを空にしてください。",
        "Note: the cold pass before it cached every product it missed, so this warm pass also hits those. For a fair comparison, empty the cache before warming up.",
    ),
    /// Figures under the chart; `{}` reads, `{}` hits.
    ChartReads => ("{} 回読み取り、うちキャッシュヒット {} 回", "{} reads, {} answered by Redis"),
    /// Heading of the heat strip; `{}` first id, `{}` last id.
    StripTitle => ("Redis の中の商品 {}–{} (PTTL)", "Products {}–{} in Redis (PTTL)"),
    /// Legend: cached.
    Cached => ("キャッシュ済み", "cached"),
    /// Legend: not cached.
    Missing => ("キャッシュなし", "not cached"),
    /// Legend: expiring soon.
    Expiring => ("まもなく期限切れ (60 秒以内)", "expiring within 60 s"),
    /// A cell's tooltip; `{}` id, `{}` state.
    CellTitle => ("product:{} — {}", "product:{} — {}"),
    /// A cached cell's tooltip; `{}` id, `{}` seconds.
    CellTitleTtl => ("product:{} — 残り {} 秒", "product:{} — {} s left"),
    /// How the strip is refreshed.
    StripNote => (
        "操作のたびに PTTL で読み直します。期限切れが 5 分以内に迫ったキーがある間は、ページを表示していれば 10 秒ごとにも読み直します。",
        "Read again with PTTL after every action, and every 10 s while the page is visible and a key is within 5 minutes of expiring.",
    ),
    /// Before the first reading.
    StripWaiting => ("読み込み中…", "Reading…"),
    /// Heading of the going-further section.
    FurtherTitle => ("さらに深く", "Going further"),
    /// What the jitter is for.
    JitterExplain => (
        "TTL のゆらぎ: 一度に温めたキーは同時に期限切れになり、その瞬間に DB へ読み取りが殺到します。上のスイッチで TTL をずらすと、期限切れが散らばります (ヒートストリップの TTL やスタンピードの「期限切れの広がり」で確かめられます)。",
        "TTL jitter: keys warmed together expire together, and at that moment every read goes to the database. The switch above spreads the TTLs so expiries spread out (see the strip's TTLs, or the stampede's expiry spread).",
    ),
    /// Heading of the stampede panel.
    StampedeTitle => ("キャッシュスタンピード", "Cache stampede"),
    /// What the stampede does and what the lock is.
    StampedeExplain => (
        "20 件の商品を同じ 2 秒の TTL でキャッシュし、期限切れの後に 20 の読み手が全件を読みます。ロックなしでは、ミスした読み手が全員 DB に行きます。ロックありでは、再計算を分散ロックラボの DistributedLock (SET lock:product:{id} <token> NX EX 5、講座の Lua で解放) で守るので、1 キーにつき 1 回の取得で済みます。",
        "20 products cached with one 2 s TTL expire together; then 20 readers read them all. Without a lock, every reader that misses goes to the database. With the lock, each recompute is guarded by the lock lab's DistributedLock (SET lock:product:{id} <token> NX EX 5, released by the course's Lua): one fetch per key.",
    ),
    /// Runs the stampede without a lock.
    StampedeNoLock => ("ロックなし", "Without a lock"),
    /// Runs the stampede with a lock.
    StampedeLock => ("ロックあり", "With the lock"),
    /// Stampede figure: database fetches.
    StampedeDbHits => ("DB 取得", "Database fetches"),
    /// Stampede figure: reads.
    StampedeReads => ("読み取り", "Reads"),
    /// Stampede figure: expiry spread.
    StampedeSpread => ("期限切れの広がり", "Expiry spread"),
    /// Stampede figure: the TTLs were jittered.
    StampedeJittered => ("TTL ゆらぎあり", "TTL jittered"),
    /// Heading of the workers-vs-pipeline panel.
    RaceTitle => ("ワーカー対パイプライン", "Workers vs one pipeline"),
    /// What the race does; `{}` products, `{}` workers.
    RaceExplain => (
        "商品 1–{} を SETEX します。{} ワーカーがキーごとに 1 往復する場合と、1 本のパイプラインでまとめて送る場合の所要時間を比べます (商品 1 から上書きされます)。",
        "SETEX products 1–{}: {} workers, one round trip per key each, against one pipeline of them all (overwrites products from 1 on).",
    ),
    /// The race's button.
    RaceButton => ("比べる", "Compare"),
    /// The workers' bar; `{}` workers.
    RaceWorkers => ("{} ワーカー", "{} workers"),
    /// The pipeline's bar.
    RacePipeline => ("パイプライン 1 本", "one pipeline"),
    /// Heading of the code panel.
    CodeTitle => ("講座の CacheWarmer (演習4)", "The course's CacheWarmer (exercise 4)"),
    /// Heading of the command list.
    CommandsTitle => ("Redis に届くコマンド", "The Redis commands it becomes"),
    /// `ZINCRBY`.
    CmdZincrby => ("閲覧ごとに商品のアクセス数を 1 増やす", "counts one view of a product"),
    /// `EXPIRE` of the access log.
    CmdExpireLog => ("アクセスログも期限付きにする", "lets the access log expire too"),
    /// `ZREVRANGE`.
    CmdZrevrange => (
        "講座の warmup_from_access_log: 上位 top_n 件 (6.2 から非推奨)",
        "the course's warmup_from_access_log: the top_n most viewed (deprecated since 6.2)",
    ),
    /// `ZRANGE … REV`.
    CmdZrangeRev => ("同じ上位を今の書き方で読む", "the same top, written the current way"),
    /// `SETEX`.
    CmdSetex => ("warm(): 商品を JSON で 3600 秒キャッシュする", "warm(): caches the product as JSON for 3600 s"),
    /// `GET`.
    CmdGet => ("計測の読み取り: ミスなら DB から取得して SETEX", "a measured read: on a miss, fetch and SETEX"),
    /// `PTTL`.
    CmdPttl => ("ヒートストリップ: 残りの TTL", "the heat strip: the TTL left"),
    /// Marks the command the switch selects.
    InUse => ("使用中", "in use"),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check;

    #[test]
    fn every_key_is_translated_with_the_same_holes() {
        // Only the tooltip is the same: a key name and a state already translated.
        check::assert_complete(CacheText::ALL, 1);
    }
}
