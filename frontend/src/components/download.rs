//! Offering text the page made (a trace file, an exported SVG) as a download.

use gloo::file::{Blob, ObjectUrl};
use gloo::timers::callback::Timeout;
use web_sys::HtmlElement;
use web_sys::wasm_bindgen::JsCast;

/// How long a saved file's object URL is kept before it is revoked; the download has started by then.
const DOWNLOAD_URL_MS: u32 = 10_000;

/// Offers `text` of type `mime` as a download named `name`.
pub fn save(name: &str, mime: &str, text: &str) {
    let url = ObjectUrl::from(Blob::new_with_options(text, Some(mime)));
    let link = gloo::utils::document()
        .create_element("a")
        .ok()
        .and_then(|element| element.dyn_into::<HtmlElement>().ok());
    if let Some(link) = link {
        // Attributes of a detached <a> cannot fail to be set.
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", name);
        link.click();
    }
    // Revoking the URL at once could cancel the download before the browser read it.
    Timeout::new(DOWNLOAD_URL_MS, move || drop(url)).forget();
}
