"""How survivor mode looks: calm, roomy and large, with a high-contrast choice on screen.

The style sheet is set on the survivor-mode window only, so the survivor's text size and
contrast choices never leak into the worker's app. Sizes are in points from one base size the
survivor changes with A− / A+; everything else scales from it.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE_POINTS = 20
MIN_POINTS = 16
MAX_POINTS = 36
STEP_POINTS = 2
BUTTON_MIN_HEIGHT = 56


@dataclass(frozen=True)
class SurvivorColours:
    window: str
    surface: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    chosen: str
    rest: str  # the break screen: one plain, soft colour
    focus: str


CALM = SurvivorColours(
    window="#f4f2ee",
    surface="#ffffff",
    text="#24292e",
    muted="#4f5961",
    border="#cfcac1",
    accent="#2f6f73",
    accent_text="#ffffff",
    chosen="#d6e9e8",
    rest="#e6eee8",
    focus="#2f6f73",
)
HIGH_CONTRAST = SurvivorColours(
    window="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#ffffff",
    border="#ffffff",
    accent="#ffff00",
    accent_text="#000000",
    chosen="#0000aa",
    rest="#000000",
    focus="#ffff00",
)


def clamp_points(points: int) -> int:
    return max(MIN_POINTS, min(MAX_POINTS, points))


def survivor_style_sheet(points: int, high_contrast: bool) -> str:
    c = HIGH_CONTRAST if high_contrast else CALM
    p = clamp_points(points)
    small = max(12, round(p * 0.8))
    large = round(p * 1.15)
    stem = round(p * 0.9)
    title = round(p * 1.5)
    border = 3 if high_contrast else 1
    return f"""
* {{ font-size: {p}pt; color: {c.text}; }}
QWidget#survivorMode, QWidget#survivorMode QStackedWidget > QWidget {{ background: {c.window}; }}
QWidget#survivorMode QWidget#restScreen {{ background: {c.rest}; }}
QWidget#survivorMode QFrame#toolbar {{ background: {c.window};
    border-bottom: {border}px solid {c.border}; }}
QLabel {{ background: transparent; }}
QLabel[role="title"] {{ font-size: {title}pt; font-weight: 600; }}
QLabel[role="question"] {{ font-size: {large}pt; font-weight: 600; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="stem"] {{ color: {c.muted}; font-size: {stem}pt; }}
QLabel[role="progress"] {{ color: {c.muted}; font-size: {small}pt; }}
QLabel[role="small"] {{ font-size: {small}pt; color: {c.muted}; }}
QLabel[role="fine"] {{ font-size: {min(small, 13)}pt; color: {c.muted}; }}
QLabel[role="why"] {{ background: {c.surface}; border: {border}px solid {c.border};
    border-radius: 8px; padding: 12px; font-size: {small}pt; }}
QLabel[role="message"] {{ background: {c.surface}; border: {border}px solid {c.accent};
    border-radius: 8px; padding: 12px; }}
QPushButton {{ background: {c.surface}; color: {c.text}; border: {border}px solid {c.border};
    border-radius: 10px; padding: 10px 22px; min-height: {BUTTON_MIN_HEIGHT - 24}px; }}
QPushButton:hover {{ border-color: {c.accent}; }}
QPushButton:focus {{ border: 3px solid {c.focus}; }}
QPushButton:disabled {{ color: {c.muted}; border: {border}px dashed {c.border}; }}
QPushButton[role="option"] {{ text-align: left; padding: 12px 20px; }}
QPushButton[role="option"]:checked {{ background: {c.chosen}; border: 3px solid {c.accent};
    font-weight: 600; }}
QPushButton[primary="true"] {{ background: {c.accent}; color: {c.accent_text};
    border: {border}px solid {c.accent}; font-weight: 600; }}
QPushButton[primary="true"]:focus {{ border: 3px solid {c.text}; }}
QPushButton[role="quiet"] {{ background: transparent; border: {border}px solid transparent;
    color: {c.text}; text-decoration: underline; font-size: {small}pt; padding: 4px 6px;
    text-align: left; }}
QPushButton[role="quiet"]:focus {{ border: 3px solid {c.focus}; }}
QPushButton[role="tool"] {{ font-size: {small}pt; padding: 6px 14px; }}
QPushButton[role="tool"]:checked {{ background: {c.chosen}; border: 3px solid {c.accent}; }}
QPlainTextEdit, QLineEdit {{ background: {c.surface}; color: {c.text};
    border: {max(border, 2)}px solid {c.border}; border-radius: 8px; padding: 10px; }}
QPlainTextEdit:focus, QLineEdit:focus {{ border: 3px solid {c.focus}; }}
QProgressBar {{ background: {c.surface}; border: {border}px solid {c.border}; border-radius: 6px;
    max-height: 12px; min-height: 12px; }}
QProgressBar::chunk {{ background: {c.accent}; border-radius: 5px; }}
QScrollArea {{ background: transparent; border: none; }}
QScrollBar:vertical {{ background: {c.window}; width: 22px; margin: 0; border: none; }}
QScrollBar::handle:vertical {{ background: {c.border}; border-radius: 8px; min-height: 48px;
    margin: 3px; }}
QScrollBar::handle:vertical:hover {{ background: {c.accent}; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
"""
