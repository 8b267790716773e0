"""The profile as a PDF report: radar chart image, area scores, strengths, potentials,
weakest statements, action plan and impact staircase.

The radar is rendered to PNG with vl-convert (no browser needed). Text uses DejaVu Sans when
the font is installed (full Unicode); otherwise the PDF core font with text reduced to Latin-1.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc
from fpdf import FPDF

from mintqo.profile import Profile, scores_table

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
_LATIN1_FALLBACK = str.maketrans(
    {"–": "-", "—": "-", "„": '"', "“": '"', "”": '"', "’": "'", "…": "...", "·": "-", "✓": "x"}
)


def _criterion_lines(pdf: _Report, lines: list) -> None:
    """Name, area and score in bold, then the criterion's explanation."""
    for line in lines:
        pdf.set_font(pdf.family, "B", 10)
        pdf.multi_cell(
            0,
            5,
            pdf.t(f"{line.name} ({line.area_name}): {line.score:.0f}"),
            new_x="LMARGIN",
            align="L",
            new_y="NEXT",
        )
        pdf.para(line.explanation, 9)
        pdf.ln(1)


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    return vlc.vegalite_to_png(chart.to_json(), scale=scale)


class _Report(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.report_title = title
        self.unicode = False
        for directory in FONT_DIRS:
            regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
            if regular.exists() and bold.exists():
                self.add_font("DejaVu", "", str(regular))
                self.add_font("DejaVu", "B", str(bold))
                self.unicode = True
                break
        self.family = "DejaVu" if self.unicode else "Helvetica"
        self.set_auto_page_break(True, margin=15)
        self.set_margins(15, 15, 15)

    def t(self, text: str) -> str:
        if self.unicode:
            return text
        return text.translate(_LATIN1_FALLBACK).encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(120)
        self.cell(0, 5, self.t(f"{self.report_title} · Seite {self.page_no()}"), align="C")
        self.set_text_color(0)

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(2)
        self.set_font(self.family, "B", size)
        self.multi_cell(0, 7, self.t(text), new_x="LMARGIN", new_y="NEXT", align="L")
        self.set_font(self.family, "", 10)

    def para(self, text: str, size: int = 10) -> None:
        self.set_font(self.family, "", size)
        self.multi_cell(0, 5, self.t(text), new_x="LMARGIN", new_y="NEXT", align="L")

    def table(self, frame: pd.DataFrame, widths: tuple[int, ...] | None = None) -> None:
        self.set_font(self.family, "", 9)
        with super().table(
            col_widths=widths, text_align="LEFT", line_height=5, first_row_as_headings=True
        ) as table:
            table.row([self.t(str(c)) for c in frame.columns])
            for values in frame.itertuples(index=False):
                table.row(["" if pd.isna(v) else self.t(str(v)) for v in values])
        self.ln(2)


def build_report(
    *,
    project_name: str,
    initiative_name: str,
    round_no: int,
    submitted_at: dt.datetime | None,
    profile: Profile,
    radar: alt.TopLevelMixin,
    actions: pd.DataFrame,
    staircase: pd.DataFrame,
    created: dt.date | None = None,
) -> bytes:
    """The PDF bytes. ``actions`` as from ``action_plan.actions_frame``; ``staircase`` as from
    ``impact.load_staircase``."""
    created = created or dt.date.today()
    q = profile.questionnaire
    pdf = _Report(f"Selbstanalyse {project_name}")
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 16)
    pdf.multi_cell(
        0,
        8,
        pdf.t(f"Profil der Selbstanalyse: {project_name}"),
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    when = submitted_at.strftime("%d.%m.%Y") if submitted_at else "–"
    pdf.para(
        f"{initiative_name} · Runde {round_no}, abgeschlossen am {when} · "
        f"erstellt am {created.strftime('%d.%m.%Y')}",
        9,
    )
    pdf.image(io.BytesIO(chart_png(radar)), x=pdf.l_margin, w=pdf.epw)
    pdf.heading("Werte der Qualitätsbereiche (0–100)")
    cells = []
    for area in q.areas:
        score = profile.area_scores.get(area.id)
        cells.append(f"{area.name}: {'–' if score is None else f'{score:.0f}'}")
    pdf.para("   ·   ".join(cells), 11)

    pdf.add_page()
    pdf.heading("Stärken")
    _criterion_lines(pdf, profile.strengths)
    pdf.heading("Verbesserungspotenziale")
    _criterion_lines(pdf, profile.potentials)
    pdf.heading("Die fünf am niedrigsten bewerteten Aussagen", 11)
    pdf.table(
        pd.DataFrame(
            [
                {"Kriterium": s.criterion_name, "Aussage": s.text, "Bewertung": s.value_label}
                for s in profile.weakest_statements
            ],
            columns=["Kriterium", "Aussage", "Bewertung"],
        ),
        (45, 100, 35),
    )
    pdf.heading("Alle Kriterien", 11)
    pdf.table(scores_table(profile).fillna("–"))
    pdf.heading("Maßnahmenplan")
    if actions.empty:
        pdf.para("Noch keine Maßnahmen geplant.")
    else:
        pdf.table(actions, (40, 70, 25, 22, 23))
    pdf.heading("Wirkungstreppe")
    pdf.table(
        pd.DataFrame(
            {
                "Stufe": staircase["step"].astype(str) + ". " + staircase["label"],
                "Ebene": staircase["level"],
                "Nachweis": staircase["evidence"].fillna("nicht erfasst"),
                "Indikator": staircase["indicator"],
            }
        ),
        (70, 22, 28, 60),
    )
    return bytes(pdf.output())
