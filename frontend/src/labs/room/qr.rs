//! The join link as a QR code, drawn by the `qrcode` crate as SVG: a phone's camera opens the room
//! without anyone typing the code.

use qrcode::QrCode;
use qrcode::render::svg;
use yew::prelude::*;

/// The `<svg>` element of `text`'s QR code, dark modules on white with the standard quiet zone, or
/// `None` when the text is too long for any QR version.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let image = code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build();
    // The XML declaration has no place inside an HTML document.
    let at = image.find("<svg")?;
    Some(image[at..].to_owned())
}

/// Props of [`Qr`].
#[derive(Properties, PartialEq)]
pub struct QrProps {
    /// What the code encodes.
    pub text: AttrValue,
    /// Its accessible name.
    pub label: AttrValue,
}

/// The QR code of `text`.
#[component]
pub fn Qr(props: &QrProps) -> Html {
    let image = use_memo(props.text.clone(), |text| svg(text));
    let Some(image) = (*image).clone() else {
        return Html::default();
    };
    html! {
        <div class="room-qr" data-testid="room-qr" role="img" aria-label={props.label.clone()}>
            // The markup is the crate's own output for our link: rectangles and a path, nothing typed by
            // a user.
            { Html::from_html_unchecked(AttrValue::from(image)) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_link_becomes_one_svg_element() {
        let image = svg("http://192.168.1.20:8080/room/ABCD2345").expect("fits a QR code");
        assert!(image.starts_with("<svg"), "{}", &image[..40]);
        assert!(image.trim_end().ends_with("</svg>"));
        assert!(image.contains("fill=\"#000000\""));
        assert!(!image.contains("<?xml"));
    }

    #[test]
    fn a_text_too_long_for_any_version_has_no_code() {
        assert!(svg(&"x".repeat(8_000)).is_none());
    }
}
