//! The Pub/Sub lab's sentences in Japanese and English, as one exhaustive `match`: a key without both
//! translations does not compile.

use super::PubsubText as T;
use crate::i18n::{Key, Lang};

impl Key for T {
    fn sentence(self, lang: Lang) -> &'static str {
        sentence(lang, self)
    }
}

/// The sentence for `key` in `lang`.
fn sentence(lang: Lang, key: T) -> &'static str {
    let (ja, en) = match key {
        T::Intro => (
            "コースの NotificationService を本物の Redis で動かします。1 回の PUBLISH が購読者全員に届く様子、切断中のメッセージが失われること、パターン購読、遅い購読者、そして Pub/Sub が失ったものを読み直せる Streams を確かめましょう。",
            "The course's NotificationService on a real Redis: watch one PUBLISH fan out to every subscriber, messages lost while a subscriber is away, pattern subscriptions, a slow subscriber, and Streams, which can read back what Pub/Sub lost.",
        ),
        T::StatusWaiting => ("サーバーへの接続を待っています…", "Waiting for the server…"),
        T::StatusStarting => (
            "ハブを起動中: 購読者 {} 個が接続しています…",
            "Starting the hub: {} subscribers connecting…",
        ),
        T::StatusRunning => (
            "稼働中: 購読者 {} 個、Redis 接続 {} 本",
            "Running: {} subscribers on {} Redis connections",
        ),
        T::StatusError => ("ハブが止まりました。", "The hub stopped."),
        T::StatusRestart => ("もう一度起動", "Start again"),
        T::OwnConnection => (
            "購読者はそれぞれ自分専用の Redis 接続を持ちます。RESP2 では SUBSCRIBE した接続は購読と受信しかできないためです。この画面も購読者 #0 として 1 本使っています。",
            "Every subscriber has a Redis connection of its own, because a subscribed RESP2 connection can do nothing but subscribe and receive. This tab is subscriber #0, on a connection of its own too.",
        ),
        T::HubGone => ("ハブが動いていません。", "The hub is not running."),
        T::DemosTitle => ("デモ", "Guided demos"),
        T::DemoRunning => ("実行中…", "running…"),
        T::DemoFanOut => ("ファンアウト", "Fan-out"),
        T::DemoFanOutExplain => (
            "仮想購読者 8 個とこの画面の全員が user:1:notifications を購読し、20 件を続けて PUBLISH します。PUBLISH は毎回 9 (受信した購読者の数) を返し、どの購読者にも 20 件が送った順に届きます。",
            "Eight virtual subscribers and this tab all subscribe to user:1:notifications, and 20 messages are published in a burst. Each PUBLISH returns 9, its receiver count, and every subscriber gets all 20, in order.",
        ),
        T::DemoLoss => ("切断で消える", "Loss on disconnect"),
        T::DemoLossExplain => (
            "購読者 #2 を切断してから 5 件 PUBLISH し、再接続します。その間 PUBLISH の受信者数は 4 から 3 に減り、#2 の受信箱には「5 件を受け取れませんでした」と出ます。Pub/Sub はメッセージを保存しないので、切断中に送られたものは二度と届きません。",
            "Subscriber #2 is disconnected, 5 messages are published, then it reconnects. Meanwhile PUBLISH counts 3 receivers instead of 4, and #2's inbox says it missed 5. Pub/Sub stores nothing: what was published while it was away never arrives.",
        ),
        T::DemoPattern => ("パターン購読", "Pattern subscribe"),
        T::DemoPatternExplain => (
            "この画面は user:1、#1 は user:2、#2 は user:3 を SUBSCRIBE し、#3 は PSUBSCRIBE user:*:notifications で全ユーザー分を受け取ります。user:1 と user:2 への PUBLISH は受信者 2、誰も購読していない user:9 へはパターン購読者だけの 1 です。なお、コースの listen() は type が 'message' のものしか処理しないので、パターンで届く 'pmessage' は callback に渡りません。",
            "This tab subscribes to user:1, #1 to user:2, #2 to user:3, and #3 uses PSUBSCRIBE user:*:notifications to hear every user. A PUBLISH to user:1 or user:2 reaches 2 receivers; user:9, which nobody subscribes to, reaches only the pattern subscriber: 1. Note that the course's listen() handles only type 'message', so the 'pmessage' a pattern delivers never reaches its callback.",
        ),
        T::DemoStreams => ("Streams で取り戻す", "Streams recovery"),
        T::DemoStreamsExplain => (
            "Streams をオンにして同じことをします。各メッセージは XADD でストリームにも書かれ、購読者ごとのコンシューマーグループが XREADGROUP で読み、XACK で確認します。#2 は Pub/Sub では 5 件を失いますが、再接続したコンシューマーはその 5 件をストリームから読み直します。まず保留 (pending) に、確認後は確認済み (acked) に数えられます。",
            "The same with Streams on. Every message is also XADDed to a stream, and each subscriber's consumer group reads it with XREADGROUP and acknowledges it with XACK. Pub/Sub still loses 5 for #2, but its consumer, once back, reads those 5 from the stream: first as pending, then as acknowledged.",
        ),
        T::DemoSharded => ("シャード Pub/Sub", "Sharded Pub/Sub"),
        T::DemoShardedExplain => (
            "Redis Cluster では、クラシックの PUBLISH はクラスタバスで全ノードに送られ、シャードの SPUBLISH はチャンネルのスロットを持つシャードの中だけに留まります。両方を 20 件ずつ送り、各ノードのバスが受けた数を CLUSTER INFO で読みます。",
            "On a Redis Cluster, a classic PUBLISH is sent over the cluster bus to every node, while a sharded SPUBLISH stays in the shard that owns the channel's slot. Twenty of each are sent, and every node's bus is read with CLUSTER INFO.",
        ),
        T::DemoSlow => ("遅い購読者", "Slow subscriber"),
        T::DemoSlowExplain => (
            "専用の Redis で、読むのをやめた購読者に 8 KiB のメッセージを送り続けます。Redis は届けられない分を出力バッファに溜めますが、client-output-buffer-limit を超えるとその接続を切り、以後 PUBLISH はその購読者を数えません。1 つの遅い購読者に Redis のメモリを食い潰させないための仕組みです。",
            "On a private Redis, a subscriber stops reading while 8 KiB messages keep coming. Redis holds them in the subscriber's output buffer until client-output-buffer-limit is passed, then closes the connection, and PUBLISH no longer counts it. This keeps one slow subscriber from eating Redis's memory.",
        ),
        T::ControlsTitle => ("購読者の構成", "Subscribers"),
        T::CountLabel => ("仮想購読者の数", "Virtual subscribers"),
        T::PresetLabel => ("購読するもの", "What they subscribe to"),
        T::PresetOneChannel => (
            "全員が user:1:notifications",
            "Everyone on user:1:notifications",
        ),
        T::PresetPerUser => (
            "ユーザーごとのチャンネル + パターン購読者 1 つ (user:*:notifications)",
            "A channel per user, plus one pattern subscriber (user:*:notifications)",
        ),
        T::PresetCustom => ("自分で指定", "Custom"),
        T::CustomChannels => ("チャンネル (SUBSCRIBE)", "Channels (SUBSCRIBE)"),
        T::CustomPatterns => ("パターン (PSUBSCRIBE)", "Patterns (PSUBSCRIBE)"),
        T::CustomHint => (
            "カンマか空白で区切ります。この画面を含む全員が同じものを購読します。英数字と :_-. が使え、パターンでは * と ? も使えます。合わせて 1〜8 個です。",
            "Separate names with commas or spaces; everyone, this tab included, subscribes to them. Letters, digits and :_-. are allowed, and * and ? in patterns; 1 to 8 names in all.",
        ),
        T::CustomApply => ("適用", "Apply"),
        T::CustomBadChannel => (
            "チャンネル名「{}」は使えません (英数字と :_-. のみ、64 文字まで)",
            "The channel name “{}” is not allowed (letters, digits and :_-. only, up to 64 characters)",
        ),
        T::CustomBadPattern => (
            "パターン「{}」は使えません (英数字と :_-.*? のみ、64 文字まで)",
            "The pattern “{}” is not allowed (letters, digits and :_-.*? only, up to 64 characters)",
        ),
        T::CustomCount => (
            "チャンネルとパターンを合わせて 1〜8 個指定してください",
            "Give 1 to 8 channels and patterns in all",
        ),
        T::StreamsLabel => (
            "Streams も使う (XADD / XREADGROUP / XACK)",
            "Also use Streams (XADD / XREADGROUP / XACK)",
        ),
        T::StreamsHint => (
            "オンにすると各メッセージがストリームにも書かれ、購読者ごとのコンシューマーグループが読みます。切断中のメッセージも後から読めます。",
            "Every message is also written to a stream and read by a consumer group per subscriber, so what is published while one is away can still be read later.",
        ),
        T::PublishTitle => ("通知を送る", "Publish"),
        T::ChannelLabel => ("チャンネル", "Channel"),
        T::KindLabel => ("メッセージ", "Message"),
        T::KindNotification => (
            "コースの通知 (json.dumps される辞書)",
            "The course's notification (a dict, sent as json.dumps)",
        ),
        T::KindText => (
            "生のテキスト (JSON でなくてもよい)",
            "Raw text (need not be JSON)",
        ),
        T::NoteType => ("種類 (type)", "type"),
        T::NoteFrom => ("送信者 (from)", "from"),
        T::NoteContent => ("内容 (content)", "content"),
        T::TextLabel => ("テキスト", "Text"),
        T::TextHint => (
            "JSON として読めないテキストを送ると、コースの json.loads が例外を出し、リスナースレッドが止まります。",
            "Text that is not JSON makes the course's json.loads raise, which ends its listener thread.",
        ),
        T::BurstLabel => ("連続で送る件数", "Burst of"),
        T::PublishButton => ("送信 (PUBLISH)", "Publish"),
        T::ReceiversLabel => (
            "最後の PUBLISH の返り値 (受け取った購読者の数):",
            "Last PUBLISH returned (subscribers that received it):",
        ),
        T::GraphLabel => (
            "ファンアウトの図: パブリッシャーからチャンネルとパターンを経て各購読者へ",
            "Fan-out: from the publisher through channels and patterns to each subscriber",
        ),
        T::ColPublisher => ("送信側", "Publisher"),
        T::ColChannels => ("チャンネル", "Channels"),
        T::ColPatterns => ("パターン", "Patterns"),
        T::ColSubscribers => ("購読者", "Subscribers"),
        T::GraphReceivers => ("受信 {}", "→ {} received"),
        T::BrowserShort => ("#0 この画面", "#0 this tab"),
        T::LegendDirect => ("SUBSCRIBE で届く", "via SUBSCRIBE"),
        T::LegendPattern => ("PSUBSCRIBE で届く (破線)", "via PSUBSCRIBE (dashed)"),
        T::LegendOff => ("✕ 切断中", "✕ disconnected"),
        T::LegendCounts => (
            "数字は受信した件数です。光の粒は更新ごと・経路ごとに 1 つにまとめて描きますが、数は 1 件も落としません。",
            "Numbers are messages received. Pulses are drawn once per edge per update; the numbers count every message.",
        ),
        T::LogTitle => ("PUBLISH の記録 (全 {} 件)", "Publishes ({} in all)"),
        T::LogEmpty => ("まだ何も送っていません。", "Nothing published yet."),
        T::LogReceivers => ("受信者 {}", "receivers: {}"),
        T::InboxBrowser => (
            "この画面の受信箱 (購読者 #0)",
            "This tab's inbox (subscriber #0)",
        ),
        T::InboxOf => ("購読者 #{} の受信箱", "Subscriber #{}'s inbox"),
        T::InboxCounts => (
            "受信 {} 件 · 取りこぼし {} 件 (プレイグラウンドの集計)",
            "{} received · {} missed (the playground's count)",
        ),
        T::InboxMalformed => ("うち JSON でないもの {} 件", "{} not JSON"),
        T::InboxEmpty => ("まだ何も届いていません。", "Nothing received yet."),
        T::InboxNotKept => (
            "これより古い {} 件はこの画面に残していません (プレイグラウンドの集計)",
            "Older {} not kept by this page (the playground's count)",
        ),
        T::GapMissed => (
            "切断中に {} 件を受け取れませんでした (プレイグラウンドが送った数の集計で、Redis は報告しません)",
            "Disconnected: missed {} (the playground's count of what it published; Redis reports none of it)",
        ),
        T::GapMissedStreams => (
            "切断中に Pub/Sub で {} 件を取りこぼしました (プレイグラウンドの集計。ストリームには残っています)",
            "Disconnected: Pub/Sub missed {} (the playground's count; the stream still has them)",
        ),
        T::GapOpen => (
            "切断中: いま送られたメッセージは届きません",
            "Disconnected: messages published now are lost",
        ),
        T::GapReread => (
            "再接続後、XREADGROUP がストリームから {} 件を読み直しました",
            "Since it reconnected, XREADGROUP read back from the stream: {}",
        ),
        T::OtherTab => ("別のタブから", "from another tab"),
        T::ViaPattern => ("パターン {} 経由", "via pattern {}"),
        T::PayloadJson => (
            "JSON ですが通知の形ではありません",
            "JSON, but not a notification",
        ),
        T::PayloadMalformed => ("JSON ではありません:", "Not JSON:"),
        T::PayloadMalformedWhy => (
            "コースの json.loads はここで例外を出し、リスナースレッドが終了します。以後の通知は callback に届きません。",
            "The course's json.loads raises here and its listener thread ends: no later notification reaches the callback.",
        ),
        T::PeekTitle => ("トレース", "Trace lines"),
        T::PeekHint => (
            "メッセージや PUBLISH にポインターを合わせると、その Redis コマンドがここに出ます。",
            "Point at a message or a publish to see its Redis commands here.",
        ),
        T::PeekMissing => (
            "{} 行はもう残っていません (トレースは最新 {} 行だけ保持します)",
            "Gone from the trace: {} (it keeps the newest {} lines)",
        ),
        T::SubscribersTitle => ("購読者ごとの数", "Every subscriber"),
        T::SubCounts => (
            "受信 {} · 欠落 {} (プレイグラウンドの集計)",
            "{} in · {} missed (the playground's count)",
        ),
        T::Disconnect => ("切断", "Disconnect"),
        T::Reconnect => ("再接続", "Reconnect"),
        T::StreamsTitle => (
            "Streams: コンシューマーごとの状態",
            "Streams: each consumer",
        ),
        T::StreamsExplain => (
            "保留 (pending) は XREADGROUP で渡されて、まだ XACK されていないエントリーです。切断中に書かれたエントリーも、再接続後にここで読まれます。",
            "Pending: handed out by XREADGROUP, not yet XACKed. Entries written while a subscriber was away are read here once it reconnects.",
        ),
        T::StreamsConsumer => ("グループ / コンシューマー", "Group / consumer"),
        T::StreamsRead => ("読んだ", "Read"),
        T::StreamsPending => ("保留", "Pending"),
        T::StreamsAcked => ("確認済み", "Acked"),
        T::StreamsBar => ("内訳", "Share"),
        T::StreamsFailed => (
            "Redis がエラーを返しました ({})。件数は次の読み取りまで不明です。",
            "Redis answered an error ({}). The counts are unknown until the next reading.",
        ),
        T::SlowTitle => ("遅い購読者", "Slow subscriber"),
        T::SlowRunning => (
            "専用の Redis を起動し、読まない購読者に {} KiB のメッセージを送っています…",
            "Starting a private Redis and publishing {} KiB messages to a subscriber that does not read…",
        ),
        T::SlowFailed => ("デモを実行できませんでした。", "The demo could not run."),
        T::SlowPublished => (
            "切断されるまでに PUBLISH した件数",
            "Messages published before Redis cut it off",
        ),
        T::SlowBytes => (
            "そのバイト数 (プレイグラウンドの計算: 件数 × 1 件の大きさ)",
            "Their size (the playground's sum: messages × message size)",
        ),
        T::SlowClosed => ("Redis が接続を閉じた", "Connection closed by Redis"),
        T::SlowChartTitle => (
            "購読者の出力バッファ (CLIENT LIST の omem)",
            "The subscriber's output buffer (omem in CLIENT LIST)",
        ),
        T::SlowChartCaption => (
            "{} 回の計測 ({} 件を PUBLISH する間)",
            "{} readings while {} messages were published",
        ),
        T::SlowLesson => (
            "最初の数 MB は OS のソケットバッファに収まるので、Redis 自身の出力バッファ (omem) はそれが一杯になってから増え始めます。上限を超えたところで Redis は接続を切りました。PUBLISH はもうこの購読者を数えず、バッファに溜まっていたメッセージも失われます。",
            "The first megabytes fit in the operating system's socket buffers, so Redis's own output buffer (omem) grows only once those are full. When it passed the limit, Redis closed the connection: PUBLISH stops counting the subscriber, and the messages in its buffer are gone.",
        ),
        T::ShardedTitle => (
            "クラシック Pub/Sub とシャード Pub/Sub",
            "Classic and sharded Pub/Sub",
        ),
        T::ShardedRunning => (
            "PUBLISH と SPUBLISH をそれぞれ {} 件送り、各ノードのクラスタバスを読んでいます…",
            "Sending {} messages with PUBLISH and as many with SPUBLISH, and reading every node's cluster bus…",
        ),
        T::ShardedFailed => (
            "レッスンを実行できませんでした。",
            "The lesson could not run.",
        ),
        T::ShardedNoCluster => (
            "このプレイグラウンドは 1 台の Redis で動いているため、比べるクラスタバスがありません (何も送っていません)。scripts/run.sh --cluster でクラスタ上に起動すると、違いを確かめられます。",
            "This playground runs on one Redis, so there is no cluster bus to compare (nothing was sent). Start it on a cluster with scripts/run.sh --cluster to see the difference.",
        ),
        T::ShardedSummary => (
            "各 {} 件: 購読者に届いたのはクラシック {} 件、シャード {} 件。PUBLISH の返り値の合計 {}、SPUBLISH は {}。表の数は各ノードの CLUSTER INFO (cluster_stats_messages_publish_received と …_publishshard_received) の前後の差で、同じクラスタでの他のセッションの PUBLISH も含みます。",
            "{} messages each way: the classic subscriber got {}, the sharded one {}. PUBLISH's replies sum to {}, SPUBLISH's to {}. The table is each node's CLUSTER INFO (cluster_stats_messages_publish_received and …_publishshard_received), after less before; other sessions' publishes on this cluster count too.",
        ),
        T::ShardedNode => ("ノード", "Node"),
        T::ShardedRole => ("役割", "Role"),
        T::ShardedMaster => ("マスター", "master"),
        T::ShardedReplica => ("レプリカ", "replica"),
        T::ShardedInShard => ("チャンネルのシャード", "the channels' shard"),
        T::ShardedClassic => (
            "バスで受けたクラシック (PUBLISH)",
            "Classic over its bus (PUBLISH)",
        ),
        T::ShardedSharded => (
            "バスで受けたシャード (SPUBLISH)",
            "Sharded over its bus (SPUBLISH)",
        ),
        T::ShardedLesson => (
            "クラシックの PUBLISH はクラスタバスで全ノードに転送されます。購読者がどのノードにいても届くかわりに、ノードが増えるほど全ノードの帯域と CPU を使います。SPUBLISH (Redis 7) はチャンネルのスロットを持つシャード (マスターとそのレプリカ) の中だけに留まり、購読者もそのシャードに SSUBSCRIBE します。クラスタを大きくしても Pub/Sub の負荷が全体に広がりません。",
            "A classic PUBLISH is forwarded over the cluster bus to every node: a subscriber on any node hears it, but every node pays for every message, and more nodes mean more copies. SPUBLISH (Redis 7) stays in the shard that owns the channel's slot, its master and replicas, where subscribers SSUBSCRIBE: growing the cluster does not spread the Pub/Sub load over all of it.",
        ),
        T::Yes => ("はい", "Yes"),
        T::No => ("いいえ", "No"),
        T::CodeTitle => (
            "コースのコードと Redis コマンド",
            "The course's code and its Redis commands",
        ),
        T::CodeLead => (
            "publish は PUBLISH に、subscribe は SUBSCRIBE になります。<ns> はこのセッションの名前空間 (pg:{…}:) です。",
            "publish becomes PUBLISH and subscribe becomes SUBSCRIBE. <ns> is this session's namespace (pg:{…}:).",
        ),
        T::CodeCommands => ("送られるコマンド", "Commands sent"),
        T::CodeStreamsOff => (
            "Streams をオンにすると XADD / XREADGROUP / XACK も表示されます。",
            "Turn Streams on to see XADD, XREADGROUP and XACK as well.",
        ),
        T::CmdSubscribe => (
            "購読者の接続でチャンネルを購読する。以後この接続は購読専用になる",
            "subscribes on the subscriber's own connection, which then can do nothing else",
        ),
        T::CmdPsubscribe => (
            "パターンに一致するすべてのチャンネルを購読する ('pmessage' で届く)",
            "subscribes to every channel matching the pattern (delivered as 'pmessage')",
        ),
        T::CmdPublish => (
            "いま接続している購読者にだけ届け、届けた数を返す。保存はしない",
            "delivers to the subscribers connected right now and returns how many; stores nothing",
        ),
        T::CmdXgroup => (
            "購読者ごとのコンシューマーグループを作る ($ = これから書かれるエントリーから)",
            "creates a consumer group per subscriber ($: from new entries on)",
        ),
        T::CmdXadd => (
            "同じメッセージをストリームにも追記する (残る)",
            "also appends the message to the stream, where it stays",
        ),
        T::CmdXreadgroup => (
            "まだグループに渡していないエントリーを読む (>)",
            "reads entries not yet delivered to the group (>)",
        ),
        T::CmdXack => (
            "処理し終えたエントリーを確認済みにする",
            "marks entries as processed",
        ),
        T::CmdXpending => (
            "渡したがまだ確認されていないエントリーを数える",
            "counts entries delivered but not yet acknowledged",
        ),
        T::JoinTitle => (
            "このセッションに参加するリンク",
            "Link to join this session",
        ),
        T::JoinHint => (
            "別のタブや受講者の端末でこのリンクを開くと、同じ名前空間に入ります。そちらの購読者にもここからの PUBLISH が届き、その逆も同じです。",
            "Open it in another tab or on another device to join this session's namespace: its subscribers hear this page's publishes, and the other way round.",
        ),
        T::JoinCopy => ("コピー", "Copy"),
        T::JoinCopied => ("コピーしました", "Copied"),
        T::JoinCopyByHand => (
            "自動ではコピーできませんでした。リンクは選択済みなので Ctrl+C (⌘C) でコピーしてください。",
            "Could not copy automatically. The link is selected: press Ctrl+C (⌘C).",
        ),
    };
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}
