"""The README screenshot command writes every SVG, from the demo journal, where it is told."""

from netjournal.screenshots import SHOTS, main


def test_the_screenshot_command_writes_every_svg(tmp_path, capsys):
    out = tmp_path / "shots"
    assert main(["--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.svg" for name in SHOTS)
    for name in SHOTS:
        svg = (out / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    insights = (out / "insights.svg").read_text(encoding="utf-8").replace("&#160;", " ")
    assert "You showed up to 12 events. 11 this year." in insights
    events = (out / "events.svg").read_text(encoding="utf-8").replace("&#160;", " ")
    assert "Local-first software conference" in events
    assert capsys.readouterr().err == ""
