//! JSON in and out of text frames. With the frontend's `ws` module, the only code that knows the wire format.

use shared::{ClientMsg, ErrorBody, ErrorCode, RequestId, ServerMsg};

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

/// Serialises one message. Our own types always serialise, so a failure is a bug worth a log line.
pub fn encode(msg: &ServerMsg) -> Option<String> {
    serde_json::to_string(msg)
        .inspect_err(|e| tracing::error!(error = %e, "could not encode a server message"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn missing_fields_are_malformed() {
        assert_eq!(
            code(r#"{"type":"run","id":6}"#),
            (Some(6), ErrorCode::Malformed)
        );
        assert_eq!(code(r#"{"id":"seven"}"#), (None, ErrorCode::Malformed));
    }
}
