//! Entry point of the Wasm binary: mounts [`frontend::App`] on the page's `<body>`.

fn main() {
    yew::Renderer::<frontend::App>::new().render();
}
