"""The baseline for time to first paint: a bare Textual app with a Header, a Label and a Footer."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Label


class BareApp(App[None]):
    TITLE = "netjournal"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("A bare Textual app.")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
