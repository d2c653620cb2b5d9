//! JSON in and out of text frames. With the frontend's `ws` module, the only code that knows the wire format.

use axum::extract::ws::Utf8Bytes;
use bytes::{BufMut, BytesMut};
use serde::Serialize;
use shared::{ClientMsg, ErrorBody, ErrorCode, RequestId};

use crate::{outbox::OutEvent, store::Entries};

/// A frame that is not a valid [`ClientMsg`], with the id when one could be read, so the reply can name it.
#[derive(Debug, PartialEq)]
pub struct DecodeError {
    /// The `id` field of the frame, if it had a numeric one.
    pub id: Option<RequestId>,
    /// What the browser is told.
    pub body: ErrorBody,
}

/// Parses one text frame.
pub fn decode(text: &str) -> Result<ClientMsg, DecodeError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| DecodeError {
        id: None,
        body: ErrorBody::new(ErrorCode::Malformed, format!("not valid JSON: {e}")),
    })?;
    let id = value.get("id").and_then(serde_json::Value::as_u64);
    serde_json::from_value(value).map_err(|e| {
        let text = e.to_string();
        // serde names a wrong enum tag "unknown variant"; that is a message or lab this backend lacks.
        let code = if text.starts_with("unknown variant") {
            ErrorCode::UnknownMessage
        } else {
            ErrorCode::Malformed
        };
        DecodeError {
            id,
            body: ErrorBody::new(code, text),
        }
    })
}

/// A trace frame written from the entries as a session's trace channel carries them: the same JSON as
/// [`shared::ServerMsg::Trace`] of the [`shared::TraceEntry`]s they stand for.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceFrame<'a> {
    /// The one variant, named as `ServerMsg`'s.
    Trace {
        /// Oldest first.
        entries: Entries<'a>,
    },
}

/// Events of one request in one frame, written as [`shared::ServerMsg::Event`] (one) or
/// [`shared::ServerMsg::Events`] (more) of the [`shared::LabEvent`]s they stand for.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventFrame<'a> {
    /// One event.
    Event {
        /// The request.
        id: RequestId,
        /// The event.
        event: &'a OutEvent,
    },
    /// Several, oldest first.
    Events {
        /// The request.
        id: RequestId,
        /// The events.
        events: &'a [OutEvent],
    },
}

/// Serialises messages into text frames, in one buffer whose memory serves frame after frame: the
/// socket copies a frame's bytes into its own buffer when the frame is queued, and once the frame is
/// dropped the next message is written where it was. A burst of large frames (trace batches of tens of
/// KiB) so costs no allocation and free each; glibc answers each free of 64 KiB or more by
/// consolidating its heap.
#[derive(Default)]
pub struct Encoder {
    buf: BytesMut,
    /// The longest frame written since the buffer was last let go of: its memory is at least that.
    longest: usize,
}

impl Encoder {
    /// `msg` (a [`shared::ServerMsg`] or a [`TraceFrame`]) as a text frame. Our own types always
    /// serialise, so a failure is a bug worth a log line.
    pub fn text(&mut self, msg: &impl Serialize) -> Option<Utf8Bytes> {
        self.buf.clear();
        if let Err(e) = serde_json::to_writer((&mut self.buf).writer(), msg) {
            tracing::error!(error = %e, "could not encode a server message");
            self.buf.clear();
            return None;
        }
        self.longest = self.longest.max(self.buf.len());
        Utf8Bytes::try_from(self.buf.split().freeze())
            .inspect_err(|e| tracing::error!(error = %e, "a server message encoded as no UTF-8"))
            .ok()
    }

    /// Lets go of a buffer grown past [`KEPT_BYTES`] for a burst's large frames, once the burst is
    /// over: a quiet connection does not hold on to it.
    pub fn settle(&mut self) {
        if self.longest > KEPT_BYTES {
            *self = Self::default();
        }
    }
}

