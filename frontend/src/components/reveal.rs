//! Bringing a lab's status line into view when a run starts, so it is watched from its first event.

/// Scrolls the element `id` (a lab's status line, with the explanation and the visual under it) to the
/// top of the view when it is out of sight or low on the screen.
pub fn reveal(id: &str) {
    let Some(status) = gloo::utils::document().get_element_by_id(id) else {
        return;
    };
    let top = status.get_bounding_client_rect().top();
    let height = gloo::utils::window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or_default();
    if top < 0.0 || top > height * 0.4 {
        status.scroll_into_view();
    }
}
