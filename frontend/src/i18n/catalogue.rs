//! The catalogue: every visible string in Japanese and English, as one exhaustive `match`.
//!
//! A key without both translations does not compile. Sentences with `{}` are filled by
//! [`super::fill`] with values in the order the key's doc comment (in `text.rs`) lists them.

use super::{Lang, Text};

/// The sentence for `text` in `lang`.
pub fn t(lang: Lang, text: Text) -> &'static str {
    let (ja, en) = match text {
        Text::AppTitle => ("Redis プレイグラウンド", "Redis Playground"),
        Text::NavLabel => ("ラボ", "Labs"),
        Text::NavHome => ("ホーム", "Home"),
        Text::LangSwitchLabel => ("表示言語", "Language"),
        Text::LangJa => ("日本語", "日本語"),
        Text::LangEn => ("English", "English"),
        Text::StatusConnecting => ("接続中…", "Connecting…"),
        Text::StatusConnected => ("接続済み", "Connected"),
        Text::StatusReconnecting => ("再接続中…", "Reconnecting…"),
        Text::StatusReconnectingIn => ("{} 秒後に再接続", "Reconnecting in {} s"),
        Text::StatusOffline => ("オフライン ({} 秒後に再試行)", "Offline (retry in {} s)"),
        Text::RedisUp => ("Redis {} · 往復 {}", "Redis {} · round trip {}"),
        Text::RedisDown => ("Redis に接続できません", "Redis unreachable"),
        Text::RedisUnknown => ("Redis: 不明", "Redis: unknown"),
        Text::SessionTooltip => ("このセッションのキー: {}*", "This session's keys: {}*"),
        Text::ReloadProtocol => (
            "サーバーのプロトコル (v{}) がこのページ (v{}) と違います。ページを再読み込みしてください。",
            "The server speaks protocol v{} but this page speaks v{}. Please reload the page.",
        ),
        Text::ReloadUndecodable => (
            "サーバーからのメッセージを読めませんでした。ページを再読み込みしてください。",
            "A message from the server could not be read. Please reload the page.",
        ),
        Text::ReloadButton => ("再読み込み", "Reload"),
        Text::ServerRejected => (
            "サーバーがメッセージを拒否しました",
            "The server rejected a message",
        ),
        Text::Dismiss => ("閉じる", "Dismiss"),
        Text::ErrMalformed => (
            "サーバーがメッセージを理解できませんでした。",
            "The server could not understand the message.",
        ),
        Text::ErrUnknownMessage => (
            "サーバーはこの種類のメッセージを知りません。ページが古い可能性があります。",
            "The server does not know this kind of message; the page may be out of date.",
        ),
        Text::ErrInvalidParam => ("パラメーターが範囲外です。", "A parameter is out of range."),
        Text::ErrRedisUnavailable => (
            "Redis に接続できません。サーバーが再接続中です。少し待ってからもう一度実行してください。",
            "Redis is unreachable and the server is reconnecting. Try again in a moment.",
        ),
        Text::ErrBadRequestId => (
            "このリクエスト ID はすでに実行中か、存在しません。",
            "That request id is already running or does not exist.",
        ),
        Text::ErrCancelled => ("実行を中止しました。", "The run was stopped."),
        Text::ErrInternal => (
            "サーバー内部でエラーが起きました。詳細はサーバーのログにあります。",
            "Something failed inside the server; the details are in its log.",
        ),
        Text::ErrForbidden => (
            "この操作は発表者だけができます。",
            "Only the presenter can do that.",
        ),
        Text::ErrNoSuchRoom => (
            "そのコードのルームはありません。コードを確かめてください。",
            "No open room has that code. Check the code and try again.",
        ),
        Text::ErrLimitReached => (
            "上限に達しました。実行中のものを止めるか、少し待ってからもう一度試してください。",
            "A limit was reached. Stop something that is running, or wait a moment and try again.",
        ),
        Text::ErrRateLimited => (
            "送信が速すぎます。少し待ってからもう一度試してください。",
            "Messages were sent too fast. Wait a moment and try again.",
        ),
        Text::ParamRange => (
            "{} は {}〜{} の範囲で指定してください",
            "{} must be between {} and {}",
        ),
        Text::RequestLost => (
            "応答が届く前に接続が切れました。もう一度実行してください。",
            "The connection dropped before the answer arrived. Run it again.",
        ),
        Text::RequestNotSent => (
            "サーバーに接続していないため、送信しませんでした。",
            "Not connected to the server, so nothing was sent.",
        ),
        Text::HomeTitle => (
            "Redis の高度な機能を手を動かして学ぶ",
            "Learn Redis's advanced features hands-on",
        ),
        Text::HomeIntro => (
            "ラボのボタンは本物の Redis にコマンドを送ります。トレースパネルには、実際に実行されたコマンドと応答、かかった時間がすべて表示されます。",
            "Every button in a lab sends real commands to a real Redis. The trace panel lists each command that actually ran, with its reply and how long it took.",
        ),
        Text::HomeSession => (
            "あなたのキーはすべて {} の下に作られ、{} 秒以内に消えます。",
            "All your keys live under {} and expire within {} s.",
        ),
        Text::HomeLabs => ("ラボ一覧", "Labs"),
        Text::PingNav => ("PING", "PING"),
        Text::PingTitle => ("PING: 疎通確認", "PING: first contact"),
        Text::PingSummary => (
            "PING・SET・GET・PTTL・TIME を 1 回ずつ実行し、ブラウザから Redis までの経路を確かめます。",
            "Runs PING, SET, GET, PTTL and TIME once each to check the whole path from the browser to Redis.",
        ),
        Text::PubSubNav => ("Pub/Sub", "Pub/Sub"),
        Text::PubSubTitle => (
            "Pub/Sub: リアルタイム通知",
            "Pub/Sub: real-time notifications",
        ),
        Text::PubSubSummary => (
            "PUBLISH したメッセージが、チャンネルを SUBSCRIBE している全員に届く様子を見ます。",
            "Watch a message sent with PUBLISH reach every client that SUBSCRIBEd to the channel.",
        ),
        Text::RateLimitNav => ("レート制限", "Rate limit"),
        Text::RateLimitTitle => ("レート制限", "Rate limiting"),
        Text::RateLimitSummary => (
            "固定ウィンドウ (INCR + EXPIRE) とスライディングウィンドウ (ソート済みセット) でリクエスト数を制限します。",
            "Limit requests with a fixed window (INCR + EXPIRE) and with a sliding window (a sorted set).",
        ),
        Text::LockNav => ("分散ロック", "Lock"),
        Text::LockTitle => ("分散ロック", "Distributed lock"),
        Text::LockSummary => (
            "SET key token NX EX でロックを取り、Lua スクリプトで自分のトークンのときだけ解放します。",
            "Take a lock with SET key token NX EX and release it with a Lua script only while the token is still yours.",
        ),
        Text::CacheNav => ("キャッシュ", "Cache"),
        Text::CacheTitle => ("キャッシュウォームアップ", "Cache warm-up"),
        Text::CacheSummary => (
            "アクセス数の多い商品から SETEX で事前にキャッシュしておきます。",
            "Fill the cache ahead of time with SETEX, starting with the most-viewed products.",
        ),
        Text::QuizNav => ("クイズ", "Quiz"),
        Text::QuizTitle => ("理解度確認", "Check your understanding"),
        Text::QuizSummary => (
            "分散ロックに使う SET のオプションはどれか、答えて確かめます。",
            "Answer which SET options make a distributed lock, then check.",
        ),
        Text::BackHome => ("ホームに戻る", "Back to home"),
        Text::NotFoundTitle => ("ページが見つかりません", "Page not found"),
        Text::NotFoundBody => (
            "このアドレスにはページがありません。",
            "There is no page at this address.",
        ),
        Text::PingTextLabel => ("保存するテキスト", "Text to store"),
        Text::PingTextCount => ("{} / {} 文字", "{} / {} characters"),
        Text::PingRun => ("PING を実行", "Run PING"),
        Text::Running => ("実行中…", "Running…"),
        Text::WaitingForServer => ("サーバーへの接続を待っています…", "Waiting for the server…"),
        Text::ResultTitle => ("結果", "Result"),
        Text::ErrorTitle => ("エラー", "Error"),
        Text::PingPong => ("PING の応答", "PING replied"),
        Text::PingKey => ("キー", "Key"),
        Text::PingStored => ("GET で読んだ値", "GET read back"),
        Text::PingTtl => ("PTTL (残り寿命)", "PTTL (time to live)"),
        Text::PingServerTime => ("Redis の時刻 (TIME)", "Redis clock (TIME)"),
        Text::CodeTitle => ("このラボが実行するコマンド", "Commands this lab runs"),
        Text::CmdPing => (
            "サーバーが応答するか確かめる",
            "checks that the server answers",
        ),
        Text::CmdSet => (
            "テキストを有効期限付きで保存する",
            "stores the text with an expiry",
        ),
        Text::CmdGet => ("保存した値を読み戻す", "reads the value back"),
        Text::CmdPttl => (
            "残り寿命をミリ秒で調べる",
            "asks for the time to live in milliseconds",
        ),
        Text::CmdTime => (
            "Redis サーバーの時計を読む",
            "reads the Redis server's clock",
        ),
        Text::TraceTitle => ("コマンドトレース", "Command trace"),
        Text::TraceClient => ("クライアント", "Client"),
        Text::TraceAll => ("すべて", "All"),
        Text::TraceClear => ("クリア", "Clear"),
        Text::TraceHide => ("隠す", "Hide"),
        Text::TraceShow => ("トレースを表示", "Show trace"),
        Text::PresenterMode => ("発表者", "Presenter"),
        Text::PresenterKeyHint => ("発表者モード (P キー)", "Presenter mode (P key)"),
        Text::PresenterFullScreen => ("全画面", "Full screen"),
        Text::PresenterTraceNormal => ("トレース: 標準", "Trace: normal"),
        Text::PresenterTraceLarge => ("トレース: 拡大", "Trace: large"),
        Text::PresenterTraceHidden => ("トレース: 非表示", "Trace: hidden"),
        Text::PresenterKeys => (
            "←/→ ラボ · Enter 開始 · Esc 停止 · N ステップ · R リセット · T トレース · F 全画面 · P 終了",
            "←/→ lab · Enter start · Esc stop · N step · R reset · T trace · F full screen · P exit",
        ),
        Text::ExportSvg => ("SVG を書き出す", "Export SVG"),
        Text::SpeedLabel => ("速度", "Speed"),
        Text::SpeedHint => (
            "スロー再生では Redis に渡す時間 (有効期限、待ち、到着時刻、ウィンドウ) がすべて伸び、実際にゆっくり動きます。",
            "Slow motion stretches every time Redis sees (expiries, waits, arrivals, the window), so it really runs slower.",
        ),
        Text::ShareCopyLink => ("リンクをコピー", "Copy link"),
        Text::ShareCopied => ("リンクをコピーしました。", "Link copied."),
        Text::ShareCopyByHand => (
            "クリップボードが使えません。選択されたリンクを手動でコピーしてください。",
            "The clipboard is not available; copy the selected link by hand.",
        ),
        Text::ShareLinkLabel => ("共有リンク", "Share link"),
        Text::ShareBroken => (
            "URL の共有リンクを読めませんでした。",
            "The share link in the URL could not be read.",
        ),
        Text::TraceEmpty => (
            "まだコマンドはありません。ラボを実行すると、Redis で実行されたコマンドがここに並びます。",
            "No commands yet. Run a lab and every command Redis runs appears here.",
        ),
        Text::TraceCapped => (
            "古い行は削除しました (最新 {} 行を保持)",
            "Older lines dropped (keeping the last {})",
        ),
        Text::TraceServerDropped => (
            "受信が追いつかず、サーバーがトレースを {} 行破棄しました。",
            "The browser read too slowly, so the server dropped {} trace lines.",
        ),
        Text::TraceColTime => ("時刻", "Time"),
        Text::TraceColClient => ("クライアント", "Client"),
        Text::TraceColCommand => ("コマンド", "Command"),
        Text::TraceColReply => ("応答", "Reply"),
        Text::TraceColMicros => ("所要時間", "Took"),
        Text::TraceFailed => ("失敗: ", "failed: "),
        Text::RlIntro => (
            "同じトラフィックを最大 7 種類のレート制限に同時に流し、それぞれが通したリクエスト (●) と拒否したリクエスト (✕) を同じ時間軸に並べます。判定はすべて本物の Redis が行います。マークをクリックすると、その判定で実行されたコマンドを確かめられます。",
            "The same traffic goes through up to seven rate limiters at once; each lane shows what its limiter let through (●) and refused (✕) on one time axis. Every decision is made by the real Redis: click a mark to see the commands behind it.",
        ),
        Text::RlAlgoFixed => ("固定ウィンドウ (講座)", "Fixed window (course)"),
        Text::RlAlgoCourse => ("スライディングウィンドウ (講座)", "Sliding window (course)"),
        Text::RlAlgoLua => (
            "スライディングログ (Lua 修正版)",
            "Sliding log (Lua, fixed)",
        ),
        Text::RlAlgoCounter => ("スライディングカウンター (Lua)", "Sliding counter (Lua)"),
        Text::RlAlgoBucket => ("トークンバケット (Lua)", "Token bucket (Lua)"),
        Text::RlDemosTitle => ("ガイド付きデモ", "Guided demos"),
        Text::RlDemoBoundary => ("① 境界をまたぐバースト", "1. Burst across a window edge"),
        Text::RlDemoCollision => ("② 同じ時刻の衝突", "2. Same-timestamp collision"),
        Text::RlDemoRace => ("③ 同時クライアントの競合", "3. Concurrent clients racing"),
        Text::RlDemoCourseVsLua => ("④ 講座版 vs Lua 版", "4. Course version vs Lua"),
        Text::RlDemoBoundaryExplain => (
            "固定ウィンドウの境界 (10 秒) の直前に 5 件、直後に 5 件を送ります (上限 5 件 / 10 秒)。固定ウィンドウは境界で INCR のキーが新しいものに切り替わるため 10 件すべてを通し、10 秒よりずっと短い間に上限の 2 倍が通ります (ウィンドウ内最大 = 10)。スライディングログ (Lua) は直前 10 秒の件数を数えるので 5 件で止まります。カーソルを境界の少し右に置くと、ブラケットが各レーンの直前 10 秒の許可数を示します。",
            "Five requests just before a fixed-window edge (at 10 s) and five just after, with a limit of 5 per 10 s. At the edge the fixed window's INCR moves to a new key, so all 10 pass: twice the limit in far less than one window (max in a window = 10). The Lua sliding log counts the last 10 seconds and stops at 5. Put the cursor just right of the edge: the bracket shows each lane's allowed requests in the last 10 seconds.",
        ),
        Text::RlDemoCollisionExplain => (
            "まったく同じ時刻に 8 件を送ります (上限 3 件)。講座の sliding_window はメンバーに str(now) を使うので、同じ時刻の ZADD は同じメンバーを上書きするだけで ZCARD が増えず、3 件を超えて通してしまいます。Lua 版は連番でメンバーを一意にするので、ちょうど 3 件で止まります。マークをクリックして、ZADD と ZCARD の応答を見比べてください。",
            "Eight requests at exactly the same instant, with a limit of 3. The course's sliding_window uses str(now) as the member, so every ZADD at that instant overwrites the same member, ZCARD never grows, and more than 3 get through. The Lua version makes each member unique with a counter and stops at exactly 3. Click the marks and compare the replies of ZADD and ZCARD.",
        ),
        Text::RlDemoRaceExplain => (
            "10 台のクライアントが、それぞれ自分の接続から同じ瞬間に 1 件ずつ送ります (ライブ、上限 5 件 / 2 秒。まずウィンドウの境界を待ちます)。INCR と Lua スクリプトは Redis の中で 1 つずつ実行されるので、どちらもちょうど 5 件を通します。講座の sliding_window は記録 (MULTI/EXEC) と超過分の取り消し (ZREM) が別々の往復なので、その間に他のクライアントが取り消し前のエントリーまで数えてしまい、結果が 5 件からずれることがあります。何度か実行して比べてください。",
            "Ten clients, each on its own connection, send one request at the same moment (live, limit 5 per 2 s; the run first waits for a window edge). INCR and Lua scripts run one at a time inside Redis, so both let exactly 5 through. The course's sliding_window records (MULTI/EXEC) and undoes the excess (ZREM) in separate round trips, so other clients count entries that are about to be undone, and the result can differ from 5. Run it a few times and compare.",
        ),
        Text::RlDemoCourseVsLuaExplain => (
            "毎秒平均 100 件のランダムなリクエストを 20 秒分 (約 2,000 件、上限 50 件 / 1 秒) リプレイします。1 件ずつ順に処理される限り、講座版は Lua 版とほぼ同じ判定をします。しかしこの速さでは、同じマイクロ秒に 2 件が届くことが実際に起こります。それが上限ちょうどのときに起きると、講座版は 2 件目も通してしまい、ウィンドウ内最大が 51 になります (赤い枠)。1 件の判定に使うコマンドも、講座版は 6 個 (拒否するときは、さらに別の往復で ZREM)、Lua 版は EVALSHA 1 個です。",
            "Replays 20 seconds of random requests at 100 per second on average (about 2,000, limit 50 per 1 s). Handled one at a time, the course's version decides almost exactly like the Lua one. But at this rate two requests do land in the same microsecond; when that happens right at the limit, the course's version lets the second one through too, and its max in a window becomes 51 (the red frame). Each decision also costs the course's version 6 commands (plus a ZREM in a second round trip when it refuses), against one EVALSHA.",
        ),
        Text::RlSettingsLabel => ("設定", "Settings"),
        Text::RlTrafficLabel => ("トラフィック", "Traffic"),
        Text::RlLanesLabel => ("比べるアルゴリズム", "Algorithms to compare"),
        Text::RlMaxLabel => ("上限 (max_requests)", "Limit (max_requests)"),
        Text::RlWindowLabel => ("ウィンドウ秒数 (window_seconds)", "Window (window_seconds)"),
        Text::RlModeLabel => ("時間の進め方", "Timing"),
        Text::RlModeLive => ("ライブ (実時間)", "Live (wall clock)"),
        Text::RlModeReplay => (
            "リプレイ (仮想時間・再現可能)",
            "Replay (virtual time, repeatable)",
        ),
        Text::RlSend => ("リクエストを送る", "Send request"),
        Text::RlSendHint => ("S キーかスペースキーでも送れます", "or press S or Space"),
        Text::RlPatternLabel => ("生成するトラフィック", "Generated traffic"),
        Text::RlPatternSteady => ("一定間隔", "Steady"),
        Text::RlPatternBursts => ("定期的なバースト", "Bursts"),
        Text::RlPatternBoundary => ("境界バースト", "Boundary burst"),
        Text::RlPatternPoisson => ("ランダム (ポアソン到着)", "Random (Poisson)"),
        Text::RlPatternConcurrent => ("同時クライアント", "Concurrent clients"),
        Text::RlParamPerSecond => ("毎秒の件数", "Per second"),
        Text::RlParamSeconds => ("秒数", "Seconds"),
        Text::RlParamSize => ("1 回の件数", "Burst size"),
        Text::RlParamEvery => ("間隔 (秒)", "Every (s)"),
        Text::RlParamCount => ("回数", "Bursts"),
        Text::RlParamSeed => ("シード", "Seed"),
        Text::RlParamClients => ("クライアント数", "Clients"),
        Text::RlParamEach => ("1 台あたりの件数", "Requests each"),
        Text::RlRun => ("トラフィックを実行", "Run traffic"),
        Text::RlStop => ("停止", "Stop"),
        Text::RlPeek => ("残りを確認 (消費しない)", "Peek (consumes nothing)"),
        Text::RlReset => ("ボタンのキーをリセット", "Reset the button's keys"),
        Text::RlExport => ("トレースを保存 (JSON)", "Export trace (JSON)"),
        Text::RlImport => ("トレースを読み込む", "Import trace"),
        Text::RlReplayFile => (
            "読み込んだトレースを再実行 ({} 件)",
            "Run the imported trace again ({} arrivals)",
        ),
        Text::RlImportNotJson => (
            "JSON として読めないファイルです。",
            "That file is not JSON.",
        ),
        Text::RlImportNotATrace => (
            "このラボのトレースファイルではありません。",
            "That file is not a trace file of this lab.",
        ),
        Text::RlImportBadField => (
            "トレースファイルの {} が読めません。",
            "The trace file's {} field could not be read.",
        ),
        Text::RlNoLanes => (
            "アルゴリズムを 1 つ以上選んでください。",
            "Choose at least one algorithm.",
        ),
        Text::RlStatusIdle => (
            "待機中: ボタンを押すか、デモかトラフィックを実行してください。",
            "Idle: press the button, or run a demo or some traffic.",
        ),
        Text::RlStatusWaiting => (
            "ウィンドウの境界を待っています… あと {} 秒",
            "Waiting for the window edge… {} s",
        ),
        Text::RlStatusRunning => ("実行中: {} / {} 件の判定", "Running: {} of {} decisions"),
        Text::RlStatusDone => ("完了: {} 件の判定", "Done: {} decisions"),
        Text::RlStatusStopped => (
            "停止しました ({} / {} 件の判定)",
            "Stopped ({} of {} decisions)",
        ),
        Text::RlEmpty => (
            "まだ何も実行していません。「リクエストを送る」を押すか、デモかトラフィックを実行してください。",
            "Nothing has run yet. Press “Send request”, or run a demo or some traffic.",
        ),
        Text::RlPlotLabel => ("判定のタイムライン", "Decisions on a timeline"),
        Text::RlZoomLabel => ("表示範囲", "Show"),
        Text::RlZoomWindows => ("ウィンドウ全体", "Whole windows"),
        Text::RlZoomRequests => ("リクエストに合わせて拡大", "Zoom to the requests"),
        Text::RlLegendAllowed => ("許可 (上に積む)", "allowed (stacked upwards)"),
        Text::RlLegendDenied => ("拒否 (下に積む)", "denied (stacked downwards)"),
        Text::RlLegendBands => (
            "固定ウィンドウ (帯) と INCR の値",
            "fixed windows (bands) and their INCR count",
        ),
        Text::RlLegendBracket => (
            "スライディングウィンドウ: カーソルまでの 1 ウィンドウ",
            "sliding window: one window up to the cursor",
        ),
        Text::RlLegendPeak => ("上限を超えたウィンドウ", "a window over the limit"),
        Text::RlStatAllowed => ("許可", "Allowed"),
        Text::RlStatDenied => ("拒否", "Denied"),
        Text::RlStatMax => ("ウィンドウ内最大", "Max in a window"),
        Text::RlOverLimit => ("上限 {} を超えた区間があります", "exceeds the limit of {}"),
        Text::RlPeakLabel => ("1 ウィンドウに {} 件", "{} in one window"),
        Text::RlLaneAreaLabel => (
            "{} のレーン。クリックでマークを選び、左右の矢印キーで移動します。",
            "{} lane. Click a mark to select it; the arrow keys move between marks.",
        ),
        Text::RlHoverLabel => ("#{} · {} 秒 · {}", "#{} · {} s · {}"),
        Text::RlBracketLabel => ("直前 {} 秒 (〜{} 秒)", "last {} s up to {} s"),
        Text::RlSeconds => ("{} 秒", "{} s"),
        Text::RlDetailAllowed => ("許可", "allowed"),
        Text::RlDetailDenied => ("拒否", "denied"),
        Text::RlDetailSummary => (
            "到着 #{} · クライアント {} · {} 秒 · 残り {}",
            "arrival #{} · client {} · at {} s · remaining {}",
        ),
        Text::RlDetailCommands => (
            "この判定で実行されたコマンド",
            "Commands that made this decision",
        ),
        Text::RlDetailMissing => (
            "このうち {} 行 (全 {} 行中) はトレースに残っていません。ブラウザは最新の {} 行だけを保持し、受信が追いつかないときはサーバーも行を捨てます。",
            "{} of these {} lines are no longer in the trace: the browser keeps only the last {} lines, and the server drops lines when the browser falls behind.",
        ),
        Text::RlDetailHint => (
            "レーンのマークをクリックすると、その判定を下した Redis コマンドがここに表示されます。",
            "Click a mark in a lane to see here the Redis commands that decided it.",
        ),
        Text::RlPeekTitle => ("ボタンのキーの状態", "The button's keys"),
        Text::RlPeekRow => (
            "残り {} 件 · {} 秒後に全回復",
            "{} left · full again in {} s",
        ),
        Text::RlResetDone => (
            "ボタンのキーを {} 個削除しました。",
            "Deleted {} of the button's keys.",
        ),
        Text::RlCodeTitle => ("コードと Redis コマンド", "Code and Redis commands"),
        Text::RlCodePython => (
            "講座の Python (RateLimiter のメソッド)",
            "The course's Python (a RateLimiter method)",
        ),
        Text::RlCodeLua => (
            "Redis で実行される Lua スクリプト",
            "The Lua script Redis runs",
        ),
        Text::RlCodeKeys => (
            "コマンド中の {key} は、ボタンでは api:you、トラフィックの実行では api:run<番号> です。キーはすべてこのセッションの名前空間 pg:{…}: の下に作られます。",
            "{key} in the commands is api:you for the button and api:run<n> for a run of traffic; every key lives under this session's namespace pg:{…}:.",
        ),
        Text::RlVerdictFixed => (
            "INCR は原子的なので、同時アクセスでも数え間違えません。しかしカウンターはウィンドウの境界で切り替わるため、境界をまたぐと 1 ウィンドウ分の時間に上限の 2 倍まで通ります。",
            "INCR is atomic, so concurrent requests are counted correctly. But the counter starts over at each window edge, so across an edge up to twice the limit passes within one window length.",
        ),
        Text::RlVerdictCourse => (
            "1 件ずつ順に届くなら正確です。しかし同じ時刻のリクエストは同じメンバー str(now) になって 1 件と数えられ、上限超過時の ZREM は別の往復なので、同時アクセスでは取り消し前のエントリーを他のクライアントが数えてしまいます。",
            "Exact while requests arrive one at a time. But requests with the same timestamp share the member str(now) and count once, and the over-limit ZREM is a separate round trip, so concurrent clients count entries that are about to be undone.",
        ),
        Text::RlVerdictLua => (
            "判定と記録を 1 本の Lua スクリプトで原子的に行い、メンバーは連番で一意です。どこで区切っても、ウィンドウ幅の区間に上限を超える件数は入りません。",
            "Checks and records in one atomic Lua script, with members made unique by a counter: no window-length interval ever holds more than the limit.",
        ),
        Text::RlVerdictCounter => (
            "直前のウィンドウの件数を、まだ重なっている割合で按分して足す近似です。キー 2 つ・O(1) のメモリで済みますが、区間によっては上限をわずかに超えたり下回ったりします。",
            "An approximation: the previous window's count, weighted by how much it still overlaps, plus this window's. Two keys and O(1) memory, but an interval can slightly exceed or undershoot the limit.",
        ),
        Text::RlVerdictBucket => (
            "最大 max 個のトークンが、1 ウィンドウあたり max 個の速さで補充されます。貯まった分だけバーストを許し、その後は一定のペースに均します。",
            "Holds up to max tokens, refilled at max per window: it allows a burst of what was saved, then evens traffic out to a steady pace.",
        ),
        Text::RlAlgoLeaky => ("リーキーバケット (Lua)", "Leaky bucket (Lua)"),
        Text::RlAlgoGcra => ("GCRA (Lua)", "GCRA (Lua)"),
        Text::RlVerdictLeaky => (
            "メーターとしてのリーキーバケット: リクエストごとにバケツへ 1 杯注ぎ、バケツは 1 ウィンドウで max 杯の速さで漏れます。あふれる分は拒否し、キューには溜めません。水位は「足りないトークン」なので、判定はトークンバケットと同じになります。キューで待たせる版なら、拒否の代わりに遅延させます。",
            "The leaky bucket as a meter: each request pours one unit in, the bucket leaks max units per window, and a request that would overflow it is refused; nothing waits in a queue. Its level is the tokens a token bucket would be missing, so it decides exactly like the token bucket; the queue version would delay requests instead of refusing them.",
        ),
        Text::RlVerdictGcra => (
            "GCRA (redis-cell や API ゲートウェイで使われる方式): 「次のリクエストが本来届くはずの時刻」(TAT) を 1 つのキーに持つだけです。リクエストごとに TAT を window / max 進め、TAT が今から 1 ウィンドウより先になるなら拒否します。判定はトークンバケットと同じで、保存する値は 2 つでなく 1 つ、拒否時にはあと何 µs 待てばよいかがすぐ分かります。",
            "GCRA (behind redis-cell and several API gateways) keeps one number in one key: the theoretical arrival time (TAT) of the next request. Each request moves the TAT on by window / max, and is refused when that would put it more than one window ahead of now. It decides like the token bucket, but stores one value instead of two, and a refusal knows at once how long to wait.",
        ),
        Text::RlPatternRetryFixed => ("リトライの嵐 (固定の待ち時間)", "Retry storm (fixed delay)"),
        Text::RlPatternRetryJitter => (
            "リトライ (ジッター付き指数バックオフ)",
            "Retries with jittered backoff",
        ),
        Text::RlParamDelayMs => ("再試行までの待ち (ms)", "Retry delay (ms)"),
        Text::RlParamBaseMs => ("バックオフの初期上限 (ms)", "Backoff base (ms)"),
        Text::RlRetryReplayOnly => (
            "リトライのパターンはリプレイでのみ実行できます (どのリクエストが再試行されるかは各レーン自身の拒否で決まるため)。モードを「リプレイ」にしてください。複数サーバーのシナリオでも使えません。",
            "Retry patterns run only as replays, because each lane's own refusals decide what is retried: choose Replay. They cannot run on many servers either.",
        ),
        Text::RlStormTitle => ("再試行の嵐: 拒否の割合", "The retry storm: refused share"),
        Text::RlStormLane => ("レーン", "Lane"),
        Text::RlStormDecisions => ("判定", "Decisions"),
        Text::RlStormRetries => ("うち再試行", "Of which retries"),
        Text::RlStormRefused => ("拒否の割合", "Refused"),
        Text::RlStormHint => (
            "再試行も 1 件の判定として数えます。拒否されたリクエストは、パターンの待ち時間の後に同じレーンへ戻ってきます (最大 4 回)。",
            "Retries count as decisions too. A refused request comes back to the same lane after the pattern's delay, up to 4 times.",
        ),
        Text::RlDemoStorm => ("⑤ リトライの嵐", "5. Retry storm"),
        Text::RlDemoStormExplain => (
            "上限は 1 秒 10 件、リクエストも平均で毎秒 10 件なので、拒否されるのは偶然リクエストが固まったときだけのはずです。ところが拒否されたクライアントは全員 200 ms 後に再試行します (最大 4 回)。再試行は混んでいる同じ時間帯に戻ってくるので、さらに拒否され、また再試行されます。レーンの下の表で、拒否の割合と再試行の件数を見てください。どのアルゴリズムでも、拒否の割合は再試行しない場合の数倍になります。",
            "A limit of 10 per second and, on average, 10 requests a second, so only chance clumps should be refused. But every refused client retries 200 ms later (up to 4 times): the retries land in the same busy moment, are refused again, and retry again. The table under the lanes shows each lane's refused share and retries: under every algorithm the share is several times what it would be without retries.",
        ),
        Text::RlDemoCalm => ("⑥ ジッター付きバックオフ", "6. Jittered backoff"),
        Text::RlDemoCalmExplain => (
            "同じリクエスト、同じ上限で、再試行だけを「0〜2 秒、0〜4 秒、0〜8 秒…のランダムな待ち」(フルジッターの指数バックオフ) にしました。再試行が空いた時間に散らばるので、多くは 1 回目の再試行で通り、どのレーンでも拒否の割合は ⑤ より下がります。",
            "The same requests and limit, but each retry waits a random time up to 2 s, then 4 s, then 8 s… (full-jitter exponential backoff). The retries spread into quieter moments, most get through on their first retry, and in every lane the refused share drops below demo 5's.",
        ),
        Text::RlDemoServers => ("⑦ 複数のアプリサーバー", "7. Many app servers"),
        Text::RlDemoServersExplain => (
            "4 台のアプリサーバーにリクエストを順番に配り、上限は 3 秒 5 件。各サーバーが自分のメモリだけで数えると、どのサーバーも自分の 5 件を通すので、合わせて上限のほぼ 4 倍が通ります。全サーバーが Redis の 1 つのリミッターを共有すると、上限は守られます。これがこの講座でレート制限を Redis に置く理由です。",
            "Requests are dealt in turn to 4 application servers, with a limit of 5 per 3 seconds. Counting in its own memory, each server lets its own 5 through, so together nearly 4 × the limit get through. Sharing one limiter in Redis, all servers together keep the limit. This is why the course puts the rate limiter in Redis.",
        ),
        Text::RlServersTitle => (
            "複数のアプリサーバーで制限する",
            "Limiting across many application servers",
        ),
        Text::RlServersIntro => (
            "「トラフィックの生成」のパターンを、2〜8 台のアプリサーバー (それぞれ専用の Redis 接続を持つタスク) に順番に配り、ライブで実行します。各リクエストを 2 通りに判定します: サーバー自身のメモリにあるスライディングログと、全サーバーが共有する Redis の Lua スライディングログです。",
            "The traffic generator's pattern, dealt in turn to 2–8 application servers (each a task with its own Redis connection), live. Every request is decided twice: by a sliding log in the server's own memory, and by the Lua sliding log all servers share in Redis.",
        ),
        Text::RlServersLabel => ("サーバー台数", "Servers"),
        Text::RlServersRun => ("複数サーバーで実行", "Run on many servers"),
        Text::RlServersOwn => (
            "各サーバーのメモリ内リミッター",
            "Each server's in-memory limiter",
        ),
        Text::RlServersOwnSource => (
            "この数字はサーバー自身のカウンター (プレイグラウンドのプロセス内のメモリ) のもので、Redis のものではありません。",
            "These figures are the servers' own counters, in the playground's memory, not Redis.",
        ),
        Text::RlServersShared => ("Redis で共有するリミッター", "One limiter shared in Redis"),
        Text::RlServersSharedSource => (
            "この数字は Redis の返答 (EVALSHA で実行した Lua スライディングログ) から数えたものです。コマンドはトレースに出ています。",
            "These figures count Redis's replies (the Lua sliding log run with EVALSHA); the commands are in the trace.",
        ),
        Text::RlServersServer => ("サーバー {}", "Server {}"),
        Text::RlServersPlotLabel => (
            "サーバーごとの判定 (● 通過、✕ 拒否)",
            "Each server's decisions (● let through, ✕ refused)",
        ),
        Text::CmdMulti => (
            "トランザクションを始める (以降のコマンドをまとめて実行)",
            "starts a transaction: the next commands run together",
        ),
        Text::CmdIncr => (
            "このウィンドウのカウンターを 1 増やす (拒否されるリクエストも数える)",
            "counts this request in the current window (refused ones too)",
        ),
        Text::CmdExpireWindow => (
            "ウィンドウが終わったらカウンターを消す",
            "drops the counter when the window is over",
        ),
        Text::CmdExec => (
            "まとめて実行し、各コマンドの応答を返す",
            "runs them all and returns each reply",
        ),
        Text::CmdZremrange => (
            "ウィンドウより古いエントリーを削除する",
            "removes entries older than the window",
        ),
        Text::CmdZadd => (
            "このリクエストを記録する (メンバーは str(now))",
            "records this request (member str(now))",
        ),
        Text::CmdZcard => (
            "ウィンドウ内の件数を数える",
            "counts the entries in the window",
        ),
        Text::CmdExpireLog => (
            "使われなくなったログを消す",
            "drops the log once it goes quiet",
        ),
        Text::CmdZrem => (
            "上限を超えたときだけ: 記録したエントリーを別の往復で取り消す",
            "only when over the limit: undoes the entry, in a second round trip",
        ),
        Text::CmdEvalshaLog => (
            "キャッシュ済みのスクリプトを SHA1 で実行する (判定と記録が原子的)",
            "runs the cached script by its SHA1: check and record in one atomic step",
        ),
        Text::CmdEvalshaCounter => (
            "今と直前のウィンドウのカウンターから推定して判定する",
            "estimates from this window's and the previous window's counters",
        ),
        Text::CmdEvalshaBucket => (
            "経過した時間の分だけトークンを補充し、1 つ使う",
            "refills tokens for the time elapsed, then takes one",
        ),
        Text::CmdEvalshaLeaky => (
            "経過時間の分だけ水位を下げ、あふれなければ 1 杯注ぐ",
            "drains the level for the time elapsed, then pours one unit in if it fits",
        ),
        Text::CmdEvalshaGcra => (
            "TAT を読み、間に合えば window / max 進めて PX 付きで SET する",
            "reads the TAT and, if the request is not too early, moves it on by window / max and SETs it with PX",
        ),
        Text::CmdScriptLoad => (
            "NOSCRIPT が返ったときだけ (初回など): スクリプトを登録して EVALSHA をやり直す",
            "only after NOSCRIPT (the first time): loads the script, then retries EVALSHA",
        ),
    };
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check;

    #[test]
    fn every_key_is_translated_with_the_same_holes() {
        // Names are the same in both languages on purpose: the two endonyms and Redis's own words.
        check::assert_complete(Text::ALL, 5, t);
    }
}
