"""Calm themes: a soft neutral palette, one accent colour, red only for real risk flags.

Sizes follow the system font: the style sheet sets no absolute font sizes, only relative
weights, and headings scale from the application font.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from survivorapp.paths import config_dir, ensure_private_dir


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    window: str
    surface: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    selection: str
    risk: str
    banner: str
    banner_text: str


THEMES: dict[str, Theme] = {
    "light": Theme(
        "light",
        "Light",
        "#f4f2ee",
        "#ffffff",
        "#24292e",
        "#5c6670",
        "#d7d3cc",
        "#2f6f73",
        "#ffffff",
        "#d6e9e8",
        "#b3261e",
        "#fdf3d8",
        "#4d3b00",
    ),
    "dark": Theme(
        "dark",
        "Dark",
        "#1e2124",
        "#272b2f",
        "#e6e4df",
        "#a7adb3",
        "#3b4147",
        "#6fb3b6",
        "#10201f",
        "#2c4a4b",
        "#ff8a80",
        "#3d3423",
        "#f3e3b5",
    ),
    "high_contrast": Theme(
        "high_contrast",
        "High contrast",
        "#000000",
        "#000000",
        "#ffffff",
        "#ffffff",
        "#ffffff",
        "#ffff00",
        "#000000",
        "#0000aa",
        "#ff6e6e",
        "#000000",
        "#ffff00",
    ),
}
DEFAULT_THEME = "light"


ARROW = {
    "up": "M1 7 L6 2 L11 7",
    "down": "M1 2 L6 7 L11 2",
}


def arrow_files(t: Theme) -> dict[str, str]:
    """Small arrow images in the theme's text colour, for spin boxes and drop-downs.

    Style sheets cannot colour Qt's own arrows, and without a style sheet Fusion draws spin
    boxes' frames from the window colour, which is invisible in high contrast. The files hold
    only two paths and a colour; they live with the preferences, never with case data.
    """
    folder = ensure_private_dir(config_dir() / "theme")
    paths = {}
    for name, path in ARROW.items():
        target = folder / f"{name}-{t.text.lstrip('#')}.svg"
        if not target.exists():
            target.write_text(
                '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="9" '
                f'viewBox="0 0 12 9"><path d="{path}" fill="none" stroke="{t.text}" '
                'stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>',
                encoding="utf-8",
            )
            os.chmod(target, 0o600)  # owner-only like every file the app writes
        paths[name] = target.as_posix()
    return paths


def style_sheet(t: Theme) -> str:
    """The whole application's style sheet: input fields, the window's surfaces, check marks."""
    return _field_rules(t) + _surface_rules(t) + _indicator_rules(t)


def _field_rules(t: Theme) -> str:
    """Spin boxes, date edits and combo boxes, with arrows drawn in the theme's text colour."""
    arrows = arrow_files(t)
    return f"""
QAbstractSpinBox {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 4px;
    padding: 3px 22px 3px 6px;
}}
QAbstractSpinBox:focus {{ border: 2px solid {t.accent}; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{
    subcontrol-origin: border; width: 20px; border: none; background: transparent;
}}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; }}
QAbstractSpinBox::up-arrow {{ image: url({arrows["up"]}); width: 10px; height: 8px; }}
QAbstractSpinBox::down-arrow, QComboBox::down-arrow, QDateEdit::down-arrow {{
    image: url({arrows["down"]}); width: 10px; height: 8px;
}}
QDateEdit::drop-down, QComboBox::drop-down {{
    subcontrol-origin: border; subcontrol-position: center right; width: 22px; border: none;
}}
"""


