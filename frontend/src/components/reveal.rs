//! Bringing a lab's status line into view when a run starts, so it is watched from its first event.

/// Scrolls the element `id` (a lab's status line, with the explanation and the visual under it) to the
/// top of the view when it is out of sight or low on the screen.
/// Presenter mode leaves the page as it is: its stage keeps the status and the visual in view.
pub fn reveal(id: &str) {
    let document = gloo::utils::document();
    let presenting = document.query_selector(".app.presenter").ok().flatten();
    let Some(status) = document
        .get_element_by_id(id)
        .filter(|_| presenting.is_none())
    else {
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
