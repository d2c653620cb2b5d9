//! Workshop rooms against real Redis, and a browser stand-in that is a room's member.
//!
//! - [`lifecycle`]: opening, joining and leaving; keys that expire and go when everyone leaves.
//! - [`presenter`]: settings mirrored to participants; what only the presenter may do.
//! - [`backends`]: a room shared by two backend processes, its messages, lock and limiter crossing
//!   between them through Redis.
//! - [`secrets`]: nothing a participant is shown names the presenter's session; wrong codes grant
//!   nothing.
//! - [`blip`]: a dropped connection or a killed backend: the presenter takes its room back within the
//!   grace, participants are told, and only live members are counted.

mod backends;
mod blip;
mod lifecycle;
mod presenter;
mod secrets;

use redis::AsyncCommands;
use shared::{
    ClientMsg, ErrorCode, LabEvent, LabReply, LabRequest, RequestId, ServerMsg,
    room::{Member, Role, RoomEvent, RoomReply, RoomRequest, RoomSettings},
};

use crate::support::WsClient;

/// One browser in a room: its socket, its membership run, and who it is.
struct Browser {
    ws: WsClient,
    /// The session id of its hello: the secret that `/ws?session=<id>` needs.
    session_id: String,
    run: RequestId,
    code: String,
    me: Member,
    /// The settings its entry showed.
    entered_with: RoomSettings,
    /// Everyone its entry listed.
    entered_among: Vec<Member>,
    /// A presenter's reclaim secret.
    secret: Option<String>,
}

impl Browser {
    /// Opens a room with `settings` from a new session at `ws_url`.
    async fn open(ws_url: &str, settings: RoomSettings) -> Self {
        Self::enter(ws_url, RoomRequest::Open { settings }).await
    }

    /// Joins room `code` from a new session at `ws_url`.
    async fn join(ws_url: &str, code: &str) -> Self {
        let join = RoomRequest::Join {
            code: code.to_owned(),
            name: String::new(),
        };
        Self::enter(ws_url, join).await
    }

    /// Takes room `code` back as its presenter, from a new session at `ws_url`.
    async fn reclaim(ws_url: &str, code: &str, secret: &str) -> Self {
        let reclaim = RoomRequest::Reclaim {
            code: code.to_owned(),
            secret: secret.to_owned(),
        };
        Self::enter(ws_url, reclaim).await
    }

    async fn enter(ws_url: &str, request: RoomRequest) -> Self {
        let (mut ws, hello) = WsClient::connect(ws_url).await;
        ws.record_trace();
        let run = ws.run(LabRequest::Room(request)).await;
        let mut browser = Self {
            ws,
            session_id: hello.id,
            run,
            code: String::new(),
            me: Member {
                n: 0,
                name: String::new(),
                role: Role::Participant,
            },
            entered_with: RoomSettings::default(),
            entered_among: Vec::new(),
            secret: None,
        };
        match browser
            .event(|e| matches!(e, RoomEvent::Entered { .. }))
            .await
        {
            RoomEvent::Entered {
                code,
                me,
                settings,
                members,
            } => {
                browser.code = code;
                browser.me = me;
                browser.entered_with = settings;
                browser.entered_among = members;
            }
            other => panic!("expected entered, got {other:?}"),
        }
        if browser.me.role == Role::Presenter {
            let keep = browser
                .event(|e| matches!(e, RoomEvent::Reclaimable { .. }))
                .await;
            if let RoomEvent::Reclaimable { secret, .. } = keep {
                browser.secret = Some(secret);
            }
        }
        browser
    }

    /// The presenter closes the room for everyone; returns the close's answer and the membership's,
    /// which ends on hearing the room close (the two come in either order).
    async fn close(&mut self) -> (ServerMsg, ServerMsg) {
        let close = self
            .ws
            .run(LabRequest::Room(RoomRequest::Close { room: self.run }))
            .await;
        let (mut closed, mut left) = (None, None);
        while closed.is_none() || left.is_none() {
            match self.ws.recv().await {
                msg @ (ServerMsg::Reply { id, .. } | ServerMsg::Error { id: Some(id), .. })
                    if id == close =>
                {
                    closed = Some(msg);
                }
                msg @ (ServerMsg::Reply { id, .. } | ServerMsg::Error { id: Some(id), .. })
                    if id == self.run =>
                {
                    left = Some(msg);
                }
                _ => {}
            }
        }
        (closed.expect("closed"), left.expect("left"))
    }

    /// Reads until the membership streams an event matching `want`.
    async fn event(&mut self, want: impl Fn(&RoomEvent) -> bool) -> RoomEvent {
        let run = self.run;
        let msg = self
            .ws
            .until(|msg| match msg {
                ServerMsg::Event {
                    id,
                    event: LabEvent::Room(event),
                } => *id == run && want(event),
                ServerMsg::Error { id: Some(id), .. } => *id == run,
                _ => false,
            })
            .await;
        match msg {
            ServerMsg::Event {
                event: LabEvent::Room(event),
                ..
            } => event,
            other => panic!("the membership failed: {other:?}"),
        }
    }

    /// Publishes `text` as this member and returns the answer.
    async fn publish(&mut self, text: &str) -> ServerMsg {
        let room = self.run;
        let text = text.to_owned();
        self.ask(RoomRequest::Publish { room, text }).await
    }

    /// Sends `request` and returns its answer (reply or error), skipping everything else.
    async fn ask(&mut self, request: RoomRequest) -> ServerMsg {
        self.ask_seeing(request).await.0
    }

    /// Sends `request` and returns its answer, with the events the membership streamed meanwhile.
    async fn ask_seeing(&mut self, request: RoomRequest) -> (ServerMsg, Vec<RoomEvent>) {
        let id = self.ws.run(LabRequest::Room(request)).await;
        let mut seen = Vec::new();
        loop {
            match self.ws.recv().await {
                ServerMsg::Event {
                    id: run,
                    event: LabEvent::Room(event),
                } if run == self.run => seen.push(event),
                msg @ (ServerMsg::Reply { id: got, .. }
                | ServerMsg::Error { id: Some(got), .. })
                    if got == id =>
                {
                    return (msg, seen);
                }
                _ => {}
            }
        }
    }

    /// Leaves the room: cancels the membership and returns its answer.
    async fn leave(&mut self) -> ServerMsg {
        let cancel = ClientMsg::Cancel { id: self.run };
        self.ws
            .send_text(serde_json::to_string(&cancel).expect("encode"))
            .await;
        self.ws.answer(self.run).await.0
    }
}

fn reply(msg: ServerMsg) -> RoomReply {
    match msg {
        ServerMsg::Reply {
            reply: LabReply::Room(reply),
            ..
        } => reply,
        other => panic!("expected a room reply, got {other:?}"),
    }
}

fn error_code(msg: &ServerMsg) -> Option<ErrorCode> {
    match msg {
        ServerMsg::Error { error, .. } => Some(error.code),
        _ => None,
    }
}

fn members_numbers(members: &[Member]) -> Vec<u32> {
    members.iter().map(|m| m.n).collect()
}

/// Every key of room `code` in Redis.
async fn room_keys(redis: &mut crate::support::Direct, code: &str) -> Vec<String> {
    redis
        .keys(format!("pg:{{room-{code}}}:*"))
        .await
        .expect("KEYS")
}
