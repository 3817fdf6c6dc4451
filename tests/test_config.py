"""settings.toml: read without pydantic (it is read before the app's first frame), every
value of the wrong kind one line naming it, unknown keys left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentor_tui.config import Settings, load_settings, remember_server_login, save_settings


def _load(tmp_path: Path, text: str) -> tuple[Settings, str | None]:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    return load_settings(path)


def test_every_setting_is_read(tmp_path: Path) -> None:
    settings, warning = _load(
        tmp_path,
        'theme = "nord"\nscreen_reader = true\nanimations = false\n'
        'server = "https://mentors.example.org"\nlast_user = "ada"\n'
        '[keymap]\n"search.focus" = "ctrl+f"\n',
    )
    assert warning is None
    assert settings == Settings(
        theme="nord",
        screen_reader=True,
        animations=False,
        server="https://mentors.example.org",
        last_user="ada",
        keymap={"search.focus": "ctrl+f"},
    )


def test_unknown_keys_are_ignored(tmp_path: Path) -> None:
    """A newer version's setting doesn't make an older one throw the file away."""
    settings, warning = _load(tmp_path, 'theme = "nord"\nfuture_thing = 3\n[other]\na = 1\n')
    assert warning is None and settings.theme == "nord"


@pytest.mark.parametrize(
    ("text", "named", "advice"),
    [
        ("server = 5\n", "'server'", "should be text, in quotes"),
        ("theme = true\n", "'theme'", "should be text, in quotes"),
        ('screen_reader = "yes"\n', "'screen_reader'", "should be true or false"),
        ("animations = 1\n", "'animations'", "should be true or false"),
        ('keymap = "ctrl+f"\n', "'keymap'", "should be a table ([keymap])"),
        ('[keymap]\n"search.focus" = 3\n', "'keymap.search.focus'", "should be text"),
    ],
)
def test_a_value_of_the_wrong_kind_is_one_line_and_defaults_are_used(
    tmp_path: Path, text: str, named: str, advice: str
) -> None:
    settings, warning = _load(tmp_path, text)
    assert settings == Settings()
    assert warning is not None and "\n" not in warning
    assert warning.startswith(f"{tmp_path / 'settings.toml'}: {named} {advice}")
    assert warning.endswith("using default settings.")


def test_saved_settings_read_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings = Settings(theme="gruvbox", animations=False, keymap={'odd "key"': "ctrl+\\"})
    save_settings(settings, path)
    assert load_settings(path) == (settings, None)
    assert path.stat().st_mode & 0o077 == 0


def test_remembering_a_server_keeps_the_other_settings(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    save_settings(Settings(theme="nord", keymap={"app.search": "ctrl+f"}), path)
    assert remember_server_login("https://m.example.org", "ada", path) is None
    settings, _ = load_settings(path)
    assert (settings.server, settings.last_user, settings.theme) == (
        "https://m.example.org",
        "ada",
        "nord",
    )
    assert settings.keymap == {"app.search": "ctrl+f"}
