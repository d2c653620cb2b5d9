//! The workshop rooms' sentences in Japanese and English, as one exhaustive `match`: a key without both
//! translations does not compile.

use super::RoomText as T;
use crate::i18n::{Key, Lang};

impl Key for T {
    fn sentence(self, lang: Lang) -> &'static str {
        sentence(lang, self)
    }
}

/// The sentence for `key` in `lang`.
fn sentence(lang: Lang, key: T) -> &'static str {
    let (ja, en) = match key {
        T::Kicker => ("ワークショップルーム", "Workshop room"),
        T::LabPubsub => ("Pub/Sub: 全員が購読者", "Pub/Sub: everyone subscribes"),
        T::LabLock => (
            "分散ロック: 全員で取り合う",
            "Distributed lock: everyone contends",
        ),
        T::LabRatelimit => (
            "レート制限: 1 つの制限を全員で共有",
            "Rate limiting: one limiter for everyone",
        ),
        T::CodeLabel => ("ルームコード", "Room code"),
        T::Participants => ("参加者 {} 人", "{} participants"),
        T::You => ("あなた: {}", "You: {}"),
        T::Fullscreen => ("全画面表示", "Full screen"),
        T::Entering => ("ルームに接続しています…", "Entering the room…"),
        T::Closed => ("ルームは閉じられました。", "The room is closed."),
        T::Failed => (
            "ルームとの接続が切れました。",
            "The connection to the room was lost.",
        ),
        T::OpenAgain => ("新しいルームを開く", "Open a new room"),
        T::JoinAgain => ("もう一度参加する", "Join again"),
        T::Reset => (
            "ロックとレート制限をリセット (r)",
            "Reset the lock and the limiter (r)",
        ),
        T::KeysHint => (
            "キー操作: ← → で前後のラボへ、r でリセット",
            "Keys: ← → previous and next lab, r resets",
        ),
        T::TabsLabel => ("画面に表示するラボ", "Lab on screen"),
        T::SettingsLabel => ("パラメーター", "Parameters"),
        T::LockTtl => ("ロックの有効期限 TTL (ミリ秒)", "Lock lifetime, TTL (ms)"),
        T::LockHold => ("取得後に保持する時間 (ミリ秒)", "Hold after acquiring (ms)"),
        T::Algorithm => ("アルゴリズム", "Algorithm"),
        T::MaxRequests => ("ウィンドウあたりの上限 (回)", "Requests per window"),
        T::WindowSeconds => ("ウィンドウの長さ (秒)", "Window (seconds)"),
        T::Apply => ("全員に適用", "Apply for everyone"),
        T::LockSummary => (
            "ロックの TTL は {} 秒です。取得できた人は {} 秒保持してから解放します。",
            "The lock lives {} s; whoever gets it holds it {} s, then releases it.",
        ),
        T::LimiterSummary => (
            "{}: {} 回まで / {} 秒、全員で共有",
            "{}: {} requests per {} s, shared by everyone",
        ),
        T::LabExercise => (
            "演習: 全員で書いて採点",
            "Exercise: everyone writes, Redis grades",
        ),
        T::ExerciseField => ("演習", "Exercise"),
        T::ExerciseSummary => (
            "{} を書いて「採点する」を押してください。結果 (合格か、どの性質が破れたか) だけが発表者に届きます。コードは届きません。",
            "Write {} and press \"Grade it\". Only the verdict (passed, or which properties broke) reaches the presenter, never your code.",
        ),
        T::BoardCounts => (
            "合格 {} 人 / 参加者 {} 人 (採点した人 {} 人)",
            "{} of {} participants passed ({} graded)",
        ),
        T::BoardBroken => ("よく破れている性質", "Broken most often"),
        T::BoardNone => ("まだ誰も採点していません。", "Nobody has been graded yet."),
        T::BoardBar => ("{}: {} 人", "{}: {}"),
        T::BoardNote => (
            "各参加者の最新の採点結果から数えています。採点はそれぞれのバックエンドがサンドボックスの Redis で行い、結果だけがルームに届きます。",
            "Counted from each participant's latest grade. Each backend grades on a sandbox Redis and tells the room the verdict alone.",
        ),
        T::InviteTitle => ("参加方法", "How to join"),
        T::QrLabel => ("参加用リンクの QR コード", "QR code of the join link"),
        T::JoinUrlLabel => ("参加用リンク", "Join link"),
        T::InviteHint => (
            "スマートフォンで QR コードを読み取るか、トップページでルームコードを入力してください。",
            "Scan the QR code with a phone, or type the room code on the home page.",
        ),
        T::PublishLabel => (
            "ルームのチャンネルに送るメッセージ",
            "Message for the room channel",
        ),
        T::PublishPlaceholder => ("例: みなさん、こんにちは!", "e.g. Hello, everyone!"),
        T::Publish => ("送信 (PUBLISH)", "Publish"),
        T::ReceiversLabel => (
            "PUBLISH の戻り値 (届いた購読の数。参加者のいるバックエンドごとに 1 つ): ",
            "PUBLISH returned (subscriptions reached, one per backend with participants): ",
        ),
        T::ReceivedBy => ("{} 件の購読に配信", "reached {} subscriptions"),
        T::FanOutLabel => (
            "発表者から、各バックエンドの購読を通って参加者全員への配信",
            "Fan-out from the presenter, through each backend's subscription, to every participant",
        ),
        T::PresenterNode => ("発表者", "Presenter"),
        T::FanOutCaption => (
            "参加者のいるバックエンドはそれぞれ、ルームのチャンネルを本物の Redis 購読 1 つで受け取り、自分の参加者全員に中継します。",
            "Each backend with participants holds one real Redis subscription to the room channel and relays what it hears to its participants.",
        ),
        T::NobodyYet => (
            "まだ誰も参加していません。QR コードを見せましょう。",
            "Nobody has joined yet: show the QR code.",
        ),
        T::MoreParticipants => (
            "ほかの {} 人は図に入りきらないため省略しています。",
            "{} more participants are not drawn.",
        ),
        T::InboxTitle => ("受信箱", "Inbox"),
        T::InboxHint => (
            "このバックエンドのルーム購読が Redis から受け取り、このブラウザーに中継したメッセージです。",
            "What this backend's room subscription received from Redis and relayed to this browser.",
        ),
        T::InboxEmpty => (
            "発表者からのメッセージを待っています…",
            "Waiting for the presenter's messages…",
        ),
        T::InboxMeta => ("#{} ・ {} に受信", "#{} · received {}"),
        T::InboxMissed => (
            "このブラウザーの読み取りが遅れ、バックエンドの中継が保持する件数 (1,024 件) を超えたため、{} 件のメッセージを受け取れませんでした。番号の飛びがその分です。",
            "{} messages did not reach this browser: it read too slowly and fell more than the 1,024 messages its backend's relay keeps behind. The gaps in the numbers are those.",
        ),
        T::Acquire => ("ロックを取る", "Acquire the lock"),
        T::Holding => ("保持しています…", "Holding…"),
        T::AcquireHint => (
            "自分の接続で SET … NX PX を実行します。取れたら設定された時間だけ保持し、値を確かめてから消すスクリプトで解放します。保持が PX の寿命より長いときは、Redis がキーを失効させたかを示すため、寿命の終わりにプレイグラウンド自身が PTTL を読みます。",
            "Runs SET … NX PX on your own connection. If you get it, you hold it for the set time, then release it with the compare-and-delete script. When the hold outlasts the PX lifetime, the playground itself reads PTTL at the lifetime's end, to show whether Redis expired the key.",
        ),
        T::LanesLabel => (
            "参加者ごとに、ロックを保持していた時間帯",
            "When each participant held the lock",
        ),
        T::LanesLegend => (
            "帯: ロックを保持していた時間 (塗りつぶし: 本人が解放、薄い色と破線の枠: TTL で失効、濃い枠線: 保持中)。✕: 取得しようとしたが他の人が保持していた。マークをクリックすると実行されたコマンドを表示します。",
            "Bars: holding the lock (solid: released by the holder, faded with a dashed outline: expired by its TTL, dark outline: still held). ✕: an attempt that found it taken. Click a mark for its command.",
        ),
        T::HoldTitle => ("{} から {} 秒保持 ({})", "held from {} for {} s ({})"),
        T::BusyTitle => (
            "{} に取得失敗 (他の人が保持中)",
            "busy at {}: someone else held it",
        ),
        T::EndReleased => ("本人が解放", "released"),
        T::EndExpired => (
            "TTL で失効 (保持者の PTTL が -2 と報告)",
            "expired by its TTL (the holder's PTTL said -2)",
        ),
        T::EndLost => (
            "解放時にはもう本人のロックではありませんでした",
            "gone by its release: no longer the holder's",
        ),
        T::EndHeld => ("保持中", "still held"),
        T::Send => ("リクエストを送る", "Send a request"),
        T::SendHint => (
            "全員のリクエストが 1 つの制限を共有します。許可か拒否かを決めるのは Redis です。",
            "Everyone's requests go through one shared limiter; Redis decides each one.",
        ),
        T::Allowed => ("許可", "Allowed"),
        T::Refused => ("拒否", "Refused"),
        T::Counts => ("許可 {} 件 ・ 拒否 {} 件", "{} allowed · {} refused"),
        T::TimelineLabel => (
            "全員のリクエストの時系列: 上の段が許可、下の段が拒否",
            "Everyone's requests over time: allowed above, refused below",
        ),
        T::DecisionTitle => ("{}: {} (残り {}) {}", "{}: {} ({} left) at {}"),
        T::DetailHint => (
            "このマークを作ったコマンドと Redis の応答です (そのメンバーのバックエンドが報告したもの)。",
            "The command that made this mark and Redis's reply, as that member's backend reported them.",
        ),
        T::Close => ("閉じる", "Close"),
        T::JoinTitle => ("ワークショップに参加する", "Join a workshop room"),
        T::JoinLead => (
            "発表者の画面に表示されているルームコードを入力してください。あなたのブラウザーが本物の Redis クライアントとしてルームに加わります。",
            "Type the room code shown on the presenter's screen. Your browser joins the room as a real Redis client.",
        ),
        T::NameLabel => ("表示名 (任意)", "Display name (optional)"),
        T::NamePlaceholder => (
            "空欄なら「guest 番号」になります",
            "Leave empty to be “guest <n>”",
        ),
        T::Join => ("参加する", "Join"),
        T::CodeInvalid => (
            "ルームコードは英大文字と数字の 8 文字です (0・O・1・I・L は使いません)。",
            "A room code is 8 capital letters and digits (never 0, O, 1, I or L).",
        ),
        T::WorkshopTitle => ("ワークショップ", "Workshop"),
        T::WorkshopLead => (
            "発表者がルームを開き、参加者は自分のブラウザーからコードで参加します。全員の操作が同じ Redis 上の本物のコマンドになります。",
            "A presenter opens a room; participants join it with its code from their own browsers. Everyone's clicks become real commands on one Redis.",
        ),
        T::WorkshopPresent => ("発表者としてルームを開く", "Open a room as presenter"),
        T::RoomLost => (
            "ルーム {} は、接続が切れている間に閉じられました。",
            "Room {} closed while you were away.",
        ),
        T::Reconnecting => (
            "接続が切れました。再接続しています…ルーム {} は {} 秒間あなたを待ちます。参加者はそのまま残ります。",
            "The connection dropped. Reconnecting… Room {} waits {} s for you, with its participants.",
        ),
        T::PresenterAway => (
            "発表者の接続が切れています。ルームはそのまま、戻るのを待っています…",
            "The presenter's connection dropped. The room stays open, waiting for them to come back…",
        ),
        T::CloseRoom => ("ルームを閉じる", "Close the room"),
        T::LoopbackWarning => (
            "このページは {} で開かれているため、スマートフォンからはこのリンクに届きません。マシンのネットワークアドレス (例: http://192.168.1.20:8080) でページを開き直してください。バックエンドは --bind 0.0.0.0 で起動します。",
            "This page is open on {}, which phones cannot reach: open it by this machine's network address (e.g. http://192.168.1.20:8080), with the backend started with --bind 0.0.0.0.",
        ),
        T::FanOutReached => (
            "PUBLISH は {} 件の購読 (バックエンドごとに 1 つ) に届き、各バックエンドが中継。参加者 {} 人 (Redis のメンバー一覧)。",
            "PUBLISH reached {} subscriptions (one per backend), each relaying to its own; {} participants (the room's member list).",
        ),
        T::LinkInvalid => (
            "リンクのコード「{}」はルームコードではありません。コードを確かめて入力してください。",
            "The link's code \"{}\" is not a room code: check it and type it here.",
        ),
    };
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}