def _surface_rules(t: Theme) -> str:
    """Windows, cards, lists, buttons, labels by role, navigation and the privacy curtain."""
    return f"""QWidget {{ color: {t.text}; }}
QMainWindow, QDialog, QStackedWidget > QWidget {{ background: {t.window}; }}
QFrame#card, QTableView, QListView, QTreeView, QTextEdit, QPlainTextEdit {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 6px;
}}
QLineEdit, QComboBox {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 4px; padding: 4px 6px;
}}
QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus, QTextEdit:focus,
QTableView:focus, QListView:focus {{
    border: 2px solid {t.accent};
}}
QPushButton {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 4px;
    padding: 6px 14px;
}}
QPushButton:focus {{ border: 2px solid {t.accent}; }}
QPushButton[primary="true"] {{
    background: {t.accent}; color: {t.accent_text}; border: 1px solid {t.accent};
    font-weight: 600;
}}
QPushButton:disabled {{ color: {t.muted}; border-style: dashed; }}
QPushButton[primary="true"]:disabled {{
    background: transparent; color: {t.muted}; border: 1px dashed {t.muted};
}}
QLabel[role="muted"] {{ color: {t.muted}; }}
QLabel[role="heading"] {{ font-weight: 600; }}
QLabel[role="risk"] {{ color: {t.risk}; font-weight: 600; }}
QLabel[role="message"] {{ color: {t.text}; background: {t.banner}; padding: 8px;
    border-radius: 4px; }}
QFrame#demoBanner {{ background: {t.banner}; border: 1px solid {t.border}; border-radius: 6px; }}
QFrame#demoBanner QLabel {{ color: {t.banner_text}; }}
QListWidget#navigation {{ background: {t.surface}; border: none; border-right: 1px solid {t.border};
    padding-top: 8px; }}
QListWidget#navigation::item {{ padding: 8px 16px; }}
QListWidget#navigation::item:selected {{ background: {t.selection}; color: {t.text};
    border-left: 3px solid {t.accent}; }}
QHeaderView::section {{ background: {t.window}; border: none; border-bottom: 1px solid {t.border};
    padding: 4px 6px; font-weight: 600; }}
QTableView {{ selection-background-color: {t.selection}; selection-color: {t.text};
    gridline-color: {t.border}; }}
QStatusBar {{ color: {t.muted}; }}
QWidget#curtain {{ background: {t.window}; }}
"""


def _indicator_rules(t: Theme) -> str:
    """Check boxes and radio buttons drawn plainly, so they show in every theme."""
    return f"""
QCheckBox::indicator, QRadioButton::indicator, QListView::indicator {{
    width: 14px; height: 14px; border: 1px solid {t.muted}; background: {t.surface};
}}
QRadioButton::indicator {{ border-radius: 8px; }}
QListView::indicator {{ margin-left: 3px; }}
QCheckBox::indicator:checked, QListView::indicator:checked {{
    background: {t.accent}; border: 1px solid {t.accent};
    image: none;
}}
QRadioButton::indicator:checked {{ background: {t.accent}; border: 3px solid {t.surface};
    outline: 1px solid {t.accent}; }}
QCheckBox::indicator:focus, QRadioButton::indicator:focus {{ border: 2px solid {t.accent}; }}
"""


def palette_for(t: Theme) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: t.window,
        QPalette.ColorRole.WindowText: t.text,
        QPalette.ColorRole.Base: t.surface,
        QPalette.ColorRole.AlternateBase: t.window,
        QPalette.ColorRole.Text: t.text,
        QPalette.ColorRole.Button: t.surface,
        QPalette.ColorRole.ButtonText: t.text,
        QPalette.ColorRole.Highlight: t.selection,
        QPalette.ColorRole.HighlightedText: t.text,
        QPalette.ColorRole.PlaceholderText: t.muted,
        QPalette.ColorRole.ToolTipBase: t.surface,
        QPalette.ColorRole.ToolTipText: t.text,
        QPalette.ColorRole.Link: t.accent,
        # Fusion draws frames and bevels (spin boxes, date edits) from these.
        QPalette.ColorRole.Light: t.surface,
        QPalette.ColorRole.Midlight: t.border,
        QPalette.ColorRole.Mid: t.border,
        QPalette.ColorRole.Dark: t.muted,
        QPalette.ColorRole.Shadow: t.border,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    return p


def apply_theme(app: QApplication, name: str) -> Theme:
    theme = THEMES.get(name, THEMES[DEFAULT_THEME])
    app.setStyle("Fusion")
    app.setPalette(palette_for(theme))
    app.setStyleSheet(style_sheet(theme))
    return theme


def heading_font(widget: QWidget, scale: float = 1.5) -> QFont:
    """A heading that grows with the system font rather than a fixed size."""
    font = QFont(widget.font())
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * scale)
    font.setWeight(QFont.Weight.DemiBold)
    return font
