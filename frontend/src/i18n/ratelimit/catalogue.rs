//! The rate-limit lab's sentences in Japanese and English, as one exhaustive `match`: a key without
//! both translations does not compile.

use super::RatelimitText as T;
use crate::i18n::{Key, Lang};

impl Key for T {
    fn sentence(self, lang: Lang) -> &'static str {
        let (ja, en) = match self {
            T::Intro => (
                "同じトラフィックを最大 7 種類のレート制限に同時に流し、それぞれが通したリクエスト (■) と拒否したリクエスト (✕) を同じ時間軸に並べます。判定はすべて本物の Redis が行います。マークをクリックすると、その判定で実行されたコマンドを確かめられます。",
                "The same traffic goes through up to seven rate limiters at once; each lane shows what its limiter let through (■) and refused (✕) on one time axis. Every decision is made by the real Redis: click a mark to see the commands behind it.",
            ),
            T::AlgoFixed => ("固定ウィンドウ (講座)", "Fixed window (course)"),
            T::AlgoCourse => ("スライディングウィンドウ (講座)", "Sliding window (course)"),
            T::AlgoLua => (
                "スライディングログ (Lua 修正版)",
                "Sliding log (Lua, fixed)",
            ),
            T::AlgoCounter => ("スライディングカウンター (Lua)", "Sliding counter (Lua)"),
            T::AlgoBucket => ("トークンバケット (Lua)", "Token bucket (Lua)"),
            T::DemosTitle => ("ガイド付きデモ", "Guided demos"),
            T::DemoBoundary => ("① 境界をまたぐバースト", "1. Burst across a window edge"),
            T::DemoCollision => ("② 同じ時刻の衝突", "2. Same-timestamp collision"),
            T::DemoRace => ("③ 同時クライアントの競合", "3. Concurrent clients racing"),
            T::DemoCourseVsLua => ("④ 講座版 vs Lua 版", "4. Course version vs Lua"),
            T::DemoBoundaryExplain => (
                "固定ウィンドウの境界 (10 秒) の直前に 5 件、直後に 5 件を送ります (上限 5 件 / 10 秒)。固定ウィンドウは境界で INCR のキーが新しいものに切り替わるため 10 件すべてを通し、10 秒よりずっと短い間に上限の 2 倍が通ります (ウィンドウ内最大 = 10)。スライディングログ (Lua) は直前 10 秒の件数を数えるので 5 件で止まります。カーソルを境界の少し右に置くと、ブラケットが各レーンの直前 10 秒の許可数を示します。",
                "Five requests just before a fixed-window edge (at 10 s) and five just after, with a limit of 5 per 10 s. At the edge the fixed window's INCR moves to a new key, so all 10 pass: twice the limit in far less than one window (max in a window = 10). The Lua sliding log counts the last 10 seconds and stops at 5. Put the cursor just right of the edge: the bracket shows each lane's allowed requests in the last 10 seconds.",
            ),
            T::DemoCollisionExplain => (
                "まったく同じ時刻に 8 件を送ります (上限 3 件)。講座の sliding_window はメンバーに str(now) を使うので、同じ時刻の ZADD は同じメンバーを上書きするだけで ZCARD が増えず、3 件を超えて通してしまいます。Lua 版は連番でメンバーを一意にするので、ちょうど 3 件で止まります。マークをクリックして、ZADD と ZCARD の応答を見比べてください。",
                "Eight requests at exactly the same instant, with a limit of 3. The course's sliding_window uses str(now) as the member, so every ZADD at that instant overwrites the same member, ZCARD never grows, and more than 3 get through. The Lua version makes each member unique with a counter and stops at exactly 3. Click the marks and compare the replies of ZADD and ZCARD.",
            ),
            T::DemoRaceExplain => (
                "10 台のクライアントが、それぞれ自分の接続から同じ瞬間に 1 件ずつ送ります (ライブ、上限 5 件 / 2 秒。まずウィンドウの境界を待ちます)。INCR と Lua スクリプトは Redis の中で 1 つずつ実行されるので、どちらもちょうど 5 件を通します。講座の sliding_window は記録 (MULTI/EXEC) と超過分の取り消し (ZREM) が別々の往復なので、その間に他のクライアントが取り消し前のエントリーまで数えてしまい、結果が 5 件からずれることがあります。何度か実行して比べてください。",
                "Ten clients, each on its own connection, send one request at the same moment (live, limit 5 per 2 s; the run first waits for a window edge). INCR and Lua scripts run one at a time inside Redis, so both let exactly 5 through. The course's sliding_window records (MULTI/EXEC) and undoes the excess (ZREM) in separate round trips, so other clients count entries that are about to be undone, and the result can differ from 5. Run it a few times and compare.",
            ),
            T::DemoCourseVsLuaExplain => (
                "毎秒平均 100 件のランダムなリクエストを 20 秒分 (約 2,000 件、上限 50 件 / 1 秒) リプレイします。1 件ずつ順に処理される限り、講座版は Lua 版とほぼ同じ判定をします。しかしこの速さでは、同じマイクロ秒に 2 件が届くことが実際に起こります。それが上限ちょうどのときに起きると、講座版は 2 件目も通してしまい、ウィンドウ内最大が 51 になります (赤い枠)。1 件の判定に使うコマンドも、講座版は 6 個 (拒否するときは、さらに別の往復で ZREM)、Lua 版は EVALSHA 1 個です。",
                "Replays 20 seconds of random requests at 100 per second on average (about 2,000, limit 50 per 1 s). Handled one at a time, the course's version decides almost exactly like the Lua one. But at this rate two requests do land in the same microsecond; when that happens right at the limit, the course's version lets the second one through too, and its max in a window becomes 51 (the red frame). Each decision also costs the course's version 6 commands (plus a ZREM in a second round trip when it refuses), against one EVALSHA.",
            ),
            T::SettingsLabel => ("設定", "Settings"),
            T::TrafficLabel => ("トラフィック", "Traffic"),
            T::LanesLabel => ("比べるアルゴリズム", "Algorithms to compare"),
            T::MaxLabel => ("上限 (max_requests)", "Limit (max_requests)"),
            T::WindowLabel => ("ウィンドウ秒数 (window_seconds)", "Window (window_seconds)"),
            T::ModeLabel => ("時間の進め方", "Timing"),
            T::ModeLive => ("ライブ (実時間)", "Live (wall clock)"),
            T::ModeReplay => (
                "リプレイ (仮想時間・再現可能)",
                "Replay (virtual time, repeatable)",
            ),
            T::Send => ("リクエストを送る", "Send request"),
            T::SendHint => ("S キーかスペースキーでも送れます", "or press S or Space"),
            T::PatternLabel => ("生成するトラフィック", "Generated traffic"),
            T::PatternSteady => ("一定間隔", "Steady"),
            T::PatternBursts => ("定期的なバースト", "Bursts"),
            T::PatternBoundary => ("境界バースト", "Boundary burst"),
            T::PatternPoisson => ("ランダム (ポアソン到着)", "Random (Poisson)"),
            T::PatternConcurrent => ("同時クライアント", "Concurrent clients"),
            T::ParamPerSecond => ("毎秒の件数", "Per second"),
            T::ParamSeconds => ("秒数", "Seconds"),
            T::ParamSize => ("1 回の件数", "Burst size"),
            T::ParamEvery => ("間隔 (秒)", "Every (s)"),
            T::ParamCount => ("回数", "Bursts"),
            T::ParamSeed => ("シード", "Seed"),
            T::ParamClients => ("クライアント数", "Clients"),
            T::ParamEach => ("1 台あたりの件数", "Requests each"),
            T::Run => ("トラフィックを実行", "Run traffic"),
            T::Stop => ("停止", "Stop"),
            T::Peek => ("残りを確認 (消費しない)", "Peek (consumes nothing)"),
            T::Reset => ("ボタンのキーをリセット", "Reset the button's keys"),
            T::Export => ("トレースを保存 (JSON)", "Export trace (JSON)"),
            T::Import => ("トレースを読み込む", "Import trace"),
            T::ReplayFile => (
                "読み込んだトレースを再実行 ({} 件)",
                "Run the imported trace again ({} arrivals)",
            ),
            T::ImportNotJson => (
                "JSON として読めないファイルです。",
                "That file is not JSON.",
            ),
            T::ImportNotATrace => (
                "このラボのトレースファイルではありません。",
                "That file is not a trace file of this lab.",
            ),
            T::ImportBadField => (
                "トレースファイルの {} が読めません。",
                "The trace file's {} field could not be read.",
            ),
            T::NoLanes => (
                "アルゴリズムを 1 つ以上選んでください。",
                "Choose at least one algorithm.",
            ),
            T::StatusIdle => (
                "待機中: ボタンを押すか、デモかトラフィックを実行してください。",
                "Idle: press the button, or run a demo or some traffic.",
            ),
            T::StatusWaiting => (
                "ウィンドウの境界を待っています… あと {} 秒",
                "Waiting for the window edge… {} s",
            ),
            T::StatusRunning => ("実行中: {} / {} 件の判定", "Running: {} of {} decisions"),
            T::StatusDone => ("完了: {} 件の判定", "Done: {} decisions"),
            T::StatusStopped => (
                "停止しました ({} / {} 件の判定)",
                "Stopped ({} of {} decisions)",
            ),
            T::Empty => (
                "まだ何も実行していません。「リクエストを送る」を押すか、デモかトラフィックを実行してください。",
                "Nothing has run yet. Press “Send request”, or run a demo or some traffic.",
            ),
            T::PlotLabel => ("判定のタイムライン", "Decisions on a timeline"),
            T::ZoomLabel => ("表示範囲", "Show"),
            T::ZoomWindows => ("ウィンドウ全体", "Whole windows"),
            T::ZoomRequests => ("リクエストに合わせて拡大", "Zoom to the requests"),
            T::LegendAllowed => ("許可 (上に積む)", "allowed (stacked upwards)"),
            T::LegendDenied => ("拒否 (下に積む)", "denied (stacked downwards)"),
            T::LegendBands => (
                "固定ウィンドウ (帯) と INCR の値",
                "fixed windows (bands) and their INCR count",
            ),
            T::LegendBracket => (
                "スライディングウィンドウ: カーソルまでの 1 ウィンドウ",
                "sliding window: one window up to the cursor",
            ),
            T::LegendPeak => ("上限を超えたウィンドウ", "a window over the limit"),
            T::StatAllowed => ("許可", "Allowed"),
            T::StatDenied => ("拒否", "Denied"),
            T::StatMax => ("ウィンドウ内最大", "Max in a window"),
            T::OverLimit => ("上限 {} を超えた区間があります", "exceeds the limit of {}"),
            T::PeakLabel => ("1 ウィンドウに {} 件", "{} in one window"),
            T::LaneAreaLabel => (
                "{} のレーン。クリックでマークを選び、左右の矢印キーで移動します。",
                "{} lane. Click a mark to select it; the arrow keys move between marks.",
            ),
            T::HoverLabel => ("#{} · {} 秒 · {}", "#{} · {} s · {}"),
            T::BracketLabel => ("直前 {} 秒 (〜{} 秒)", "last {} s up to {} s"),
            T::Seconds => ("{} 秒", "{} s"),
            T::DetailAllowed => ("許可", "allowed"),
            T::DetailDenied => ("拒否", "denied"),
            T::DetailSummary => (
                "到着 #{} · クライアント {} · {} 秒 · 残り {}",
                "arrival #{} · client {} · at {} s · remaining {}",
            ),
            T::DetailCommands => (
                "この判定で実行されたコマンド",
                "Commands that made this decision",
            ),
            T::DetailMissing => (
                "このうち {} 行 (全 {} 行中) はトレースに残っていません。ブラウザは最新の {} 行だけを保持し、受信が追いつかないときはサーバーも行を捨てます。",
                "{} of these {} lines are no longer in the trace: the browser keeps only the last {} lines, and the server drops lines when the browser falls behind.",
            ),
            T::DetailHint => (
                "レーンのマークをクリックすると、その判定を下した Redis コマンドがここに表示されます。",
                "Click a mark in a lane to see here the Redis commands that decided it.",
            ),
            T::PeekTitle => ("ボタンのキーの状態", "The button's keys"),
            T::PeekRow => (
                "残り {} 件 · {} 秒後に全回復",
                "{} left · full again in {} s",
            ),
            T::ResetDone => (
                "ボタンのキーを {} 個削除しました。",
                "Deleted {} of the button's keys.",
            ),
            T::CodeTitle => ("コードと Redis コマンド", "Code and Redis commands"),
            T::CodePython => (
                "講座の Python (RateLimiter のメソッド)",
                "The course's Python (a RateLimiter method)",
            ),
            T::CodeLua => (
                "Redis で実行される Lua スクリプト",
                "The Lua script Redis runs",
            ),
            T::CodeKeys => (
                "コマンド中の {key} は、ボタンでは api:you、トラフィックの実行では api:run<番号> です。キーはすべてこのセッションの名前空間 pg:{…}: の下に作られます。",
                "{key} in the commands is api:you for the button and api:run<n> for a run of traffic; every key lives under this session's namespace pg:{…}:.",
            ),
            T::VerdictFixed => (
                "INCR は原子的なので、同時アクセスでも数え間違えません。しかしカウンターはウィンドウの境界で切り替わるため、境界をまたぐと 1 ウィンドウ分の時間に上限の 2 倍まで通ります。",
                "INCR is atomic, so concurrent requests are counted correctly. But the counter starts over at each window edge, so across an edge up to twice the limit passes within one window length.",
            ),
            T::VerdictCourse => (
                "1 件ずつ順に届くなら正確です。しかし同じ時刻のリクエストは同じメンバー str(now) になって 1 件と数えられ、上限超過時の ZREM は別の往復なので、同時アクセスでは取り消し前のエントリーを他のクライアントが数えてしまいます。",
                "Exact while requests arrive one at a time. But requests with the same timestamp share the member str(now) and count once, and the over-limit ZREM is a separate round trip, so concurrent clients count entries that are about to be undone.",
            ),
            T::VerdictLua => (
                "判定と記録を 1 本の Lua スクリプトで原子的に行い、メンバーは連番で一意です。どこで区切っても、ウィンドウ幅の区間に上限を超える件数は入りません。",
                "Checks and records in one atomic Lua script, with members made unique by a counter: no window-length interval ever holds more than the limit.",
            ),
            T::VerdictCounter => (
                "直前のウィンドウの件数を、まだ重なっている割合で按分して足す近似です。キー 2 つ・O(1) のメモリで済みますが、区間によっては上限をわずかに超えたり下回ったりします。",
                "An approximation: the previous window's count, weighted by how much it still overlaps, plus this window's. Two keys and O(1) memory, but an interval can slightly exceed or undershoot the limit.",
            ),
            T::VerdictBucket => (
                "最大 max 個のトークンが、1 ウィンドウあたり max 個の速さで補充されます。貯まった分だけバーストを許し、その後は一定のペースに均します。",
                "Holds up to max tokens, refilled at max per window: it allows a burst of what was saved, then evens traffic out to a steady pace.",
            ),
            T::AlgoLeaky => ("リーキーバケット (Lua)", "Leaky bucket (Lua)"),
            T::AlgoGcra => ("GCRA (Lua)", "GCRA (Lua)"),
            T::VerdictLeaky => (
                "メーターとしてのリーキーバケット: リクエストごとにバケツへ 1 杯注ぎ、バケツは 1 ウィンドウで max 杯の速さで漏れます。あふれる分は拒否し、キューには溜めません。水位は「足りないトークン」なので、判定はトークンバケットと同じになります。キューで待たせる版なら、拒否の代わりに遅延させます。",
                "The leaky bucket as a meter: each request pours one unit in, the bucket leaks max units per window, and a request that would overflow it is refused; nothing waits in a queue. Its level is the tokens a token bucket would be missing, so it decides exactly like the token bucket; the queue version would delay requests instead of refusing them.",
            ),
            T::VerdictGcra => (
                "GCRA (redis-cell や API ゲートウェイで使われる方式): 「次のリクエストが本来届くはずの時刻」(TAT) を 1 つのキーに持つだけです。リクエストごとに TAT を window / max 進め、TAT が今から 1 ウィンドウより先になるなら拒否します。判定はトークンバケットと同じで、保存する値は 2 つでなく 1 つ、拒否時にはあと何 µs 待てばよいかがすぐ分かります。",
                "GCRA (behind redis-cell and several API gateways) keeps one number in one key: the theoretical arrival time (TAT) of the next request. Each request moves the TAT on by window / max, and is refused when that would put it more than one window ahead of now. It decides like the token bucket, but stores one value instead of two, and a refusal knows at once how long to wait.",
            ),
            T::PatternRetryFixed => ("リトライの嵐 (固定の待ち時間)", "Retry storm (fixed delay)"),
            T::PatternRetryJitter => (
                "リトライ (ジッター付き指数バックオフ)",
                "Retries with jittered backoff",
            ),
            T::ParamDelayMs => ("再試行までの待ち (ms)", "Retry delay (ms)"),
            T::ParamBaseMs => ("バックオフの初期上限 (ms)", "Backoff base (ms)"),
            T::RetryReplayOnly => (
                "リトライのパターンはリプレイでのみ実行できます (どのリクエストが再試行されるかは各レーン自身の拒否で決まるため)。モードを「リプレイ」にしてください。複数サーバーのシナリオでも使えません。",
                "Retry patterns run only as replays, because each lane's own refusals decide what is retried: choose Replay. They cannot run on many servers either.",
            ),
            T::StormTitle => ("再試行の嵐: 拒否の割合", "The retry storm: refused share"),
            T::StormLane => ("レーン", "Lane"),
            T::StormDecisions => ("判定", "Decisions"),
            T::StormRetries => ("うち再試行", "Of which retries"),
            T::StormRefused => ("拒否の割合", "Refused"),
            T::StormHint => (
                "再試行も 1 件の判定として数えます。拒否されたリクエストは、パターンの待ち時間の後に同じレーンへ戻ってきます (最大 4 回)。",
                "Retries count as decisions too. A refused request comes back to the same lane after the pattern's delay, up to 4 times.",
            ),
            T::DemoStorm => ("⑤ リトライの嵐", "5. Retry storm"),
            T::DemoStormExplain => (
                "上限は 1 秒 10 件、リクエストも平均で毎秒 10 件なので、拒否されるのは偶然リクエストが固まったときだけのはずです。ところが拒否されたクライアントは全員 200 ms 後に再試行します (最大 4 回)。再試行は混んでいる同じ時間帯に戻ってくるので、さらに拒否され、また再試行されます。レーンの下の表で、拒否の割合と再試行の件数を見てください。どのアルゴリズムでも、拒否の割合は再試行しない場合の数倍になります。",
                "A limit of 10 per second and, on average, 10 requests a second, so only chance clumps should be refused. But every refused client retries 200 ms later (up to 4 times): the retries land in the same busy moment, are refused again, and retry again. The table under the lanes shows each lane's refused share and retries: under every algorithm the share is several times what it would be without retries.",
            ),
            T::DemoCalm => ("⑥ ジッター付きバックオフ", "6. Jittered backoff"),
            T::DemoCalmExplain => (
                "同じリクエスト、同じ上限で、再試行だけを「0〜2 秒、0〜4 秒、0〜8 秒…のランダムな待ち」(フルジッターの指数バックオフ) にしました。再試行が空いた時間に散らばるので、多くは 1 回目の再試行で通り、どのレーンでも拒否の割合は ⑤ より下がります。",
                "The same requests and limit, but each retry waits a random time up to 2 s, then 4 s, then 8 s… (full-jitter exponential backoff). The retries spread into quieter moments, most get through on their first retry, and in every lane the refused share drops below demo 5's.",
            ),
            T::DemoServers => ("⑦ 複数のアプリサーバー", "7. Many app servers"),
            T::DemoServersExplain => (
                "4 台のアプリサーバーにリクエストを順番に配り、上限は 3 秒 5 件。各サーバーが自分のメモリだけで数えると、どのサーバーも自分の 5 件を通すので、合わせて上限のほぼ 4 倍が通ります。全サーバーが Redis の 1 つのリミッターを共有すると、上限は守られます。これがこの講座でレート制限を Redis に置く理由です。",
                "Requests are dealt in turn to 4 application servers, with a limit of 5 per 3 seconds. Counting in its own memory, each server lets its own 5 through, so together nearly 4 × the limit get through. Sharing one limiter in Redis, all servers together keep the limit. This is why the course puts the rate limiter in Redis.",
            ),
            T::ServersTitle => (
                "複数のアプリサーバーで制限する",
                "Limiting across many application servers",
            ),
            T::ServersIntro => (
                "「トラフィックの生成」のパターンを、2〜8 台のアプリサーバー (それぞれ専用の Redis 接続を持つタスク) に順番に配り、ライブで実行します。各リクエストを 2 通りに判定します: サーバー自身のメモリにあるスライディングログと、全サーバーが共有する Redis の Lua スライディングログです。",
                "The traffic generator's pattern, dealt in turn to 2–8 application servers (each a task with its own Redis connection), live. Every request is decided twice: by a sliding log in the server's own memory, and by the Lua sliding log all servers share in Redis.",
            ),
            T::ServersLabel => ("サーバー台数", "Servers"),
            T::ServersRun => ("複数サーバーで実行", "Run on many servers"),
            T::ServersOwn => (
                "各サーバーのメモリ内リミッター",
                "Each server's in-memory limiter",
            ),
            T::ServersOwnSource => (
                "この数字はサーバー自身のカウンター (プレイグラウンドのプロセス内のメモリ) のもので、Redis のものではありません。",
                "These figures are the servers' own counters, in the playground's memory, not Redis.",
            ),
            T::ServersShared => ("Redis で共有するリミッター", "One limiter shared in Redis"),
            T::ServersSharedSource => (
                "この数字は Redis の返答 (EVALSHA で実行した Lua スライディングログ) から数えたものです。コマンドはトレースに出ています。",
                "These figures count Redis's replies (the Lua sliding log run with EVALSHA); the commands are in the trace.",
            ),
            T::ServersServer => ("サーバー {}", "Server {}"),
            T::ServersPlotLabel => (
                "サーバーごとの判定 (■ 通過、✕ 拒否)",
                "Each server's decisions (■ let through, ✕ refused)",
            ),
            T::CmdMulti => (
                "トランザクションを始める (以降のコマンドをまとめて実行)",
                "starts a transaction: the next commands run together",
            ),
            T::CmdIncr => (
                "このウィンドウのカウンターを 1 増やす (拒否されるリクエストも数える)",
                "counts this request in the current window (refused ones too)",
            ),
            T::CmdExpireWindow => (
                "ウィンドウが終わったらカウンターを消す",
                "drops the counter when the window is over",
            ),
            T::CmdExec => (
                "まとめて実行し、各コマンドの応答を返す",
                "runs them all and returns each reply",
            ),
            T::CmdExpireLog => (
                "使われなくなったログを消す",
                "drops the log once it goes quiet",
            ),
            T::CmdZremrange => (
                "ウィンドウより古いエントリーを削除する",
                "removes entries older than the window",
            ),
            T::CmdZadd => (
                "このリクエストを記録する (メンバーは str(now))",
                "records this request (member str(now))",
            ),
            T::CmdZcard => (
                "ウィンドウ内の件数を数える",
                "counts the entries in the window",
            ),
            T::CmdZrem => (
                "上限を超えたときだけ: 記録したエントリーを別の往復で取り消す",
                "only when over the limit: undoes the entry, in a second round trip",
            ),
            T::CmdEvalshaLog => (
                "キャッシュ済みのスクリプトを SHA1 で実行する (判定と記録が原子的)",
                "runs the cached script by its SHA1: check and record in one atomic step",
            ),
            T::CmdEvalshaCounter => (
                "今と直前のウィンドウのカウンターから推定して判定する",
                "estimates from this window's and the previous window's counters",
            ),
            T::CmdEvalshaBucket => (
                "経過した時間の分だけトークンを補充し、1 つ使う",
                "refills tokens for the time elapsed, then takes one",
            ),
            T::CmdEvalshaLeaky => (
                "経過時間の分だけ水位を下げ、あふれなければ 1 杯注ぐ",
                "drains the level for the time elapsed, then pours one unit in if it fits",
            ),
            T::CmdEvalshaGcra => (
                "TAT を読み、間に合えば window / max 進めて PX 付きで SET する",
                "reads the TAT and, if the request is not too early, moves it on by window / max and SETs it with PX",
            ),
            T::CmdScriptLoad => (
                "NOSCRIPT が返ったときだけ (初回など): スクリプトを登録して EVALSHA をやり直す",
                "only after NOSCRIPT (the first time): loads the script, then retries EVALSHA",
            ),
        };
        match lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}
