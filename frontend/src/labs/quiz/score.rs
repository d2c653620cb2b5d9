//! The learner's answers and score, kept in the browser only (localStorage), as a reducer.
//!
//! Answers are stored as `lock_option=B,pubsub_while_disconnected=A`: readable in the browser's dev
//! tools, and an unknown or damaged entry is skipped rather than losing the rest.

use std::rc::Rc;

use shared::quiz::{Choice, Question};
use yew::Reducible;

use super::content::{letter, question_id};

/// localStorage key of the answers.
pub const STORAGE_KEY: &str = "redis-playground.quiz";

/// The chosen option of each question, in [`Question::ALL`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answers([Option<Choice>; 4]);

/// One change to the answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// An option was chosen; a later choice replaces an earlier one, so a learner can correct
    /// themselves after trying the options live.
    Choose(Question, Choice),
    /// Forget every answer.
    Reset,
}

fn index(question: Question) -> usize {
    Question::ALL
        .iter()
        .position(|&q| q == question)
        .unwrap_or_default()
}

impl Answers {
    /// The option chosen for `question`.
    pub fn get(&self, question: Question) -> Option<Choice> {
        self.0[index(question)]
    }

    /// How many questions are answered correctly.
    pub fn score(&self) -> usize {
        Question::ALL
            .iter()
            .filter(|&&q| self.get(q) == Some(q.answer()))
            .count()
    }

    /// Applies one change.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Choose(question, choice) => self.0[index(question)] = Some(choice),
            Action::Reset => self.0 = [None; 4],
        }
    }

    /// The stored form.
    pub fn encode(&self) -> String {
        Question::ALL
            .iter()
            .filter_map(|&q| {
                self.get(q)
                    .map(|c| format!("{}={}", question_id(q), letter(c)))
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads [`Answers::encode`]'s form, skipping entries it does not know.
    pub fn decode(text: &str) -> Self {
        let mut answers = Self::default();
        for entry in text.split(',') {
            let Some((name, choice)) = entry.split_once('=') else {
                continue;
            };
            let question = Question::ALL.into_iter().find(|&q| question_id(q) == name);
            let choice = Choice::ALL.into_iter().find(|&c| letter(c) == choice);
            if let (Some(question), Some(choice)) = (question, choice) {
                answers.apply(Action::Choose(question, choice));
            }
        }
        answers
    }
}

impl Reducible for Answers {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = *self;
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_right_answers_score_and_the_last_choice_counts() {
        let mut answers = Answers::default();
        assert_eq!(answers.score(), 0);
        answers.apply(Action::Choose(Question::LockOption, Choice::D));
        assert_eq!(answers.score(), 0);
        answers.apply(Action::Choose(Question::LockOption, Choice::B));
        answers.apply(Action::Choose(Question::FixedWindowBoundary, Choice::C));
        answers.apply(Action::Choose(Question::ReleaseTokenCheck, Choice::B));
        assert_eq!(answers.score(), 2);
        answers.apply(Action::Reset);
        assert_eq!(answers, Answers::default());
    }

    #[test]
    fn answers_survive_storage() {
        let mut answers = Answers::default();
        answers.apply(Action::Choose(Question::LockOption, Choice::B));
        answers.apply(Action::Choose(Question::PubsubWhileDisconnected, Choice::A));
        let stored = answers.encode();
        assert_eq!(stored, "lock_option=B,pubsub_while_disconnected=A");
        assert_eq!(Answers::decode(&stored), answers);
    }

    #[test]
    fn damaged_storage_keeps_what_it_can() {
        let answers = Answers::decode("nonsense,lock_option=B,release_token_check=Z,=A,");
        assert_eq!(answers.get(Question::LockOption), Some(Choice::B));
        assert_eq!(answers.get(Question::ReleaseTokenCheck), None);
        assert_eq!(Answers::decode(""), Answers::default());
    }
}
