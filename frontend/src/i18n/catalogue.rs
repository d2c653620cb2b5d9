//! The catalogue: every visible string in Japanese and English, as one exhaustive `match`.
//!
//! A key without both translations does not compile. Sentences with `{}` are filled by
//! [`super::fill`] with values in the order the key's doc comment (in `text.rs`) lists them.

use super::{Key, Lang, Text};

impl Key for Text {
    fn sentence(self, lang: Lang) -> &'static str {
        sentence(lang, self)
    }
}

/// The sentence for `text` in `lang`.
fn sentence(lang: Lang, text: Text) -> &'static str {
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
        Text::ConsoleNav => ("コンソール", "Console"),
        Text::ConsoleTitle => (
            "コンソール: 自分でコマンドを打つ",
            "Console: type your own commands",
        ),
        Text::ConsoleSummary => (
            "redis-cli のようにコマンドを打ち、自分の名前空間で本物の Redis に実行します。",
            "Type commands as in redis-cli and run them on the real Redis, in your own namespace.",
        ),
        Text::ExerciseNav => ("演習: レート制限", "Exercise: rate limit"),
        Text::ExerciseTitle => (
            "演習: レート制限を自分で書く",
            "Exercise: write the rate limiter",
        ),
        Text::ExerciseSummary => (
            "リミッターを Lua スクリプト 1 本で書き、専用のサンドボックス Redis で採点します。",
            "Write the limiter as one Lua script and have it graded on a sandbox Redis of its own.",
        ),
        Text::ExerciseLockNav => ("演習: 分散ロック", "Exercise: lock"),
        Text::ExerciseLockTitle => (
            "演習: 分散ロックを自分で書く",
            "Exercise: write the distributed lock",
        ),
        Text::ExerciseLockSummary => (
            "ロックの取得と解放を Lua で書き、障害を起こす複数のクライアントで採点します。",
            "Write the lock's acquire and release in Lua and have them graded by contending clients, faults included.",
        ),
        Text::ExerciseCacheNav => ("演習: ウォームアップ", "Exercise: warm-up"),
        Text::ExerciseCacheTitle => (
            "演習: キャッシュのウォームアップを自分で書く",
            "Exercise: write the cache warm-up",
        ),
        Text::ExerciseCacheSummary => (
            "アクセスログからのウォームアップを Lua 1 本 (1 往復) で書き、残ったキーと PTTL で採点します。",
            "Write the warm-up from the access log as one Lua script (one round trip), graded on the keys and PTTLs it leaves.",
        ),
        Text::ExercisePubsubNav => ("演習: 通知", "Exercise: notifications"),
        Text::ExercisePubsubTitle => (
            "演習: 離れていても失わない通知を自分で書く",
            "Exercise: write notifications that nobody misses",
        ),
        Text::ExercisePubsubSummary => (
            "送信と読み直しを Lua で書き、途中でいなくなる購読者で採点します。",
            "Write the publish and the read in Lua and have them graded by a subscriber that goes away and comes back.",
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
        Text::TracePlayground => (
            "プレイグラウンド自身のコマンドも表示",
            "Show the playground's own commands",
        ),
        Text::TracePlaygroundHint => (
            "在席の記録、上限のカウンター、ACL、NOSCRIPT の後の SCRIPT LOAD など、あなたの操作ではなくプレイグラウンドが自分のために実行したコマンドです。",
            "Presence, the limits' counters, ACL, SCRIPT LOAD after NOSCRIPT and the like: commands the playground runs for itself, not for your action.",
        ),
        Text::TraceOriginPlayground => ("プレイグラウンド", "playground"),
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
        check::assert_complete(Text::ALL, 5);
    }
}
