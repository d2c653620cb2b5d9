//! The exercises' catalogue: the rate-limit, lock, cache and Pub/Sub exercises' contracts, editors, verdicts and
//! errors, in Japanese and English.
//!
//! Each key is written once, with its two sentences beside it; the macro turns the list into
//! [`ExerciseText`], [`ExerciseText::ALL`] and the exhaustive match of `lang.t(key)`. Sentences with
//! `{}` are filled by [`super::fill`] in the order the key's doc comment lists.

use super::Lang;

/// Declares [`ExerciseText`], [`ExerciseText::ALL`] and its sentences from one list.
macro_rules! catalogue {
    ($($(#[doc = $doc:literal])+ $key:ident => ($ja:expr, $en:expr $(,)?),)+) => {
        /// A key of the exercises' catalogue; `lang.t(key)` turns it into a sentence.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ExerciseText {
            $($(#[doc = $doc])+ $key,)+
        }

        impl ExerciseText {
            /// Every key, in declaration order.
            pub const ALL: &'static [ExerciseText] = &[$(ExerciseText::$key,)+];
        }

        impl super::Key for ExerciseText {
            fn sentence(self, lang: Lang) -> &'static str {
                sentence(lang, self)
            }
        }

        /// The sentence for `key` in `lang`.
        fn sentence(lang: Lang, key: ExerciseText) -> &'static str {
            let (ja, en) = match key {
                $(ExerciseText::$key => ($ja, $en),)+
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
        "講座の演習2 のリミッターを、自分で Lua スクリプト 1 本として書きます。採点はこの採点のためだけに起動する専用の redis-server (サンドボックス) で行い、判定はすべて Redis が返した答えから出します。最初に入っているのは講座の sliding_window をこの約束に移したもので、講座のバグもそのままです。",
        "Write the limiter of the course's 演習2 yourself, as one Lua script. Grading runs it on a redis-server started for this grading alone (the sandbox), and every verdict comes from what that Redis returned. The editor starts with the course's sliding_window carried over to this contract, the course's bug included.",
    ),
    /// Heading of the contract.
    ContractTitle => ("約束", "The contract"),
    /// The contract.
    Contract => (
        "KEYS[1] はキー、ARGV[1] は現在時刻 (ミリ秒)、ARGV[2] は上限、ARGV[3] はウィンドウ (ミリ秒)。{許可なら 1・拒否なら 0, 残り回数} を返します。1 回の判定は EVALSHA 1 往復です。作ったキーには必ず有効期限を付けてください。",
        "KEYS[1] is the key; ARGV[1] is now (ms), ARGV[2] the limit, ARGV[3] the window (ms). Return {1 if allowed or 0 if refused, remaining}. Each decision is one round trip (one EVALSHA). Every key you create must expire.",
    ),
    /// What the sandbox allows.
    Sandbox => (
        "サンドボックス: メモリ 64 MB、スクリプト 1 回 {} ms まで (超えると SCRIPT KILL)、FLUSHALL・CONFIG・DEBUG・SHUTDOWN は使えません。採点が終わるとサンドボックスは消えます。",
        "The sandbox: 64 MB of memory, {} ms per script run (past that, SCRIPT KILL), no FLUSHALL, CONFIG, DEBUG or SHUTDOWN. It goes away when grading ends.",
    ),
    /// The editor's label.
    EditorLabel => ("あなたの Lua スクリプト", "Your Lua script"),
    /// Under the editor; `{}` bytes used, `{}` the most.
    EditorSize => ("{} / {} バイト。Tab でインデントします。", "{} of {} bytes. Tab indents."),
    /// The grade button.
    Grade => ("採点する", "Grade it"),
    /// While grading.
    Grading => ("採点中…", "Grading…"),
    /// Puts the course's code back.
    Starter => ("講座のコードに戻す", "Back to the course's code"),
    /// Opens the reference solution.
    ShowSolution => ("模範解答を見る", "Show the reference solution"),
    /// Closes it.
    HideSolution => ("模範解答を閉じる", "Hide the reference solution"),
    /// Heading of the reference solution.
    SolutionTitle => ("模範解答 (正確なスライディングログ)", "Reference solution (an exact sliding log)"),
    /// Remembered progress.
    PassedBefore => ("この演習には合格済みです。", "You have passed this exercise."),
    /// Verdict: pass.
    Passed => ("合格: すべての性質が成り立ちました。", "Passed: every property held."),
    /// Verdict: fail.
    Failed => ("不合格: 成り立たない性質があります。", "Not yet: a property broke."),
    /// How long it took; `{}` sandbox start ms, `{}` total ms.
    Timing => ("サンドボックスの起動 {} ms、採点全体 {} ms", "Sandbox started in {} ms; graded in {} ms"),
    /// Heading of the properties.
    PropertiesTitle => ("性質ごとの判定", "Verdict per property"),
    /// Property: contract.
    PropContract => ("約束どおりに動く", "Keeps the contract"),
    /// Its explanation.
    PropContractHow => (
        "読み込めて、{} ms 以内に終わり、{0 か 1, 0 から上限までの残り} を返す。",
        "Loads, ends within {} ms, and returns {0 or 1, remaining from 0 to the limit}.",
    ),
    /// Property: within the limit.
    PropWithinLimit => ("上限を超えない", "Never over the limit"),
    /// Its explanation.
    PropWithinLimitHow => (
        "Redis が返した判定で、ウィンドウ長のどの区間にも許可が上限以下。",
        "In the decisions Redis returned, no interval one window long holds more allowed requests than the limit.",
    ),
    /// Property: not too strict.
    PropNotTooStrict => ("厳しすぎない", "Not too strict"),
    /// Its explanation; `{}` percent.
    PropNotTooStrictHow => (
        "同じトラフィックで、正確なスライディングログより許可が {}% を超えて少なくない。",
        "On the same traffic, allows no more than {}% fewer requests than the exact sliding log.",
    ),
    /// Property: expiry.
    PropExpires => ("キーがすべて期限付き", "Every key expires"),
    /// Its explanation.
    PropExpiresHow => (
        "採点後、サンドボックスの全キーを SCAN し PTTL を読んで、期限のないキーがない。",
        "After grading, SCAN and PTTL of every key on the sandbox find none without an expiry.",
    ),
    /// Property: one round trip.
    PropOneRoundTrip => ("判定 1 回に 1 往復", "One round trip per decision"),
    /// Its explanation.
    PropOneRoundTripHow => (
        "Redis の INFO commandstats が数えた EVALSHA の回数が判定の数と等しい。",
        "The EVALSHA calls Redis counted (INFO commandstats) equal the number of decisions.",
    ),
    /// Status: held.
    Held => ("成立", "held"),
    /// Status: broken.
    Broken => ("不成立", "broken"),
    /// Status: not judged.
    NotJudged => ("未判定", "not judged"),
    /// Where a property broke; `{}` the cases.
    BrokenIn => ("壊れたケース: {}", "Broke in: {}"),
    /// Heading of the cases.
    CasesTitle => ("ケース", "Cases"),
    /// A case's parameters; `{}` limit, `{}` window ms.
    CaseParams => ("上限 {} 回 / {} ms", "limit {} per {} ms"),
    /// Case: boundary burst.
    CaseBoundaryBurst => ("境界をまたぐバースト", "Burst across a window boundary"),
    /// Case: same timestamp.
    CaseSameTimestamp => ("同じ時刻のバースト", "Burst at the same millisecond"),
    /// Case: concurrent.
    CaseConcurrent => ("並行クライアントの競争", "Concurrent clients racing"),
    /// Case: Poisson.
    CasePoisson => ("ランダム (ポアソン) な到着", "Random (Poisson) arrivals"),
    /// Hidden case 1.
    CaseHidden1 => ("隠しケース 1", "Hidden case 1"),
    /// Hidden case 2.
    CaseHidden2 => ("隠しケース 2", "Hidden case 2"),
    /// Hidden case 3.
    CaseHidden3 => ("隠しケース 3", "Hidden case 3"),
    /// A hidden case's note.
    HiddenNote => ("隠しケースは判定と壊れた性質だけを表示します。", "A hidden case shows only its verdict and the broken property."),
    /// A case passed.
    CasePassed => ("合格", "passed"),
    /// A case failed; `{}` the broken properties.
    CaseFailed => ("不合格: {}", "failed: {}"),
    /// Lane: the course's code.
    LaneCourse => ("講座のコード", "Course's code"),
    /// Lane: the learner's.
    LaneYours => ("あなたのスクリプト", "Your script"),
    /// Lane: the fixed one.
    LaneFixed => ("修正版", "Fixed version"),
    /// Legend: allowed.
    Allowed => ("許可", "allowed"),
    /// Legend: refused.
    Refused => ("拒否", "refused"),
    /// A lane's summary; `{}` lane, `{}` allowed, `{}` refused.
    LaneSummary => ("{}: 許可 {}、拒否 {}", "{}: {} allowed, {} refused"),
    /// The time axis; `{}` ms.
    AxisMs => ("{} ms", "{} ms"),
    /// A Lua error with its line; `{}` line, `{}` Redis's text.
    ErrLuaLine => ("{} 行目で Lua エラー: {}", "Lua error on line {}: {}"),
    /// A Lua error without a line; `{}` Redis's text.
    ErrLua => ("Lua エラー: {}", "Lua error: {}"),
    /// Too slow; `{}` ms.
    ErrTooSlow => (
        "スクリプトが {} ms を超えたので、サンドボックスが止めました。終わらないループはありませんか?",
        "The script ran past {} ms, so the sandbox stopped it. Is there a loop that never ends?",
    ),
    /// A reply outside the contract; `{}` the reply.
    ErrBadReply => (
        "返り値が約束と違います: {}。{1 か 0, 残り回数} を返してください。",
        "The reply breaks the contract: {}. Return {1 or 0, remaining}.",
    ),
    /// The sandbox went away.
    ErrSandboxLost => (
        "サンドボックスが応答しなくなりました (メモリを使いすぎた可能性があります)。",
        "The sandbox stopped answering (the script may have used too much memory).",
    ),
    /// The gutter's mark on the error line.
    ErrorLine => ("エラーの行", "the error's line"),
    /// The link from the rate-limit lab.
    TryIt => ("演習: リミッターを自分で書いて採点する →", "Exercise: write the limiter yourself and have it graded →"),
    /// The lock exercise's lead paragraph.
    LockIntro => (
        "講座の演習3 の分散ロックを、取得 (acquire) と解放 (release) の 2 本の Lua スクリプトとして自分で書きます。採点は専用の redis-server (サンドボックス) で、複数のクライアントがロックを取り合い、ロック演習の障害 (期限切れまで止まったホルダー、取得後にクラッシュするホルダー) を起こして行います。判定はすべて Redis が返した答えと、その時刻から出します。最初に入っているのは講座のコードをこの約束に移したものです。",
        "Write the distributed lock of the course's 演習3 yourself, as two Lua scripts: acquire and release. Grading runs them on a redis-server of its own (the sandbox): clients contend for the lock while the lock lab's faults happen (a holder that pauses past its expiry, a holder that crashes after acquiring). Every verdict comes from what Redis returned, and when. The editors start with the course's code carried over to this contract.",
    ),
    /// The acquire's contract.
    LockContractAcquire => (
        "取得: KEYS[1] はロックのキー、ARGV[1] は自分のトークン、ARGV[2] はロックの有効期間 (ミリ秒)。ロックが自分のものになったら 1、そうでなければ 0 を返します。",
        "Acquire: KEYS[1] is the lock's key, ARGV[1] your token, ARGV[2] the lock's lifetime (ms). Return 1 if the lock is now yours, else 0.",
    ),
    /// The release's contract.
    LockContractRelease => (
        "解放: KEYS[1] はロックのキー、ARGV[1] は自分のトークン。自分のロックを削除したら 1、そうでなければ 0 を返します。",
        "Release: KEYS[1] is the lock's key, ARGV[1] your token. Return 1 if you deleted your lock, else 0.",
    ),
    /// A note on what a script makes atomic.
    LockNote => (
        "スクリプトは 1 本ずつアトミックに実行されるので、スクリプトの中の SETNX と PEXPIRE の間でクラッシュすることはありません。問題はスクリプトの外、つまりクライアントが止まったり落ちたりしたときに起きます。SET … NX の返り値は OK か nil なので、1 か 0 に直して返してください。",
        "Each script runs atomically, so nothing can crash between a SETNX and a PEXPIRE inside one. The trouble comes from outside the script: a client that pauses or dies. SET … NX answers OK or nil: turn that into 1 or 0.",
    ),
    /// The acquire editor's label.
    AcquireLabel => ("取得 (acquire) スクリプト", "Acquire script"),
    /// The release editor's label.
    ReleaseLabel => ("解放 (release) スクリプト", "Release script"),
    /// Heading of the lock's reference solution.
    LockSolutionTitle => ("模範解答 (SET NX PX と、比較してから削除)", "Reference solution (SET NX PX, and compare-and-delete)"),
    /// An error in one of several scripts; `{}` the script, `{}` the error.
    ErrIn => ("{}：{}", "{}: {}"),
    /// A lock script's reply outside the contract; `{}` the reply.
    ErrLockBadReply => (
        "返り値が約束と違います: {}。1 か 0 を返してください。",
        "The reply breaks the contract: {}. Return 1 or 0.",
    ),
    /// Lock property: contract.
    PropLockContract => ("約束どおりに動く", "Keeps the contract"),
    /// Its explanation; `{}` ms.
    PropLockContractHow => (
        "2 本とも読み込めて、{} ms 以内に終わり、0 か 1 を返す。",
        "Both scripts load, end within {} ms, and return 0 or 1.",
    ),
    /// Lock property: one holder.
    PropOneHolder => ("同時に 2 人が持たない", "Never two holders at once"),
    /// Its explanation.
    PropOneHolderHow => (
        "取得が 1 を返した時刻から、解放を送った時刻か、取得直後に PTTL で読んだ期限のどちらか早い方まで。この区間が 2 つのクライアントで重ならない。",
        "Each hold runs from the acquire's reply of 1 to its release, or to the expiry PTTL read right after the acquire, whichever comes first; no two clients' holds overlap.",
    ),
    /// Lock property: a stale release.
    PropStaleRelease => ("古いホルダーの解放が新しいロックを消さない", "A stale release never deletes the new holder's lock"),
    /// Its explanation.
    PropStaleReleaseHow => (
        "期限切れまで止まっていたホルダーが解放したとき、その前後の GET で、新しいホルダーのトークンが残っている。",
        "When a holder that paused past its expiry releases, GET before and after it still finds the new holder's token.",
    ),
    /// Lock property: a release frees the lock.
    PropReleaseFrees => ("解放でロックが空く", "A release frees the lock"),
    /// Its explanation.
    PropReleaseFreesHow => (
        "ホルダーが解放した直後の GET で、自分のトークンが残っていない。",
        "Right after a holder's release, GET no longer finds its token.",
    ),
    /// Lock property: expiry.
    PropLockExpires => ("期限のないロックを残さない", "No lock left without an expiry"),
    /// Its explanation.
    PropLockExpiresHow => (
        "取得のたびに PTTL を読み、採点後にはサンドボックスの全キーを SCAN して PTTL を読んで、期限のないキーがない。",
        "PTTL read after every acquire, and SCAN and PTTL of every key on the sandbox after grading, find none without an expiry.",
    ),
    /// Lock property: deadline.
    PropDeadline => ("全クライアントが期限内に終わる", "Every client finishes in time"),
    /// Its explanation; `{}` ms.
    PropDeadlineHow => (
        "クラッシュしたクライアント以外は、{} ms 以内に全ラウンドを終える。",
        "Every client that did not crash finishes its rounds within {} ms.",
    ),
    /// Lock case: contenders.
    CaseContenders => ("ロックの取り合い", "Clients contending"),
    /// Lock case: stale holder.
    CaseStaleHolder => ("期限切れまで止まったホルダー", "A holder pauses past its expiry"),
    /// Lock case: crash.
    CaseCrash => ("取得後にクラッシュ", "A holder crashes after acquiring"),
    /// Lock hidden case.
    CaseLockHidden => ("隠しケース", "Hidden case"),
    /// A lock case's parameters; `{}` clients, `{}` lifetime ms.
    CaseLockParams => ("クライアント {} 台 / 有効期間 {} ms", "{} clients, lifetime {} ms"),
    /// A client's row.
    ClientName => ("クライアント {}", "client {}"),
    /// Legend: a hold.
    LegendHold => ("ロックを持っていた区間", "held the lock"),
    /// Legend: a stale holder's pause past its lease.
    LegendStale => ("期限切れ後も持っているつもりだった区間", "believed it still held the lock after its expiry"),
    /// Legend: a crash.
    LegendCrash => ("クラッシュ (解放しない)", "crashed (never released)"),
    /// The drawing's summary; `{}` clients, `{}` holds, `{}` ms.
    HoldsSummary => ("クライアント {} 台、保持 {} 回、{} ms", "{} clients, {} holds, {} ms"),
    /// The link from the lock lab.
    LockTryIt => ("演習: ロックを自分で書いて採点する →", "Exercise: write the lock yourself and have it graded →"),
    /// The cache exercise's lead paragraph.
    CacheIntro => (
        "講座の演習4 の CacheWarmer.warmup_from_access_log を、Lua スクリプト 1 本として自分で書きます。講座のコードは ZREVRANGE のあとに商品ごとの SETEX を送るので N+1 往復ですが、スクリプトなら 1 往復です。採点は専用の redis-server (サンドボックス) にアクセスログとデータベースを用意して、スクリプトを 1 回実行し、残ったキーとその PTTL を Redis から読み戻して行います。最初に入っているのは講座のコードをこの約束に移したものです。",
        "Write the course's 演習4 CacheWarmer.warmup_from_access_log yourself, as one Lua script. The course's code sends ZREVRANGE and then one SETEX per product, N+1 round trips; a script is one. Grading seeds an access log and a database on a redis-server of its own (the sandbox), runs your script once, and reads back every key it left, with its PTTL. The editor starts with the course's code carried over to this contract.",
    ),
    /// The cache exercise's contract.
    CacheContract => (
        "KEYS[1] はアクセスログ (商品 ID → 閲覧数のソート済みセット)、KEYS[2] はデータベースの代わり (商品 ID → 商品の JSON のハッシュ。スクリプトから届くのは Redis だけなので)。ARGV[1] はキャッシュする上位の件数 N、ARGV[2] は TTL (秒)、ARGV[3] はキャッシュキーの接頭辞 (キーは <接頭辞><ID>)。キャッシュした件数を返します。",
        "KEYS[1] is the access log (a sorted set of product id by views); KEYS[2] stands in for the database (a hash of product id to the product's JSON: a script reaches nothing but Redis). ARGV[1] is how many of the most viewed to cache (N), ARGV[2] the TTL in seconds, ARGV[3] the cache keys' prefix (keys are <prefix><id>). Return how many products you cached.",
    ),
    /// What the cache exercise asks beyond the course's code; `{}` percent.
    CacheNote => (
        "講座のコードは全商品に同じ 3600 秒を付けるので、1 時間後に全部が同じ秒に切れ、データベースに一斉にアクセスが来ます (キャッシュ演習のスタンピード)。各商品の期限は TTL 以下、TTL の {}% 手前より後にして、ばらつかせてください。",
        "The course's code gives every product the same 3600 s, so an hour later they all expire in the same second and the database gets every miss at once (the cache lab's stampede). Give each product an expiry of at most the TTL and no sooner than {}% below it, and spread them.",
    ),
    /// Heading of the cache exercise's reference solution.
    CacheSolutionTitle => ("模範解答 (1 往復で、期限をばらつかせる)", "Reference solution (one round trip, expiries spread)"),
    /// The cache script's reply outside the contract; `{}` the reply.
    ErrCacheBadReply => (
        "返り値が約束と違います: {}。キャッシュした件数 (整数) を返してください。",
        "The reply breaks the contract: {}. Return how many products you cached (an integer).",
    ),
    /// Cache property: contract.
    PropCacheContract => ("約束どおりに動く", "Keeps the contract"),
    /// Its explanation; `{}` ms.
    PropCacheContractHow => (
        "読み込めて、{} ms 以内に終わり、実際にキャッシュしたキーの数を返す。",
        "It loads, ends within {} ms, and returns the number of keys it really cached.",
    ),
    /// Cache property: the top products.
    PropTopProducts => ("閲覧数の上位 N 件だけをキャッシュする", "Caches exactly the N most viewed"),
    /// Its explanation.
    PropTopProductsHow => (
        "接頭辞の下に残ったキーが、アクセスログの上位 N 件 (ログが N 件より少なければ全件) とちょうど一致する。",
        "The keys left under the prefix are exactly the access log's N most viewed (all of them when the log has fewer).",
    ),
    /// Cache property: same as the database.
    PropSameAsDb => ("データベースと同じ値", "The database's value"),
    /// Its explanation.
    PropSameAsDbHow => (
        "GET で読み戻した値が、データベースのその商品の JSON とバイト単位で同じ。",
        "GET of each cached key returns that product's JSON from the database, byte for byte.",
    ),
    /// Cache property: the TTL.
    PropTtl => ("期限が TTL の範囲内", "Expires within the TTL"),
    /// Its explanation; `{}` percent.
    PropTtlHow => (
        "スクリプトの直後に読んだ PTTL が TTL 以下で、TTL の {}% 手前以上。期限のないキーを残さない。",
        "PTTL read right after the script is at most the TTL and no more than {}% below it; no key is left without an expiry.",
    ),
    /// Cache property: the spread.
    PropSpread => ("期限がばらついている", "Expiries spread out"),
    /// Its explanation; `{}` ms.
    PropSpreadHow => (
        "いちばん早い期限といちばん遅い期限が {} ms 以上離れている (同じ秒に一斉に切れない)。",
        "The earliest and the latest expiry are at least {} ms apart (they do not all expire in the same second).",
    ),
    /// Cache property: nothing else changed.
    PropUntouched => ("ログとデータベースを変えない", "Leaves the log and the database alone"),
    /// Its explanation.
    PropUntouchedHow => (
        "採点後に読み戻したアクセスログ (ZRANGE) とデータベース (HGETALL) が、用意したときのまま。",
        "The access log (ZRANGE) and the database (HGETALL) read back after grading are as they were seeded.",
    ),
    /// Cache case: the top ten.
    CaseTopTen => ("40 件から上位 10 件", "The top 10 of 40"),
    /// Cache case: a short log.
    CaseShortLog => ("ログが N 件より少ない", "A log shorter than N"),
    /// Cache case: named ids.
    CaseNamedIds => ("数字でない商品 ID と短い TTL", "Ids that are not numbers, a short TTL"),
    /// Cache hidden case.
    CaseCacheHidden => ("隠しケース", "Hidden case"),
    /// A cache case's parameters; `{}` products, `{}` N, `{}` TTL s, `{}` what the script returned.
    CaseCacheParams => ("商品 {} 件 / N = {} / TTL {} 秒 / 返り値 {}", "{} products, N = {}, TTL {} s, returned {}"),
    /// The products table's caption.
    ProductsCaption => ("上位の商品と、Redis に残ったキャッシュ", "The most viewed products, and what Redis holds of them"),
    /// Column: rank.
    ColRank => ("順位", "Rank"),
    /// Column: product.
    ColProduct => ("商品 ID", "Product"),
    /// Column: views.
    ColViews => ("閲覧数", "Views"),
    /// Column: the cache key's PTTL.
    ColTtl => ("残り期限 (PTTL)", "Expires in (PTTL)"),
    /// Column: same as the database.
    ColSameAsDb => ("DB と同じ", "Same as DB"),
    /// Column: the course's warm-up's PTTL on the same data.
    ColCourseTtl => ("講座のコードの期限", "The course's, expires in"),
    /// Column: the reference solution's PTTL on the same data.
    ColFixedTtl => ("模範解答の期限", "Fixed, expires in"),
    /// A product cached though not among the N.
    NotInTop => ("上位外", "not top"),
    /// A product not cached.
    NotCached => ("キャッシュなし", "not cached"),
    /// A cache key without expiry.
    NoExpiry => ("期限なし (-1)", "no expiry (-1)"),
    /// The cell: the same as the database.
    SameAsDbYes => ("データベースと同じ", "same as the database"),
    /// The cell: not the database's value.
    SameAsDbNo => ("データベースと違う", "not the database's value"),
    /// The link from the cache lab.
    CacheTryIt => ("演習: ウォームアップを自分で書いて採点する →", "Exercise: write the warm-up yourself and have it graded →"),
    /// The Pub/Sub exercise's lead paragraph.
    PubsubIntro => (
        "講座の演習1 の通知サービスを、離れていた購読者も通知を失わない形に直します。送信 (publish) と読み直し (read) の 2 本の Lua スクリプトを書きます。採点は専用の redis-server (サンドボックス) で、ずっと購読しているクライアントと、途中でいなくなって戻ってくるクライアントを使い、Redis が届けたものと返したものから判定します。最初に入っているのは講座のコードをこの約束に移したもの (PUBLISH だけ) です。",
        "Make the course's 演習1 notification service one that a subscriber who was away does not lose. Write both sides as Lua scripts: publish and read. Grading runs them on a redis-server of its own (the sandbox) with a subscriber that listens all along and one that goes away and comes back, and judges on what Redis delivered and returned. The editors start with the course's code carried over to this contract (a PUBLISH, nothing else).",
    ),
    /// The publish's contract.
    PubsubContractPublish => (
        "送信: KEYS[1] はチャンネルのログ (型は自由)、ARGV[1] はチャンネル名、ARGV[2] はメッセージ (JSON)。購読中の相手に届け、離れている相手のために残し、メッセージの ID (文字列か整数) を返します。",
        "Publish: KEYS[1] is the channel's log (any type you like), ARGV[1] the channel, ARGV[2] the message (JSON). Deliver it to the channel's subscribers, keep it for those who are away, and return its id (a string or an integer).",
    ),
    /// The read's contract.
    PubsubContractRead => (
        "読み直し: KEYS[1] はログ、ARGV[1] は受け取った最後のメッセージの ID (まだなければ '0')。その後のメッセージを古い順に {ID, メッセージ, ID, メッセージ, …} で返します。",
        "Read: KEYS[1] is the log, ARGV[1] the id of the last message the subscriber has ('0' for none). Return the messages after it, oldest first, as {id, message, id, message, …}.",
    ),
    /// What the Pub/Sub exercise asks beyond the course's code; `{}` the cap.
    PubsubNote => (
        "Pub/Sub は、その瞬間に購読していた相手に届けたら忘れます。ログは新しい {} 件まで残せば十分で、期限も付けてください。ID はメッセージごとに違うものを。",
        "Pub/Sub forgets a message once it has pushed it to whoever was listening. Keeping the newest {} is enough; give the log an expiry too. Give every message an id of its own.",
    ),
    /// The publish editor's label.
    PublishLabel => ("送信 (publish) スクリプト", "Publish script"),
    /// The read editor's label.
    ReadLabel => ("読み直し (read) スクリプト", "Read script"),
    /// Heading of the Pub/Sub exercise's reference solution.
    PubsubSolutionTitle => ("模範解答 (Stream に残して PUBLISH、続きから XRANGE)", "Reference solution (keep it in a stream and PUBLISH; XRANGE from where you left off)"),
    /// A Pub/Sub script's reply outside the contract; `{}` the reply.
    ErrPubsubBadReply => (
        "返り値が約束と違います: {}。送信は ID (文字列か整数)、読み直しは {ID, メッセージ, …} を返してください。",
        "The reply breaks the contract: {}. Publish returns an id (a string or an integer); read returns {id, message, …}.",
    ),
    /// Pub/Sub property: contract.
    PropPubsubContract => ("約束どおりに動く", "Keeps the contract"),
    /// Its explanation; `{}` ms.
    PropPubsubContractHow => (
        "2 本とも読み込めて、{} ms 以内に終わり、送信は ID を、読み直しは ID とメッセージの組を返す。",
        "Both scripts load and end within {} ms; publish returns an id, read pairs of id and message.",
    ),
    /// Pub/Sub property: live delivery.
    PropLive => ("購読中の相手に届く", "Reaches live subscribers"),
    /// Its explanation.
    PropLiveHow => (
        "ずっと SUBSCRIBE していたクライアントが、すべてのメッセージを送った順に受け取る。",
        "A client that stays SUBSCRIBEd receives every message, in the order sent.",
    ),
    /// Pub/Sub property: catch-up.
    PropCatchUp => ("離れていた相手も失わない", "A subscriber that was away loses nothing"),
    /// Its explanation; `{}` the cap.
    PropCatchUpHow => (
        "途中でいなくなって戻ったクライアントの読み直しが、すべてのメッセージ (多いときは新しい {} 件) を 1 回ずつ、送った順に返す。",
        "The reads of a client that went away and came back return every message (the newest {} in a flood) exactly once, in the order sent.",
    ),
    /// Pub/Sub property: bounded.
    PropBounded => ("ログが増え続けない", "The log stays bounded"),
    /// Its explanation; `{}` the cap, `{}` the slack.
    PropBoundedHow => (
        "各ケースの後に TYPE と長さを読み、ログが {} 件 (+{}) を超えていない。",
        "TYPE and the length read after each case: the log holds at most {} (+{}) entries.",
    ),
    /// Pub/Sub property: expiry.
    PropPubsubExpires => ("期限のないキーを残さない", "No key left without an expiry"),
    /// Its explanation.
    PropPubsubExpiresHow => (
        "採点後にサンドボックスの全キーを SCAN して PTTL を読み、期限のないキーがない。",
        "SCAN and PTTL of every key on the sandbox after grading find none without an expiry.",
    ),
    /// Pub/Sub case: one absence.
    CaseAway => ("途中で離れて戻る", "Away for a while, then back"),
    /// Pub/Sub case: a late reader.
    CaseLateReader => ("最後に 1 回だけ読む", "Reads once, at the end"),
    /// Pub/Sub case: a flood.
    CaseFlood => ("上限を超える量", "More than the log keeps"),
    /// Pub/Sub hidden case.
    CasePubsubHidden => ("隠しケース", "Hidden case"),
    /// A Pub/Sub case's parameters; `{}` messages, `{}` what the log kept.
    CasePubsubParams => ("メッセージ {} 件 / ログに残った数 {}", "{} messages, the log kept {}"),
    /// No log key at the end.
    NoLog => ("ログなし", "no log"),
    /// Row: the live subscriber.
    FatesLive => ("購読中", "Live"),
    /// Row: the reader.
    FatesReader => ("読み直し", "Reader"),
    /// Row: the reader of the course's code, on the same messages.
    FatesCourseReader => ("講座のコード", "The course's"),
    /// Row: the reader of the reference solution, on the same messages.
    FatesFixedReader => ("模範解答", "Fixed"),
    /// A message heard live.
    FateHeard => ("購読中に届いた", "heard live"),
    /// A message not heard live.
    FateUnheard => ("購読中に届かなかった", "not heard live"),
    /// A message read once.
    FateOnce => ("1 回読めた", "read once"),
    /// A message never read.
    FateMissed => ("読めなかった", "missed"),
    /// A message read more than once.
    FateAgain => ("2 回以上読んだ", "read again"),
    /// Legend: sent while the reader was away.
    FateWhileAway => ("離れている間に送られた", "sent while away"),
    /// A cell's label; `{}` the message number, `{}` its fate.
    FateLabel => ("メッセージ {}: {}", "message {}: {}"),
    /// The drawing's summary; `{}` shown, `{}` published, `{}` missed, `{}` read again, `{}` not heard.
    FatesSummary => (
        "新しい {} 件 (全 {} 件) のうち、読めなかった {} 件、2 回以上 {} 件、購読中に届かなかった {} 件",
        "The newest {} of {} messages: {} missed, {} read again, {} not heard live",
    ),
    /// The link from the Pub/Sub lab.
    PubsubTryIt => ("演習: 失わない通知を自分で書いて採点する →", "Exercise: write a delivery that loses nothing and have it graded →"),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check;

    #[test]
    fn every_key_is_translated_with_the_same_holes() {
        check::assert_complete(ExerciseText::ALL, 1);
    }
}