/// The most buffer an [`Encoder`] keeps between bursts.
const KEPT_BYTES: usize = 16 * 1024;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Traced;
    use shared::{LabEvent, Origin, ServerMsg, TraceEntry, room::RoomEvent};

    fn code(text: &str) -> (Option<RequestId>, ErrorCode) {
        let err = decode(text).expect_err("should not decode");
        (err.id, err.body.code)
    }

    #[test]
    fn broken_json_is_malformed_without_id() {
        assert_eq!(code("{not json"), (None, ErrorCode::Malformed));
    }

    #[test]
    fn unknown_type_or_lab_names_the_id() {
        assert_eq!(
            code(r#"{"type":"fly","id":4}"#),
            (Some(4), ErrorCode::UnknownMessage)
        );
        assert_eq!(
            code(r#"{"type":"run","id":5,"request":{"lab":"nope"}}"#),
            (Some(5), ErrorCode::UnknownMessage)
        );
    }

    #[test]
    fn frames_come_from_one_buffer_used_again() {
        let mut encoder = Encoder::default();
        let trace = |n| ServerMsg::Dropped { traces: n };
        let first = encoder.text(&trace(1)).expect("encodes");
        assert_eq!(first.as_str(), r#"{"dropped":{"traces":1}}"#);
        let at = first.as_ptr();
        drop(first);
        let second = encoder.text(&trace(22)).expect("encodes");
        assert_eq!(second.as_str(), r#"{"dropped":{"traces":22}}"#);
        assert_eq!(second.as_ptr(), at, "written where the dropped frame was");
        let third = encoder.text(&trace(3)).expect("encodes");
        assert_eq!(third.as_str(), r#"{"dropped":{"traces":3}}"#);
        assert_eq!(
            second.as_str(),
            r#"{"dropped":{"traces":22}}"#,
            "a frame still held stays"
        );
    }

    #[test]
    fn a_buffer_grown_for_a_burst_goes_once_it_is_over() {
        let entry = TraceEntry {
            seq: 1,
            at_ms: 1,
            client: "session".into(),
            request: Some(1),
            command: vec!["GET".into(), "pg:{ab12}:k".into()],
            reply: "(nil)".into(),
            ok: true,
            micros: 90,
            origin: Origin::Learner,
        };
        let mut encoder = Encoder::default();
        let entries = vec![entry; 200];
        let large = encoder
            .text(&ServerMsg::Trace { entries })
            .expect("encodes");
        assert!(large.len() > KEPT_BYTES);
        drop(large);
        encoder.settle();
        assert_eq!(encoder.buf.capacity(), 0, "let go of");
        let small = encoder
            .text(&ServerMsg::Dropped { traces: 1 })
            .expect("encodes");
        let at = small.as_ptr();
        drop(small);
        encoder.settle();
        let again = encoder
            .text(&ServerMsg::Dropped { traces: 2 })
            .expect("encodes");
        assert_eq!(again.as_ptr(), at, "a small buffer stays");
    }

    #[test]
    fn a_trace_frame_is_written_as_the_protocols_trace_message() {
        let entry = |seq| TraceEntry {
            seq,
            at_ms: 1,
            client: "client-2".into(),
            request: None,
            command: vec!["SET".into(), "pg:{ab12}:k".into(), "\"quoted\"".into()],
            reply: "OK".into(),
            ok: true,
            micros: 7,
            origin: Origin::Playground,
        };
        let traced = [Traced::Ran(entry(1)), Traced::Ran(entry(2))];
        let mut encoder = Encoder::default();
        let frame = encoder
            .text(&TraceFrame::Trace {
                entries: Entries(&traced),
            })
            .expect("encodes");
        let msg = ServerMsg::Trace {
            entries: vec![entry(1), entry(2)],
        };
        assert_eq!(
            frame.as_str(),
            serde_json::to_string(&msg).expect("encodes")
        );
    }

    #[test]
    fn event_frames_are_written_as_the_protocols_event_messages() {
        let event = |seq| {
            LabEvent::Room(RoomEvent::Delivered {
                seq,
                text: format!("\"m{seq}\""),
                at_ms: 1,
            })
        };
        let encoded = |seq| OutEvent::Encoded(crate::outbox::encode(&event(seq)).expect("encodes"));
        let mut encoder = Encoder::default();
        let one = encoder
            .text(&EventFrame::Event {
                id: 4,
                event: &encoded(1),
            })
            .expect("encodes");
        let msg = ServerMsg::Event {
            id: 4,
            event: event(1),
        };
        assert_eq!(one.as_str(), serde_json::to_string(&msg).expect("encodes"));
        let mixed = [OutEvent::Value(event(1)), encoded(2)];
        let many = encoder
            .text(&EventFrame::Events {
                id: 4,
                events: &mixed,
            })
            .expect("encodes");
        let msg = ServerMsg::Events {
            id: 4,
            events: vec![event(1), event(2)],
        };
        assert_eq!(many.as_str(), serde_json::to_string(&msg).expect("encodes"));
    }

    #[test]
    fn missing_fields_are_malformed() {
        assert_eq!(
            code(r#"{"type":"run","id":6}"#),
            (Some(6), ErrorCode::Malformed)
        );
        assert_eq!(code(r#"{"id":"seven"}"#), (None, ErrorCode::Malformed));
    }
}
