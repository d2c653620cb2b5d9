//! The distributed-lock lab's own catalogue: its [`LockText`] keys and their ja/en sentences, kept
//! apart from the app's `Text` so the lab's strings live beside each other and nowhere else.
//!
//! One list declares each key with both translations; the macro turns it into the enum, its
//! [`LockText::ALL`] array and the exhaustive `match` behind `lang.t(key)`, so no key can lack a sentence. Each
//! key's documentation is its English sentence.

use super::Lang;

/// Declares [`LockText`], [`LockText::ALL`] and its sentences from one list of `Key => (ja, en)`.
macro_rules! catalogue {
    ($($key:ident => ($ja:literal, $en:literal $(,)?),)+) => {
        /// A key of the lock lab's catalogue; `lang.t(key)` turns it into a sentence.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum LockText {
            $(#[doc = $en] $key,)+
        }

        impl LockText {
            /// Every key, in declaration order.
            pub const ALL: &'static [LockText] = &[$(LockText::$key,)+];
        }

        impl super::Key for LockText {
            fn sentence(self, lang: Lang) -> &'static str {
                sentence(lang, self)
            }
        }

        /// The sentence for `key` in `lang`.
        fn sentence(lang: Lang, key: LockText) -> &'static str {
            let (ja, en) = match key {
                $(LockText::$key => ($ja, $en),)+
            };
            match lang {
                Lang::Ja => ja,
                Lang::En => en,
            }
        }
    };
}

