//! Pages that are not labs.
//!
//! - [`home`]: the introduction and a card per lab.
//! - [`not_found`]: any unknown URL.

pub mod home;
pub mod not_found;

pub use home::Home;
pub use not_found::NotFound;
