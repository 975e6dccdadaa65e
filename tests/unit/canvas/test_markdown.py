"""The mission canvas's markdown (bot/canvas/markdown.py): whatever people type is inert in it, as the
stand-in checks canvas markdown."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.canvas.markdown import inert
from sandbox.canvases import markdown_problems


@given(st.text())
def test_user_text_is_inert_in_canvas_markdown(text):
    shown = inert(text)
    assert "\n" not in shown and not markdown_problems(shown)
    for special in "[]<>|`*_~!#&":
        assert all(
            shown[i - 1] == "\\"
            for i, c in enumerate(shown)
            if c == special and i and not (shown[i - 1] == "\\" and i > 1 and shown[i - 2] == "\\")
        )
