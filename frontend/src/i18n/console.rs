//! The console's catalogue: its labels, hints, refusals and messages, in Japanese and English.
//!
//! Each key is written once, with its two sentences beside it; the macro turns the list into
//! [`ConsoleText`], [`ConsoleText::ALL`] and the exhaustive match of `lang.t(key)`. Sentences with `{}`
//! are filled by [`super::fill`] in the order the key's doc comment lists.

use super::Lang;

/// Declares [`ConsoleText`], [`ConsoleText::ALL`] and its sentences from one list of keys and sentences.
macro_rules! catalogue {
    ($($(#[doc = $doc:literal])+ $key:ident => ($ja:expr, $en:expr $(,)?),)+) => {
        /// A key of the console's catalogue; `lang.t(key)` turns it into a sentence.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ConsoleText {
            $($(#[doc = $doc])+ $key,)+
        }

        impl ConsoleText {
            /// Every key, in declaration order.
            pub const ALL: &'static [ConsoleText] = &[$(ConsoleText::$key,)+];
        }

        impl super::Key for ConsoleText {
            fn sentence(self, lang: Lang) -> &'static str {
                sentence(lang, self)
            }
        }

        /// The sentence for `key` in `lang`.
        fn sentence(lang: Lang, key: ConsoleText) -> &'static str {
            let (ja, en) = match key {
                $(ConsoleText::$key => ($ja, $en),)+
            };
            match lang {
                Lang::Ja => ja,
                Lang::En => en,
            }
        }
    };
}

catalogue! {
    /// The page's lead paragraph.
    Intro => (
        "redis-cli のように、自分でコマンドを打って本物の Redis で実行します。キーは名前空間なしで打てば (例: SET greeting hi)、バックエンドが Redis 自身の知識 (COMMAND INFO のキー仕様) でこのセッションの名前空間に入れます。実際に送ったコマンドも表示します。ラボが残したキー (例: レート制限の rate:…) も見て、変えられます。",
        "Type your own commands, as in redis-cli, and run them on the real Redis. Type keys without the namespace (SET greeting hi): the backend puts them into this session's namespace where Redis itself says keys are (the key specs of COMMAND INFO), and shows what it really sent. You can inspect and change what a lab left (the rate limiter's rate:… keys, say).",
    ),
    /// Label of the command field.
    Input => ("コマンド", "Command"),
    /// Hint under the field; `{}` the blocking cap in seconds.
    InputHint => (
        "Enter で実行、Shift+Enter で改行 (複数行は順に実行)。↑/↓ で履歴、Tab でコマンド名を補完。ブロックするコマンドの待ち時間は最長 {} 秒で、停止できます。書いたキーには、期限がなければ 1 時間の期限が付きます (EXPIRE … NX、プレイグラウンド自身のコマンドとしてトレースに出ます)。",
        "Enter runs, Shift+Enter adds a line (several lines run in order). ↑/↓ for history, Tab completes a command name. A blocking command waits at most {} seconds, and can be stopped. A key you write gets an expiry of an hour if it has none (EXPIRE … NX, in the trace as the playground's own).",
    ),
    /// Runs the typed lines.
    Run => ("実行", "Run"),
    /// Stops a subscription or a blocking command.
    Stop => ("停止", "Stop"),
    /// Clears the output.
    Clear => ("出力を消す", "Clear output"),
    /// Lists the session's keys.
    MyKeys => ("自分のキー", "My keys"),
    /// Heading of the listing.
    MyKeysTitle => (
        "このセッションのキー (プレイグラウンドが SCAN MATCH で自分の名前空間だけを調べました):",
        "This session's keys (the playground ran SCAN MATCH on your namespace only):",
    ),
    /// No keys.
    NoKeys => ("(キーはありません)", "(no keys)"),
    /// More keys than listed; `{}` how many shown.
    MoreKeys => ("… ほかにもあります (最初の {} 個)", "… and more (the first {} shown)"),
    /// Before what was really sent.
    Sent => ("送信", "Sent"),
    /// Accessible name of the output.
    Output => ("コンソールの出力", "Console output"),
    /// A subscription or blocking command stopped.
    Stopped => ("(停止しました)", "(stopped)"),
    /// While a subscription streams.
    Listening => (
        "メッセージを待っています。「停止」で終わります。",
        "Waiting for messages. Stop ends it.",
    ),
    /// While a command runs.
    Waiting => ("実行中…", "Running…"),
    /// Refused: server-wide; `{}` the command.
    RefusedServerWide => (
        "(拒否) {} は実行しません: すべてのキーやクライアント、サーバー自体に届くコマンドで、ほかの人のデータに触れられてしまうからです。何も実行していません。自分のキーは「自分のキー」で見られます。",
        "(refused) {} is not run: it reaches every key, every client or the server itself, and so other people's data. Nothing ran. “My keys” lists your own keys.",
    ),
    /// Refused: connection state; `{}` the command.
    RefusedConnection => (
        "(拒否) {} は実行しません: このセッションのラボが共有する接続の状態を変えてしまうからです。何も実行していません。",
        "(refused) {} is not run: it changes the state of the connection this session's labs share. Nothing ran.",
    ),
    /// Refused: a script where sessions are kept apart by prefix only; `{}` the command.
    RefusedNeedsAcl => (
        "(拒否) {} は実行しません: スクリプトはどのキーの名前でも使えますが、この Redis ではセッションを ACL ユーザーで分けられず、名前の接頭辞だけで分けているからです。何も実行していません。",
        "(refused) {} is not run: a script can name any key, and this Redis keeps sessions apart by the key prefix alone, with no ACL user to stop it. Nothing ran.",
    ),
    /// Refused: not offered; `{}` the command.
    RefusedNotOffered => (
        "(拒否) {} はこのコンソールでは使えません (Redis にないコマンドか、プレイグラウンドが安全を確かめていないコマンドです)。何も実行していません。",
        "(refused) {} is not offered by this console (Redis has no such command, or the playground has not vouched for it). Nothing ran.",
    ),
    /// Parse error: unbalanced quotes.
    ParseUnbalanced => (
        "(入力エラー) 引用符が閉じていません。入力はそのまま残してあります。",
        "(input error) A quote is not closed. Your input is kept as it was.",
    ),
    /// Parse error: text after a closing quote.
    ParseAfterQuote => (
        "(入力エラー) 閉じ引用符のあとには空白が必要です。入力はそのまま残してあります。",
        "(input error) A closing quote must be followed by a space. Your input is kept as it was.",
    ),
    /// Parse error: not UTF-8.
    ParseNotText => (
        "(入力エラー) \\x エスケープが UTF-8 の文字になりません。入力はそのまま残してあります。",
        "(input error) A \\x escape does not make UTF-8 text. Your input is kept as it was.",
    ),
    /// The command's help: `{}` since which version.
    Since => ("Redis {} から", "since Redis {}"),
    /// Accessible name of the help.
    Help => ("コマンドのヘルプ (Redis の COMMAND DOCS より)", "Command help (from Redis's COMMAND DOCS)"),
    /// Accessible name of the completions.
    Completions => ("コマンド名の候補", "Command names"),
    /// The drawer's toggle when closed.
    OpenDrawer => ("コンソールを開く", "Open the console"),
    /// The drawer's toggle when open.
    CloseDrawer => ("コンソールを閉じる", "Close the console"),
    /// Link from the drawer to the full page.
    FullPage => ("全画面で開く", "Open full page"),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check;

    #[test]
    fn every_key_is_translated_with_the_same_holes() {
        check::assert_complete(ConsoleText::ALL, 0);
    }
}
