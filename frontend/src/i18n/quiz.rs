//! The quiz's catalogue: every question, option, explanation and outcome, in Japanese and English.
//!
//! Each key is written once, with its two sentences beside it; the macro turns the list into
//! [`QuizText`], [`QuizText::ALL`] (so the tests can never miss a key) and the exhaustive match of
//! `lang.t(key)`. Sentences with `{}` are filled by [`super::fill`] in the order the key's doc comment lists.
//! The course's question and explanation are its own words (phase 3-2, 理解度確認).

use super::Lang;

/// Declares [`QuizText`], [`QuizText::ALL`] and its sentences from one list of keys and sentences.
macro_rules! catalogue {
    ($($(#[doc = $doc:literal])+ $key:ident => ($ja:expr, $en:expr $(,)?),)+) => {
        /// A key of the quiz's catalogue; `lang.t(key)` turns it into a sentence.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum QuizText {
            $($(#[doc = $doc])+ $key,)+
        }

        impl QuizText {
            /// Every key, in declaration order.
            pub const ALL: &'static [QuizText] = &[$(QuizText::$key,)+];
        }

        impl super::Key for QuizText {
            fn sentence(self, lang: Lang) -> &'static str {
                sentence(lang, self)
            }
        }

        /// The sentence for `key` in `lang`.
        fn sentence(lang: Lang, key: QuizText) -> &'static str {
            let (ja, en) = match key {
                $(QuizText::$key => ($ja, $en),)+
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
        "講座の問題と、同じ単元からもう 3 問。選択肢を選ぶと正誤と解説が出ます。「Redis で試す」を押すと、2 つのクライアント (A と B) がその選択肢を本物の Redis で実行し、各コマンドと Redis の返事を時系列で見られます。",
        "The course's question and three more from the same unit. Choose an option to see whether it is right, and why. “Try it live” has two clients (A and B) run that option against the real Redis, and shows each command and Redis's reply in time order.",
    ),
    /// Label before the score.
    Score => ("正解数", "Correct answers"),
    /// After the score; `{}` questions.
    ScoreOf => ("/ {} 問", "of {}"),
    /// Forgets every answer.
    Reset => ("答えをリセット", "Reset answers"),
    /// Heading of a question; `{}` number.
    Number => ("問題 {}", "Question {}"),
    /// Accessible name of the options.
    Choose => ("答えを選ぶ", "Choose an answer"),
    /// Marks the chosen option.
    Chosen => ("あなたの答え", "your answer"),
    /// Feedback: right.
    Correct => ("正解!", "Correct!"),
    /// Feedback: wrong; `{}` the right option.
    Incorrect => ("不正解。正解は {} です。", "Not quite: the answer is {}."),
    /// Link to the lock lab.
    SeeLock => ("分散ロックのラボで確かめる", "See it in the distributed-lock lab"),
    /// Link to the Pub/Sub lab.
    SeePubsub => ("Pub/Sub のラボで確かめる", "See it in the Pub/Sub lab"),
    /// Link to the rate-limit lab.
    SeeRatelimit => ("レート制限のラボで確かめる", "See it in the rate-limit lab"),
    /// The try button; `{}` option.
    Try => ("{} を Redis で試す", "Try {} live"),
    /// While a try runs.
    Trying => ("実行中…", "Running…"),
    /// Heading of a try's timeline; `{}` option.
    TryTitle => ("選択肢 {} を Redis で実行した結果", "Option {} against Redis"),
    /// Every option of a claim question runs one experiment.
    SameExperiment => (
        "この問題の選択肢は主張なので、どれを押しても同じ実験を行います。どの主張が正しいかは結果が示します。",
        "This question's options are claims, so each runs the same experiment; its result shows which claim is true.",
    ),
    /// Lane of client A.
    ClientA => ("クライアント A", "Client A"),
    /// Lane of client B.
    ClientB => ("クライアント B", "Client B"),
    /// Column of the step times.
    At => ("時刻", "Time"),
    /// A step's command trace number; `{}` seq.
    TraceSeq => ("トレース #{}", "trace #{}"),
    /// Happening: the client crashed.
    Crashed => ("クラッシュ (ここで停止)", "crashed (stops here)"),
    /// Happening: the subscriber lost its connection.
    Disconnected => ("切断された", "disconnected"),
    /// Happening: the holder outlived its lock.
    WorkingLong => ("1 秒のタイムアウトより長く処理中", "still working after the 1 s timeout"),
    /// Happening: a message arrived; `{}` channel.
    Message => ("メッセージ受信 ({})", "message received ({})"),
    /// Heading of the outcome.
    OutcomeTitle => ("何が起きたか", "What happened"),
    /// The course's question.
    QLockOption => (
        "Redis で分散ロックを実装する際に使うコマンドオプションはどれか。",
        "Which command option do you use to implement a distributed lock in Redis?",
    ),
    /// The course's explanation, after the command.
    XLockOption => (
        "NX: キーが存在しない場合のみ設定 / EX: 有効期限を秒で設定。これでアトミックにロックを取得できます。A は他のクライアントのロックを上書きし、C はキーが既にあるときしか設定しません。D の SETNX は有効期限を同時に付けられないので、保持者がクラッシュするとロックが永久に残ります。",
        "NX: set only if the key does not exist. EX: set the expiry in seconds. This takes the lock atomically. A overwrites another client's lock, and C only sets a key that already exists. D's SETNX cannot set an expiry in the same command, so if the holder crashes the lock stays forever.",
    ),
    /// Pub/Sub question.
    QPubsub => (
        "購読者が一時的に切断され、その間に同じチャンネルへ PUBLISH されました。再び SUBSCRIBE したとき、切断中のメッセージはどうなるか。",
        "A subscriber is disconnected for a while, and meanwhile messages are PUBLISHed to its channel. When it SUBSCRIBEs again, what does it get of those messages?",
    ),
    /// Pub/Sub option A.
    PubsubA => ("再購読した直後に、すべて順番どおりに届く", "All of them, in order, as soon as it subscribes again"),
    /// Pub/Sub option B (right).
    PubsubB => (
        "何も届かない。Pub/Sub はメッセージを保存せず、その瞬間に購読しているクライアントにだけ配る",
        "None: Pub/Sub stores nothing and delivers only to the clients subscribed at that moment",
    ),
    /// Pub/Sub option C.
    PubsubC => ("最後の 1 件だけが届く", "Only the last one"),
    /// Pub/Sub option D.
    PubsubD => ("チャンネルのバッファに残っている直近 60 秒分が届く", "Those of the last 60 s, kept in the channel's buffer"),
    /// Pub/Sub explanation.
    XPubsub => (
        "Pub/Sub は「撃ちっぱなし」です。PUBLISH はその瞬間に購読している接続にだけ配り、その数を返します。メッセージは Redis のどこにも残らないので、切断中に送られた分は再購読しても届きません。取りこぼせないメッセージには Streams (XADD / XREADGROUP) を使います。",
        "Pub/Sub is fire-and-forget. PUBLISH delivers only to the connections subscribed at that moment, and returns how many they were. The message is kept nowhere in Redis, so what was sent while B was away never reaches it, even after it subscribes again. For messages that must not be lost, use Streams (XADD / XREADGROUP).",
    ),
    /// Fixed-window question.
    QFixedWindow => (
        "講座の固定ウィンドウ方式のレート制限 (10 秒に 5 回まで) は、ウィンドウの境目をまたぐ 1 秒間に最大何回のリクエストを通すか。",
        "The course's fixed-window rate limiter allows 5 requests per 10 s. At most, how many requests can it let through in one second that spans a window edge?",
    ),
    /// Fixed-window option A.
    FixedA => ("5 回: 10 秒で 5 回の上限は常に守られる", "5: the limit of 5 per 10 s always holds"),
    /// Fixed-window option B.
    FixedB => ("6 回: 境目で 1 回だけ多く通る", "6: one extra gets through at the edge"),
    /// Fixed-window option C (right).
    FixedC => ("10 回: 古いウィンドウで 5 回、新しいウィンドウで 5 回", "10: 5 in the old window and 5 in the new one"),
    /// Fixed-window option D.
    FixedD => ("0 回: 境目では両方のカウンターを合計して拒否する", "0: at the edge both counters are added up and it refuses"),
    /// Fixed-window explanation.
    XFixedWindow => (
        "カウンターのキーはウィンドウごとに rate:{key}:{now // window} と別です。9.5〜9.9 秒の 5 回で古いキーが 5 になり、10.0 秒からは新しいキーが 0 から数え直すので、さらに 5 回通ります。1 秒間に上限の 2 倍です。スライディングウィンドウ (ソート済みセット) ならこうなりません。",
        "Each window has its own counter key, rate:{key}:{now // window}. Five requests at 9.5–9.9 s fill the old key to 5; from 10.0 s a new key counts from 0, so five more get through: twice the limit in one second. A sliding window (a sorted set) does not do this.",
    ),
    /// Token-check question.
    QReleaseToken => (
        "ロックの解放で、ただ DEL せずに「値が自分のトークンか」を確かめてから消す (Lua でまとめて) のはなぜか。",
        "Why does the lock's release check that the value is still its own token before deleting (in one Lua script), instead of a plain DEL?",
    ),
    /// Token-check option A (right).
    ReleaseA => (
        "ロックが期限切れで別のクライアントに取られているかもしれず、ただの DEL はその人のロックを消してしまうから",
        "The lock may have expired and been taken by another client, and a plain DEL would delete that client's lock",
    ),
    /// Token-check option B.
    ReleaseB => ("DEL は Lua スクリプトより遅いから", "DEL is slower than a Lua script"),
    /// Token-check option C.
    ReleaseC => ("TTL 付きのキーには DEL が使えないから", "DEL fails on a key that has a TTL"),
    /// Token-check option D.
    ReleaseD => ("NX で作ったキーは作った接続からしか消せないから", "A key set with NX can only be deleted by the connection that set it"),
    /// Token-check explanation.
    XReleaseToken => (
        "A のロック (EX 1) は A の処理中に切れ、B が自分のトークンで取りました。A がそのまま DEL すると B のロックが消え、B はまだ処理中なのに第三者が入れます。講座の release はトークンを比べてから消す処理を Lua で原子的に行います。",
        "A's lock (EX 1) expired while A was still working, and B took it with its own token. A's plain DEL then deleted B's lock: a third client could enter while B is still working. The course's release compares the token and deletes in one atomic Lua script.",
    ),
    /// Outcome `overwritten`.
    Overwritten => (
        "両方に OK が返りました。B の SET が A のロックを上書きし、GET は B のトークンを返します。2 人ともロックを持っていると思っています。",
        "Both got OK: B's SET overwrote A's lock, and GET returns B's token. Both clients believe they hold the lock.",
    ),
    /// Outcome `refused`.
    Refused => (
        "B には (nil) が返りました。A がロックを持っている間、NX がキーの設定を拒否しました。ロックを持つのは 1 人だけで、A がクラッシュしても EX 30 で解放されます。",
        "B got (nil): NX refused to set the key while A held it. Only one client holds the lock, and EX 30 frees it even if A crashes.",
    ),
    /// Outcome `nothing_set`.
    NothingSet => (
        "XX はキーが既にあるときだけ設定します。ロックはまだ無かったので何も設定されず、GET は (nil) です。誰もロックを取れません。",
        "XX sets a key only if it already exists. There was no lock yet, so nothing was set and GET returns (nil): nobody can take the lock.",
    ),
    /// Outcome `stuck_forever`.
    StuckForever => (
        "SETNX はキーを作りましたが有効期限はありません。A が期限を付ける前にクラッシュしたので TTL は -1 で、B の SETNX はずっと 0 を返します。ロックは永久に残ります。",
        "SETNX created the key without an expiry. A crashed before setting one, so TTL is -1 and B's SETNX returns 0, forever: the lock never goes away.",
    ),
    /// Outcome `message_lost`.
    MessageLost => (
        "B がいない間に PUBLISH されたメッセージは B に届かず、Redis にも残っていません。再購読した B が受け取ったのは、その後のメッセージだけです。",
        "What was published while B was away never reached B, and Redis kept none of it: after subscribing again, B received only the later message.",
    ),
    /// Outcome `double_burst`.
    DoubleBurst => (
        "1 秒の間に 10 回すべて許可されました。古いウィンドウのキーで 5 回、新しいウィンドウのキーで 5 回です。",
        "All 10 requests were allowed within one second: 5 counted under the old window's key, 5 under the new one's.",
    ),
    /// Outcome `deleted_others_lock`.
    DeletedOthersLock => (
        "A の DEL は (integer) 1 を返し、B のロックを消しました。B はまだ処理中なのに、GET は (nil) です。",
        "A's DEL returned (integer) 1 and deleted B's lock: B is still working, yet GET returns (nil).",
    ),
    /// Outcome `unexpected`.
    Unexpected => (
        "Redis の返答は、どの結末とも一致しませんでした (別のクライアントが同じキーに触れたなど)。Redis が実際に返したものは上の各ステップのとおりです。",
        "Redis's replies matched none of the expected endings (another client may have touched the same key). The steps above show what it really answered.",
    ),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check;

    #[test]
    fn every_key_is_translated_with_the_same_holes() {
        check::assert_complete(QuizText::ALL, 0);
    }
}
