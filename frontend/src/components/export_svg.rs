//! "Export SVG": the visual on screen as one standalone `.svg` file for slides. Every `<svg>` under the
//! visual's container is copied where it sits, with the computed styles that draw it inlined (the
//! stylesheets stay behind), on the page's background colour.

use web_sys::wasm_bindgen::JsCast;
use web_sys::{Element, XmlSerializer};
use yew::prelude::*;

use crate::components::download::save;
use crate::i18n::{Text, use_lang};

/// The style properties an SVG needs to look as it does on the page.
const PROPERTIES: [&str; 18] = [
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "shape-rendering",
    "opacity",
    "display",
    "visibility",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
];

/// Props of [`ExportSvg`].
#[derive(Properties, PartialEq)]
pub struct ExportSvgProps {
    /// CSS selector of the element holding the visual's `<svg>` elements.
    pub target: AttrValue,
    /// The file name offered, e.g. `lock.svg`.
    pub name: AttrValue,
}

/// A button that downloads the visual under `target` as an SVG file. The last file's text is kept in a
/// hidden `<output>`, so a test can read what was produced.
#[component]
pub fn ExportSvg(props: &ExportSvgProps) -> Html {
    let lang = use_lang();
    let last = use_state(String::new);
    let onclick = {
        let (target, name, last) = (props.target.clone(), props.name.clone(), last.clone());
        Callback::from(move |_: MouseEvent| {
            let container = gloo::utils::document()
                .query_selector(&target)
                .ok()
                .flatten();
            if let Some(text) = container.and_then(|c| standalone_svg(&c)) {
                save(&name, "image/svg+xml", &text);
                last.set(text);
            }
        })
    };
    html! {
        <>
            <button type="button" class="button button--quiet" data-testid="export-svg" {onclick}>
                { lang.t(Text::ExportSvg) }
            </button>
            <output hidden=true data-testid="export-svg-last">{ (*last).clone() }</output>
        </>
    }
}

/// The `<svg>` elements under `container` as one SVG document, or `None` when none is drawn.
fn standalone_svg(container: &Element) -> Option<String> {
    let origin = container.get_bounding_client_rect();
    let found = container.query_selector_all("svg").ok()?;
    let serializer = XmlSerializer::new().ok()?;
    let (mut width, mut height, mut parts) = (0f64, 0f64, String::new());
    for i in 0..found.length() {
        let Some(svg) = found.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        // An <svg> inside another is copied with its parent.
        let nested = svg
            .parent_element()
            .and_then(|p| p.closest("svg").ok().flatten())
            .is_some();
        let rect = svg.get_bounding_client_rect();
        if nested || rect.width() == 0.0 || rect.height() == 0.0 {
            continue;
        }
        let Some(copy) = svg
            .clone_node_with_deep(true)
            .ok()
            .and_then(|n| n.dyn_into::<Element>().ok())
        else {
            continue;
        };
        inline_styles(&svg, &copy);
        let (x, y) = (rect.left() - origin.left(), rect.top() - origin.top());
        for (attribute, value) in [
            ("x", x),
            ("y", y),
            ("width", rect.width()),
            ("height", rect.height()),
        ] {
            let _ = copy.set_attribute(attribute, &format!("{value:.1}"));
        }
        parts.push_str(&serializer.serialize_to_string(&copy).ok()?);
        width = width.max(x + rect.width());
        height = height.max(y + rect.height());
    }
    if parts.is_empty() {
        return None;
    }
    let background = computed(container, "background-color")
        .filter(|c| c != "rgba(0, 0, 0, 0)")
        .or_else(|| computed(&gloo::utils::body(), "background-color"))
        .unwrap_or_else(|| "white".into());
    Some(format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}"><rect width="100%" height="100%" fill="{background}"/>{parts}</svg>"#
    ))
}

/// Copies the computed [`PROPERTIES`] of `original` and its descendants onto `copy`'s, element by
/// element (a deep clone has the same elements in the same order).
fn inline_styles(original: &Element, copy: &Element) {
    let pairs = |root: &Element| {
        let mut all = vec![root.clone()];
        if let Ok(list) = root.query_selector_all("*") {
            all.extend((0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()));
        }
        all
    };
    for (from, to) in pairs(original).iter().zip(pairs(copy)) {
        let style: String = PROPERTIES
            .iter()
            .filter_map(|&p| computed(from, p).map(|v| format!("{p}:{v};")))
            .collect();
        let _ = to.set_attribute("style", &style);
        let _ = to.remove_attribute("class");
    }
}

/// `element`'s computed value of `property`, when it has one.
fn computed(element: &Element, property: &str) -> Option<String> {
    let style = gloo::utils::window().get_computed_style(element).ok()??;
    style
        .get_property_value(property)
        .ok()
        .filter(|v| !v.is_empty())
}
