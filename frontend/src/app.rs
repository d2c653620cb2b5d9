//! The root component: the router and the app-wide providers (language, socket, presenter mode) around
//! the page layout.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{Header, Notices, PresenterProvider, TracePanel};
use crate::i18n::LangProvider;
use crate::labs::ConsoleDrawer;
use crate::route::{Route, switch};
use crate::ws::WsProvider;

/// The whole playground: header, notices, the routed page with the console drawer under it, and the
/// trace panel.
///
/// The providers sit above the router's `Switch`, so the socket and the trace outlive page changes.
#[component]
pub fn App() -> Html {
    html! {
        <BrowserRouter>
            <LangProvider>
                <WsProvider>
                    <PresenterProvider>
                        <Header />
                        <div class="workspace">
                            <div class="workspace__main">
                                <main id="main" class="main">
                                    <Notices />
                                    <Switch<Route> render={switch} />
                                </main>
                                <ConsoleDrawer />
                            </div>
                            <TracePanel />
                        </div>
                    </PresenterProvider>
                </WsProvider>
            </LangProvider>
        </BrowserRouter>
    }
}