catalogue! {
    Intro => (
        "講座の DistributedLock を、それぞれ自分の Redis 接続を持つ本物のクライアントで取り合います。取得は SET lock:{name} token NX EX timeout、解放は自分のトークンのときだけ消す Lua です。障害を入れると相互排他が崩れ、対策を入れると守られる様子を見られます。バーや印はすべてクライアントの報告から描いています。ポイントするかクリックすると、その Redis コマンドが表示されます。",
        "Real clients, each on its own Redis connection, contend for one lock with the course's DistributedLock: SET lock:{name} token NX EX timeout to acquire, a Lua compare-and-delete to release. Switch on a fault to see mutual exclusion break, and a fix to see it hold. Every bar and mark comes from what the clients reported; hover over or click one to see its Redis commands.",
    ),
    DemosTitle => ("ガイド付きデモ (ワンクリック)", "Guided demos (one click)"),
    DemoContention => ("障害なしの競合", "Contention, no fault"),
    DemoPause => ("タイムアウトを超える停止", "Pause past the timeout"),
    DemoDel => ("DEL による危険な解放", "Unsafe DEL release"),
    DemoFencing => ("フェンシングトークン", "Fencing tokens"),
    DemoRenewal => ("リース更新 (長い処理)", "Lease renewal (long job)"),
    DemoRenewalPause => ("停止後の更新失敗", "Renewal after a pause"),
    DemoSetnx => ("SETNX の後にクラッシュ", "SETNX, then a crash"),
    DemoContentionExplain => (
        "5 つのクライアントが講座のロックで 4 回ずつ交代します。SET NX EX は一度に 1 つだけを通し、他は 50 ms ごとに再試行します (目盛り)。保持者は共有カウンターを読み、1 足して書き戻します。相互排他が守られているので更新は失われず、カウンターは取得回数と一致し、違反はありません。",
        "Five clients take turns with the course's lock, four rounds each. SET NX EX lets exactly one in at a time; the others retry every 50 ms (the ticks). Each holder reads the shared counter and writes it back plus one. With mutual exclusion no update is lost: the counter equals the rounds acquired, and there is no violation.",
    ),
    DemoPauseExplain => (
        "クライアント 0 はロックを取った直後に 1.2 秒停止します (GC の停止のようなもの)。ロックのタイムアウト 1 秒より長いため Redis がキーを期限切れにし、別のクライアントが取ります。目を覚ましたクライアント 0 はまだ保持していると思っているので、同時に 2 つが保持します (警告の縞模様)。Lua の解放は 0 を返すので新しい保持者のロックは消しません。期限だけでは防げません。対策はフェンシングトークンで、リソースが古い保持者の書き込みを拒否します。",
        "Client 0 takes the lock, then stalls for 1.2 s (think of a GC pause): longer than the lock's 1 s timeout. Redis expires the key, another client takes it, and client 0 wakes still believing it holds the lock: two holders at once (the alarm stripes). Its Lua release returns 0, so at least it does not delete the new holder's lock. The expiry alone cannot prevent this; with fencing tokens the resource rejects the stale holder's write.",
    ),
    DemoDelExplain => (
        "同じ停止ですが、解放が単純な DEL です。目を覚ましたクライアント 0 が消したキーには、すでに新しい保持者のトークンが入っています (✕ 印)。その保持者が処理中なのにキーのレーンは空になり、別のクライアントも取れてしまいます。対策: 講座の Lua による解放。GET が自分のトークンを返すときだけ削除します。",
        "The same stall, but the release is a plain DEL. Client 0 wakes and deletes the key, which by now holds the new holder's token (the ✕ mark). The key lane goes empty while that holder is still working, so yet another client could take the lock. Fix: the course's Lua release, which deletes the key only while GET still returns your own token.",
    ),
    DemoFencingExplain => (
        "同じ停止にフェンシングトークンを加えます。取得のたびにフェンスカウンターを INCR し、保護されたリソース (Lua の確認付き書き込み) は見た中で最新のトークンを覚えています。クライアント 0 は #1 で目を覚ましますが、次の保持者がすでに #2 で書いているので、その書き込みは拒否されます (中抜きのひし形)。重なりは起きますが、リソースにとっては無害になります。",
        "The same stall, with fencing tokens. Every acquire INCRs a fence counter, and the protected resource (a Lua check-and-write) remembers the newest token it has seen. Client 0 wakes holding #1, but the next holder has already written with #2, so client 0's write is rejected (the hollow diamond). The overlap still happens; fencing makes it harmless to the resource.",
    ),
    DemoRenewalExplain => (
        "処理は 2.5 秒かかりますが、ロックは 1 秒で期限切れになります。ウォッチドッグがタイムアウトの 3 分の 1 ごとに、トークンを確認する Lua でロックを延長するので (▲)、処理中に期限切れになりません。重なりも更新の喪失もありません。更新がなければ、もう一方のクライアントが 1 秒後に取ってしまいます。",
        "Each job takes 2.5 s, but the lock expires after 1 s. A watchdog extends it every third of the timeout (▲) with a Lua script that checks the token first, so the lock never expires while its holder works: no overlap, no lost update. Without renewal, the other client would take the lock after 1 s.",
    ),
    DemoRenewalPauseExplain => (
        "更新は、クライアント自身が止まっている間は助けになりません。クライアント 0 が 1.2 秒停止する間にロックが期限切れになり、別のクライアントが取ります。目を覚ましたクライアント 0 の最初の更新はロックがないことに気づき (▼)、書き込みも解放もせずに止まります。停止中の重なりは残ります。そこからリソースを守れるのはフェンシングトークンだけです。",
        "Renewal cannot help while the client itself is stalled. Client 0 pauses 1.2 s, the lock expires and another client takes it. When client 0 wakes, its first renewal finds the lock gone (▼), so it stops without writing or releasing. The overlap during the pause remains; only fencing tokens protect the resource from it.",
    ),
    DemoSetnxExplain => (
        "SETNX の後に EXPIRE と、2 つのコマンドで取得します。クライアント 0 がその間でクラッシュし (✱)、期限のないロック (PTTL −1、キーのレーンの警告の縞模様) が残ります。誰も取れず、他のクライアントは実行の期限まで再試行し続けます。対策: 理解度確認の正解 B、1 つの原子的なコマンド SET lock:resource \"token\" NX EX 30。",
        "Acquiring with SETNX and then EXPIRE takes two commands. Client 0 crashes between them (✱), leaving a lock with no expiry (PTTL −1, the alarm stripes in the key lane). Nobody can ever take it: the others retry until the run's deadline. Fix: the quiz's answer B, one atomic command: SET lock:resource \"token\" NX EX 30.",
    ),
    ControlsLabel => ("実行の設定", "Run settings"),
    ClientsLegend => ("クライアントの動き", "How the clients behave"),
    FaultsLegend => ("障害と対策", "Faults and fixes"),
    FieldClients => ("クライアント数", "Clients"),
    FieldRounds => ("各クライアントの回数", "Rounds each"),
    FieldTimeout => ("タイムアウト (EX, 秒)", "Timeout (EX, s)"),
    FieldRetry => ("再試行の間隔 (ms)", "Retry interval (ms)"),
    FieldWork => ("処理時間 (ms)", "Work time (ms)"),
    FieldJitter => ("ゆらぎ (ms)", "Jitter (ms)"),
    FieldDeadline => ("実行の期限 (秒)", "Deadline (s)"),
    FieldPause => ("最初の保持者の停止 (ms)", "Pause the first holder (ms)"),
    FieldBlocking => ("blocking (取れるまで再試行)", "blocking (retry until acquired)"),
    FieldStep => (
        "ステップ実行 (各クライアントは取得と解放の前に「1 ステップ」を待つ)",
        "Step mode (each client waits for Step before acquiring and before releasing)",
    ),
    FieldFencing => ("フェンシングトークン", "Fencing tokens"),
    FieldRenewal => ("リース更新", "Lease renewal"),
    ReleaseLegend => ("解放", "Release"),
    ReleaseLua => ("Lua: 自分のトークンだけ消す", "Lua: delete only my token"),
    ReleaseDel => ("単純な DEL", "Plain DEL"),
    AcquireLegend => ("取得", "Acquire"),
    AcquireSetNxEx => ("SET NX EX (1 コマンド)", "SET NX EX (one command)"),
    AcquireSetnx => (
        "SETNX の後に EXPIRE (最初に取ったクライアントが間でクラッシュ)",
        "SETNX, then EXPIRE (the first to acquire crashes in between)",
    ),
    Start => ("開始", "Start"),
    Stop => ("停止", "Stop"),
    Step => ("1 ステップ", "Step"),
    RangeError => ("{} は {}〜{} の範囲で指定してください", "{} must be between {} and {}"),
    StatusIdle => (
        "デモを選ぶか、設定して「開始」を押してください。",
        "Choose a demo, or set the clients and faults and press Start.",
    ),
    StatusRunning => ("実行中… {} 秒 (期限 {} 秒)", "Running… {} s (deadline {} s)"),
    StatusDone => ("{} 秒で終了しました。", "Done in {} s."),
    StatusTimedOut => (
        "{} 秒で期限により終了しました。待っているクライアントが残っていました。",
        "Ended by the deadline after {} s, with clients still waiting.",
    ),
    StatusStopped => (
        "停止しました。バックエンドがこの実行のキーを削除しました。",
        "Stopped. The backend deleted the run's keys.",
    ),
    StatusLost => ("実行の途中で接続が切れました。", "The connection dropped before the run ended."),
    StatusNotSent => ("接続がないため送信していません。", "Not connected: nothing was sent."),
    Empty => (
        "まだ実行していません。結果はここに、クライアントごとのレーンとロックキーのレーンとして表示されます。",
        "Nothing has run yet. A run shows here as a lane per client and a lane for the lock key.",
    ),
    SummaryTitle => ("結果", "Results"),
    SumAcquired => ("取得した回数", "Rounds acquired"),
    SumViolations => ("違反 (同時に 2 つが保持)", "Violations (two holders at once)"),
    SumCounter => ("カウンター / 期待値", "Counter / expected"),
    SumLost => ("失われた更新", "Lost updates"),
    SumWrites => ("フェンス付き書き込み: 受理 / 拒否", "Fenced writes: accepted / rejected"),
    SumNoExpiry => ("期限のないロックが残った", "Lock left without expiry"),
    SumTimedOut => ("期限で終了", "Ended by the deadline"),
    Yes => ("はい", "yes"),
    No => ("いいえ", "no"),
    NotFenced => ("フェンシングなし", "no fencing"),
    KeyName => ("ロックのキー:", "Lock key:"),
    PlotLabel => (
        "クライアント、ロックキー、保護されたリソースのレーン (共通の時間軸)",
        "Lanes of the clients, the lock key and the fenced resource on one time axis",
    ),
    ClientName => ("クライアント {}", "client {}"),
    UnknownHolder => ("不明なトークン", "an unknown token"),
    KeyLane => ("ロックキー", "lock key"),
    KeyLanePttl => ("残り PTTL", "PTTL left"),
    KeyNoExpiry => ("PTTL −1: 期限なし", "PTTL −1: no expiry"),
    ResourceLane => ("リソース", "resource"),
    PausedShort => ("停止中", "paused"),
    ViolationLabel => ("違反: クライアント {} と {}", "violation: clients {} and {}"),
    LegendLabel => ("凡例", "Legend"),
    LegendWaiting => ("待機 (取得を試行中)", "waiting (trying to acquire)"),
    LegendRetry => ("失敗した試行 (再試行)", "failed attempt (retry)"),
    LegendHolding => ("保持中: トークン・フェンス", "holding: token · fence"),
    LegendPaused => ("停止 (クライアントが止まっている)", "paused (the client is stalled)"),
    LegendTtl => ("ロックキー: 保持者と残り PTTL", "lock key: holder and PTTL left"),
    LegendNoExpiry => ("期限のないロック (PTTL −1)", "lock with no expiry (PTTL −1)"),
    LegendViolation => ("違反: 同時に 2 つが保持", "violation: two holders at once"),
    LegendReleased => ("解放 (自分のロックを削除)", "released (own lock deleted)"),
    LegendRefused => ("解放を拒否 (Lua が 0 を返した)", "release refused (Lua returned 0)"),
    LegendStole => ("DEL が他人のロックを削除", "DEL removed another's lock"),
    LegendCrashed => ("SETNX と EXPIRE の間でクラッシュ", "crashed between SETNX and EXPIRE"),
    LegendRenewed => ("更新 (延長)", "renewed"),
    LegendRenewFailed => ("更新失敗: クライアントは停止", "renewal failed: the client stops"),
    LegendWriteAccepted => ("書き込み受理", "write accepted"),
    LegendWriteRejected => ("書き込み拒否 (古いフェンス)", "write rejected (stale fence)"),
    LegendSkipped => ("あきらめた (非 blocking)", "gave up (non-blocking)"),
    DetailHint => (
        "バー・印・違反をポイントするかクリックすると、その Redis コマンドが表示されます。",
        "Hover over or click a bar, mark or violation to see the Redis commands behind it.",
    ),
    DetailAt => ("{} 秒の時点", "at {} s"),
    DetailSpan => ("{} 秒から {} 秒まで", "from {} s to {} s"),
    DetailWaiting => ("ロック待ち ({} 回目, 失敗 {} 回)", "waiting for the lock (round {}, {} failed attempts)"),
    DetailHolding => ("ロックを保持 (トークン {}, フェンス {})", "holding the lock (token {}, fence {})"),
    DetailWriteAccepted => ("フェンス #{} の書き込みを受理", "write with fence #{} accepted"),
    DetailWriteRejected => (
        "フェンス #{} の書き込みを拒否: より新しいトークンがすでに書き込み済み",
        "write with fence #{} rejected: a newer token has already written",
    ),
    DetailViolation => ("クライアント {} と {} が同時に保持", "clients {} and {} both held the lock"),
    DetailKeyHeld => ("{} のロック: PTTL {} ms → {} ms", "lock of {}: PTTL {} ms → {} ms"),
    DetailKeyNoExpiry => ("{} の期限のないロック (PTTL −1)", "lock of {} with no expiry (PTTL −1)"),
    DetailKeyFree => ("ロックなし (PTTL −2): 空き", "no lock (PTTL −2): free"),
    DetailMore => ("…ほか {} 件のコマンド", "…and {} more commands"),
    DetailMissing => (
        "この {} 件 (全 {} 件) のコマンドはトレースに残っていません。ブラウザーは最新の {} 行だけを保持し、ブラウザーの読み込みが遅れるとサーバーも行を捨てます。",
        "{} of these {} commands are no longer in the trace: the browser keeps the newest {} lines, and the server drops lines when the browser falls behind.",
    ),
    DetailNoTrace => ("この出来事自体のコマンドはありません。", "No Redis command of its own."),
    DetailNoTraceKey => (
        "監視用接続の GET と PTTL は読み取りごとには紐づけていません。トレースの「monitor」の行にあります。",
        "The monitor's GET and PTTL readings are not linked one by one; they are in the trace under \"monitor\".",
    ),
    DetailNoTracePause => (
        "停止はコマンドを送りません。クライアントが止まるだけです。",
        "A pause sends no command: the client just stalls.",
    ),
    CodeTitle => ("コード: 何が壊れ、何で直るか", "Code: what goes wrong and what fixes it"),
    LessonOn => ("オン", "on"),
    FaultPause => (
        "保持者の停止: 止まっている間にロックが期限切れになり、別のクライアントが取って、両方が保持していると思い込みます。",
        "Paused holder: the lock expires while its holder is stalled, another client takes it, and both believe they hold it.",
    ),
    FixPause => (
        "対策: フェンシングトークンで、リソースが古い保持者の書き込みを拒否します。タイムアウトを長くしても起きにくくなるだけです。",
        "Fix: fencing tokens, so the resource rejects the stale holder's writes. A longer timeout only makes it rarer.",
    ),
    FaultDel => (
        "単純な DEL での解放: 期限切れの後なら他人のロックでも、そこにあるものを消します。",
        "Plain DEL release: it deletes whatever lock is there, even another client's after an expiry.",
    ),
    FixDel => (
        "対策: 講座の Lua による解放。GET が自分のトークンを返すときだけ削除します (確認と削除を原子的に)。",
        "Fix: the course's Lua release, which deletes only while GET returns your token (check and delete in one atomic step).",
    ),
    FaultSetnx => (
        "SETNX の後に EXPIRE: 2 つのコマンドなので、間でクラッシュすると期限のないロックが残ります。",
        "SETNX, then EXPIRE: two commands, so a crash between them leaves a lock that never expires.",
    ),
    FixSetnx => (
        "対策: 理解度確認の正解 B。SET key value NX に EX を付けて 1 コマンドで: SET lock:resource \"token\" NX EX 30",
        "Fix: the quiz's answer B, SET key value NX with EX in one command: SET lock:resource \"token\" NX EX 30",
    ),
    FaultFencing => (
        "フェンシングトークン: 取得のたびにカウンターを INCR し、リソースは最新より古いトークンの書き込みを拒否します。",
        "Fencing tokens: each acquire INCRs a counter, and the resource rejects a write whose token is older than the newest it has seen.",
    ),
    FixFencing => (
        "直すもの: 停止した古い保持者をリソースにとって無害にします。2 つが保持していると思い込むこと自体は残ります。",
        "What it fixes: a stale holder can no longer harm the resource, though two clients may still both believe they hold the lock.",
    ),
    FaultRenewal => (
        "リース更新: ウォッチドッグがタイムアウトの 3 分の 1 ごとに、まだ自分のトークンのときだけ Lua で延長します。",
        "Lease renewal: a watchdog extends the lock every third of the timeout, with Lua, only while the token is still yours.",
    ),
    FixRenewal => (
        "直すもの: タイムアウトより長い処理を守ります。ロックがないと分かれば止まります。クライアント自身の停止中は助けになりません。",
        "What it fixes: jobs longer than the timeout stay safe, and a client that finds the lock gone stops. It cannot help while the client itself is stalled.",
    ),
    CommandsTitle => ("1 回の取得・処理・解放で送るコマンド", "Commands one round sends"),
    CmdSetNxEx => ("空いているときだけ、期限付きで原子的に取得", "acquires atomically: only if free, with an expiry"),
    CmdSetnx => ("空いているときだけ取得 (まだ期限なし)", "acquires only if free, but with no expiry yet"),
    CmdExpire => (
        "2 つ目のコマンドで期限を設定 (先にクラッシュすると送られない)",
        "a second command sets the expiry (never sent if the client crashes first)",
    ),
    CmdIncrFence => ("これまでより大きいフェンストークン", "a fence token higher than any before"),
    CmdRenew => ("まだ自分のロックなら延長", "extends the lock while it is still ours"),
    CmdCounter => ("処理: 共有カウンターを読み、1 足して書き戻す", "the work: read the shared counter, write it back plus one"),
    CmdFencedWrite => (
        "リソースへの書き込み (より新しいフェンスが書いていれば拒否)",
        "writes the resource; rejected if a newer fence has written",
    ),
    CmdReleaseLua => ("値がまだ自分のトークンなら削除", "deletes only if the value is still our token"),
    CmdPlaygroundGet => (
        "プレイグラウンド自身の読み取り (講座のコードにはありません): 誰のロックを消すかを示すため",
        "the playground's own read, not the course's code: shows whose lock the DEL removes",
    ),
    CmdDel => ("そこにあるものを何でも削除", "deletes whatever is there"),
    TabPython => ("講座 (Python)", "Course (Python)"),
    TabRust => ("バックエンド (Rust)", "Backend (Rust)"),
    TabLua => ("Lua", "Lua"),
    PythonNote => ("演習3 の講座の DistributedLock そのままです。", "The course's DistributedLock, exactly as its exercise 3 (演習3) has it."),
    RustNote => (
        "バックエンドが実際に動かすコード (抜粋): 同じ取得と解放に、障害の版を並べています。LockGuard が講座の with の代わりです。",
        "What the backend runs (an excerpt): the same acquire and release, with the faulty variants beside them. LockGuard stands in for the course's with block.",
    ),
    LuaNone => (
        "この設定では Lua を使いません: 解放は単純な DEL です。",
        "No Lua with these switches: the release is a plain DEL.",
    ),
    LuaRelease => ("release.lua (講座の解放)", "release.lua (the course's release)"),
    LuaRenew => ("renew.lua (リース更新)", "renew.lua (lease renewal)"),
    LuaFencedWrite => ("fenced_write.lua (保護されたリソース)", "fenced_write.lua (the protected resource)"),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check;

    #[test]
    fn every_key_is_translated_with_the_same_holes() {
        // Only Redis's and Lua's own names read the same in both languages.
        check::assert_complete(LockText::ALL, 1);
    }

    #[test]
    fn the_quiz_answer_is_named_where_setnx_is_explained() {
        for lang in Lang::ALL {
            for key in [LockText::FixSetnx, LockText::DemoSetnxExplain] {
                assert!(lang.t(key).contains("NX EX 30"), "{key:?} in {lang:?}");
            }
        }
    }
}
