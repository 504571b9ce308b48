"""The second lock on what a build copies from content/ (plugins/published_files): what
Pelican collected is checked again, whatever the content checks let through."""

from __future__ import annotations

from pathlib import Path

import pytest
from published_files.published_files import refusal


@pytest.fixture
def content(tmp_path: Path) -> Path:
    for name in ("images/photo.png", "pages/logo.svg", "images/logo.svg", "_headers"):
        (tmp_path / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / name).write_bytes(b"x")
    (tmp_path / "secret.png").write_bytes(b"x")
    return tmp_path / "content"


def test_a_picture_in_the_images_folder_is_copied(content):
    assert refusal(content / "images/photo.png", "images/photo.png", content, ["images"]) is None


@pytest.mark.parametrize(
    ("name", "save_as", "why"),
    [
        ("pages/logo.svg", "pages/logo.svg", "only files in content/images/ are published"),
        ("images/logo.svg", "images/logo.svg", "only pictures"),
        ("_headers", "_headers", "only files in content/images/ are published"),
        ("../secret.png", "../secret.png", "only files in content/images/ are published"),
        ("images/photo.png", "theme/css/photo.png", "where the theme's own files go"),
        ("images/photo.png", "../photo.png", "where the theme's own files go"),
    ],
)
def test_anything_else_is_refused(content, name, save_as, why):
    assert why in refusal(content / name, save_as, content, ["images"])


def test_a_symbolic_link_is_refused_even_to_a_picture(content):
    (content / "images/linked.png").symlink_to(content / "images/photo.png")
    assert "symbolic link" in refusal(content / "images/linked.png", "x.png", content, ["images"])
