//! The backend's integration tests: the real server on port 0, a private redis-server per test, and a
//! WebSocket client (or headless Chromium) talking to it as a browser would.

mod acl;
mod bad_input;
mod browser;
mod cache;
mod console;
mod course;
mod course_python;
mod escape;
mod exercise;
mod exercise_lock;
mod faults;
mod fuzz;
mod health;
mod limits;
mod lock;
mod monitor;
mod one_file;
mod ping;
mod procs;
mod pubsub;
mod quiz;
mod ratelimit;
mod ratelimit_more;
mod ratelimit_props;
mod readings;
mod room;
mod session;
mod share;
mod site;
mod slow_motion;
mod slow_reader;
mod soak;
mod startup;
mod support;
mod trace_origin;
