"""The profile as a PDF report: key figures, radar chart image, strengths and potentials on
the first page; weakest statements, all criteria, action plan and impact staircase after it.

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

from mintqo.charts.staircase import staircase_table
from mintqo.formats import local_date, score, signed
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
            pdf.t(f"{line.name} ({line.area_name}): {score(line.score)}"),
            new_x="LMARGIN",
            align="L",
            new_y="NEXT",
        )
        pdf.para(line.explanation, 9)
        pdf.ln(1)


def _key_figures(pdf: _Report, profile: Profile) -> None:
    """The three area scores as large figures, and how many criteria have a score."""
    q = profile.questionnaire
    pdf.ln(3)
    width = pdf.epw / len(q.areas)
    top = pdf.get_y()
    for n, area in enumerate(q.areas):
        x = pdf.l_margin + n * width
        pdf.set_xy(x, top)
        pdf.set_font(pdf.family, "", 9)
        pdf.cell(width - 4, 5, pdf.t(area.name), new_x="LEFT", new_y="NEXT")
        pdf.set_font(pdf.family, "B", 22)
        pdf.cell(width - 4, 10, pdf.t(score(profile.area_scores.get(area.id))), new_x="LEFT")
    pdf.set_xy(pdf.l_margin, top + 16)
    scored = sum(1 for v in profile.criterion_scores.values() if v is not None)
    pdf.para(
        f"Werte von 0 bis 100 · {scored} von {len(q.criteria)} Kriterien bewertet "
        "(ein Kriterium ohne Wert hatte zu wenige Bewertungen).",
        9,
    )


def _scores_for_print(profile: Profile) -> pd.DataFrame:
    """The criterion table with whole numbers and "–" instead of empty cells."""
    table = scores_table(profile)
    for column in table.columns[2:]:
        if column == "Veränderung":
            table[column] = table[column].map(signed)
        else:
            table[column] = table[column].map(score)
    return table


def _disagreements(pdf: _Report, table: pd.DataFrame) -> None:
    """A team round: the statements the team disagreed on most, and what it agreed on."""
    pdf.heading("Wo wir uns uneinig waren", 11)
    if table.empty:
        pdf.para("Das Team war sich bei allen Aussagen einig.", 9)
        return
    pdf.para(
        "Diese Runde hat das Team gemeinsam bewertet: jede Person zuerst für sich, dann wurde "
        "ein gemeinsames Ergebnis festgelegt. Die Aussagen, bei denen die Bewertungen am "
        "weitesten auseinanderlagen (1 = trifft nicht zu … 5 = trifft voll zu, n. z. = nicht "
        "zutreffend), und worauf sich das Team geeinigt hat. Im Radar zeigt das Band die "
        "Spannweite des Teams je Kriterium.",
        9,
    )
    pdf.table(table, (50, 34, 38, 24, 34))


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """The chart as a PNG. Its own size counts here: in the app the width comes from the
    column ("fit-x"), an image has no column, so it is laid out with padding around its size."""
    spec = chart.to_dict()
    spec["autosize"] = {"type": "pad", "contains": "padding"}
    return vlc.vegalite_to_png(spec, scale=scale)


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
    disagreements: pd.DataFrame | None = None,
) -> bytes:
    """The PDF bytes. ``actions`` as from ``action_plan.actions_frame``; ``staircase`` as from
    ``impact.load_staircase``; ``disagreements`` (a team round's, as from
    :func:`mintqo.team_frames.disagreement_table`) adds "Wo wir uns uneinig waren"."""
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
    when = local_date(submitted_at) if submitted_at else "–"
    pdf.para(
        f"{initiative_name} · Runde {round_no}, abgeschlossen am {when} · "
        f"erstellt am {local_date(created)} · Fragebogen-Version {q.version}",
        9,
    )
    _key_figures(pdf, profile)
    # The radar beside the strengths would be too small to read: it gets the page's width
    # below the key figures, at a height that leaves room for the strengths on page 1.
    image_width = pdf.epw * 0.78
    pdf.image(
        io.BytesIO(chart_png(radar)), x=pdf.l_margin + (pdf.epw - image_width) / 2, w=image_width
    )
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
    if disagreements is not None:
        _disagreements(pdf, disagreements)
    pdf.heading("Alle Kriterien", 11)
    table = _scores_for_print(profile)
    pdf.table(table, (40, 80, 30, 30) if table.shape[1] == 4 else (45, 95, 40))
    pdf.heading("Maßnahmenplan")
    if actions.empty:
        pdf.para("Noch keine Maßnahmen geplant.")
    else:
        pdf.table(actions, (40, 70, 25, 22, 23))
    pdf.heading("Wirkungstreppe")
    steps = staircase_table(staircase)
    pdf.table(
        pd.DataFrame(
            {
                "Stufe": steps["Stufe"].astype(str) + ". " + steps["Beschreibung"],
                "Ebene": steps["Ebene"],
                "Nachweis": steps["Nachweis"],
                "Indikator": steps["Indikator"],
            }
        ),
        (70, 22, 28, 60),
    )
    return bytes(pdf.output())
