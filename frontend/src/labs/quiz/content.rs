//! What each question shows: its wording, four options, the explanation (with the code it is about) and
//! the lab that shows the point; and the stable names and sentences of the live tries' outcomes.
//!
//! The right option is never written here: it is `shared::quiz::Question::answer()`, and the tests
//! check that the options were written so that it is the true one.

use shared::lock::scripts::RELEASE;
use shared::quiz::{Choice, Outcome, Question};

use crate::i18n::quiz::QuizText;
use crate::route::Route;

/// An option's text: a command shown as code in both languages, or a translated sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionText {
    /// A command, the same in every language.
    Code(&'static str),
    /// A sentence.
    Text(QuizText),
}

/// Everything a question card shows besides the live tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Content {
    /// The question.
    pub question: QuizText,
    /// Options A to D.
    pub options: [OptionText; 4],
    /// The code the explanation is about.
    pub code: &'static str,
    /// The explanation.
    pub explanation: QuizText,
    /// The lab that shows the point, and its link's text.
    pub lab: (Route, QuizText),
    /// The options are claims, so every try runs the same experiment.
    pub claims: bool,
}

/// The card of `question`.
pub fn content(question: Question) -> Content {
    use OptionText::{Code, Text};
    match question {
        Question::LockOption => Content {
            question: QuizText::QLockOption,
            options: [
                Code("SET key value"),
                Code("SET key value NX"),
                Code("SET key value XX"),
                Code("SETNX key value"),
            ],
            code: "SET lock:resource \"token\" NX EX 30",
            explanation: QuizText::XLockOption,
            lab: (Route::Lock, QuizText::SeeLock),
            claims: false,
        },
        Question::PubsubWhileDisconnected => Content {
            question: QuizText::QPubsub,
            options: [
                Text(QuizText::PubsubA),
                Text(QuizText::PubsubB),
                Text(QuizText::PubsubC),
                Text(QuizText::PubsubD),
            ],
            code: "SUBSCRIBE channel\nPUBLISH channel message",
            explanation: QuizText::XPubsub,
            lab: (Route::PubSub, QuizText::SeePubsub),
            claims: true,
        },
        Question::FixedWindowBoundary => Content {
            question: QuizText::QFixedWindow,
            options: [
                Text(QuizText::FixedA),
                Text(QuizText::FixedB),
                Text(QuizText::FixedC),
                Text(QuizText::FixedD),
            ],
            code: "INCR rate:{key}:{now // window}\nEXPIRE rate:{key}:{now // window} {window}",
            explanation: QuizText::XFixedWindow,
            lab: (Route::RateLimit, QuizText::SeeRatelimit),
            claims: true,
        },
        Question::ReleaseTokenCheck => Content {
            question: QuizText::QReleaseToken,
            options: [
                Text(QuizText::ReleaseA),
                Text(QuizText::ReleaseB),
                Text(QuizText::ReleaseC),
                Text(QuizText::ReleaseD),
            ],
            code: RELEASE,
            explanation: QuizText::XReleaseToken,
            lab: (Route::Lock, QuizText::SeeLock),
            claims: true,
        },
    }
}

/// The snake_case name of a question, as the wire and `data-question` spell it.
pub fn question_id(question: Question) -> &'static str {
    match question {
        Question::LockOption => "lock_option",
        Question::PubsubWhileDisconnected => "pubsub_while_disconnected",
        Question::FixedWindowBoundary => "fixed_window_boundary",
        Question::ReleaseTokenCheck => "release_token_check",
    }
}

/// The letter of an option.
pub fn letter(choice: Choice) -> &'static str {
    match choice {
        Choice::A => "A",
        Choice::B => "B",
        Choice::C => "C",
        Choice::D => "D",
    }
}

/// The snake_case name of an outcome, as the wire and `data-outcome` spell it.
pub fn outcome_id(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Overwritten => "overwritten",
        Outcome::Refused => "refused",
        Outcome::NothingSet => "nothing_set",
        Outcome::StuckForever => "stuck_forever",
        Outcome::MessageLost => "message_lost",
        Outcome::DoubleBurst => "double_burst",
        Outcome::DeletedOthersLock => "deleted_others_lock",
        Outcome::Unexpected => "unexpected",
    }
}

/// What an outcome means.
pub fn outcome_text(outcome: Outcome) -> QuizText {
    match outcome {
        Outcome::Overwritten => QuizText::Overwritten,
        Outcome::Refused => QuizText::Refused,
        Outcome::NothingSet => QuizText::NothingSet,
        Outcome::StuckForever => QuizText::StuckForever,
        Outcome::MessageLost => QuizText::MessageLost,
        Outcome::DoubleBurst => QuizText::DoubleBurst,
        Outcome::DeletedOthersLock => QuizText::DeletedOthersLock,
        Outcome::Unexpected => QuizText::Unexpected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn names_are_the_wires() {
        for question in Question::ALL {
            let wire = serde_json::to_string(&question).expect("serializes");
            assert_eq!(wire, format!("\"{}\"", question_id(question)));
        }
        for choice in Choice::ALL {
            let wire = serde_json::to_string(&choice).expect("serializes");
            assert_eq!(wire, format!("\"{}\"", letter(choice)));
        }
        let outcomes = [
            Outcome::Overwritten,
            Outcome::Refused,
            Outcome::NothingSet,
            Outcome::StuckForever,
            Outcome::MessageLost,
            Outcome::DoubleBurst,
            Outcome::DeletedOthersLock,
            Outcome::Unexpected,
        ];
        for outcome in outcomes {
            let wire = serde_json::to_string(&outcome).expect("serializes");
            assert_eq!(wire, format!("\"{}\"", outcome_id(outcome)));
        }
    }

    #[test]
    fn the_courses_question_is_the_courses() {
        let card = content(Question::LockOption);
        assert_eq!(
            Lang::Ja.t(card.question),
            "Redis で分散ロックを実装する際に使うコマンドオプションはどれか。"
        );
        assert_eq!(Question::LockOption.answer(), Choice::B);
        assert_eq!(card.options[1], OptionText::Code("SET key value NX"));
        assert_eq!(card.code, "SET lock:resource \"token\" NX EX 30");
        let explanation = Lang::Ja.t(card.explanation);
        assert!(explanation.contains("NX: キーが存在しない場合のみ設定"));
        assert!(explanation.contains("EX: 有効期限を秒で設定"));
    }

    /// The right option says what the question's doc comment in `shared::quiz` says is true.
    #[test]
    fn the_right_options_say_what_shared_says() {
        let right = |question: Question| {
            let OptionText::Text(key) = content(question).options[question.answer() as usize]
            else {
                panic!("{question:?} has sentences as options");
            };
            Lang::En.t(key)
        };
        assert!(right(Question::PubsubWhileDisconnected).starts_with("None"));
        assert!(right(Question::FixedWindowBoundary).starts_with("10"));
        assert!(right(Question::ReleaseTokenCheck).contains("taken by another client"));
    }

    #[test]
    fn each_point_links_to_its_lab() {
        assert_eq!(content(Question::LockOption).lab.0, Route::Lock);
        assert_eq!(
            content(Question::PubsubWhileDisconnected).lab.0,
            Route::PubSub
        );
        assert_eq!(
            content(Question::FixedWindowBoundary).lab.0,
            Route::RateLimit
        );
        assert_eq!(content(Question::ReleaseTokenCheck).lab.0, Route::Lock);
    }
}
