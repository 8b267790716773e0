"""The workshop handout (PDF, 2–4 A4 pages) the coordination prints or sends after workshop 2.

Page by page: the network profile (radar and table), the topics for the workshop with each
criterion's explanation and practice example from the questionnaire, the impact-staircase
overview, and room to write down the agreed next steps.

Built only from a :class:`~mintqo.services.workshop.WorkshopDeck`, i.e. from what the use
case let this viewer see: what the privacy rules hold back on screen is held back here, with the
same German reason. The tables are the ones the screen shows (:func:`profile_table`,
:func:`topics_table`, :func:`staircase_overview_table`), with 0–100 values as whole numbers
(:func:`mintqo.formats.score`), so the paper and the projector show the same numbers.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from fpdf import FPDF

from mintqo.charts.radar import radar_chart
from mintqo.charts.slide_topics import staircase_overview_table, topics_table
from mintqo.dashboards.criteria import LOW_SCORE
from mintqo.dashboards.network import SERIES_NETWORK
from mintqo.formats import local_date, score
from mintqo.io.aggregate_export import profile_table
from mintqo.io.report_pdf import _Report, chart_png
from mintqo.questionnaire import load_questionnaire
from mintqo.services.workshop import WorkshopDeck, release_status

TOPICS = 4
"""As many topics as the slide shows (the dashboard's ``WEAKEST_SHOWN``)."""
BAND_LABEL = "Mittlere Hälfte des Netzwerks"
STEP_ROWS = 12
LOW = f"unter {LOW_SCORE:.0f}"


class _Handout(_Report):
    def note(self, text: str) -> None:
        """A suppressed aggregate's reason, in grey (what the screen shows instead)."""
        self.set_text_color(90)
        self.para(text, 9)
        self.set_text_color(0)

    def grid(self, frame: pd.DataFrame, size: int = 8, wide: int = 0) -> None:
        """A table in ``size`` pt whose columns are as wide as their longest value (headers
        may wrap between words, never inside one); column number ``wide`` takes the rest."""
        cells = frame.astype(str).map(self.t)
        widths = []
        for n, column in enumerate(cells.columns):
            if n == wide:
                widths.append(0.0)
                continue
            self.set_font(self.family, "B", size)
            head = max(self.get_string_width(w) for w in self.t(str(column)).split())
            self.set_font(self.family, "", size)
            body = max((self.get_string_width(v) for v in cells[column]), default=0)
            widths.append(max(head, body) + 3)
        widths[wide] = self.epw - sum(widths)
        self.set_font(self.family, "", size)
        with FPDF.table(
            self,
            col_widths=tuple(widths),
            text_align="LEFT",
            line_height=4.4,
            first_row_as_headings=True,
        ) as table:
            table.row([self.t(str(c)) for c in frame.columns])
            for values in cells.itertuples(index=False):
                table.row(list(values))
        self.ln(2)

    def room_for(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def labelled(self, label: str, text: str) -> None:
        self.set_font(self.family, "B", 9)
        self.write(4.6, self.t(f"{label}: "))
        self.set_font(self.family, "", 9)
        self.write(4.6, self.t(text))
        self.ln(6)


def _whole(frame: pd.DataFrame) -> pd.DataFrame:
    """0–100 values as the screen shows them (whole numbers), counts as they are."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_float_dtype(shown[column].dtype):
            shown[column] = shown[column].map(score)
    return shown


def _profile(pdf: _Handout, deck: WorkshopDeck) -> None:
    dash = deck.view.dashboard
    pdf.heading("Netzwerkprofil")
    if not dash.has_profile:
        pdf.note(dash.profile["note"].iloc[0] if len(dash.profile) else "")
        return
    shown = dash.profile[dash.profile["shown"]]
    profiles = pd.DataFrame(
        {"series": SERIES_NETWORK, "criterion_id": shown["criterion_id"], "score": shown["mean"]}
    )
    band = pd.DataFrame(
        {"criterion_id": shown["criterion_id"], "low": shown["q1"], "high": shown["q3"]}
    )
    pdf.para(
        "Mittelwerte über die jeweils letzte abgeschickte Runde jedes Projekts (0–100); das "
        f"goldene Band („{BAND_LABEL}“) reicht vom unteren bis zum oberen Quartil.",
        9,
    )
    width = pdf.epw * 0.52
    radar = radar_chart(profiles, band, size=380, band_label=BAND_LABEL)
    pdf.image(io.BytesIO(chart_png(radar)), x=pdf.l_margin + (pdf.epw - width) / 2, w=width)
    hidden = dash.profile[~dash.profile["shown"]]
    if len(hidden):
        pdf.note(f"Nicht gezeigt: {', '.join(hidden['Kriterium'])}. {hidden['note'].iloc[0]}")
    table = _whole(profile_table(dash)).rename(columns={"Initiativen unter 50": LOW})
    pdf.grid(table)


def _topics(pdf: _Handout, deck: WorkshopDeck) -> None:
    dash = deck.view.dashboard
    pdf.heading("Themen für den Workshop")
    if dash.weakest.empty:
        pdf.note(dash.profile["note"].iloc[0] if len(dash.profile) else "")
        return
    pdf.para(
        "Die Kriterien mit den niedrigsten Mittelwerten im Netzwerk, und wie viele Initiativen "
        f"dort {LOW} von 100 liegen – mit der Erklärung und einem Praxisbeispiel aus dem "
        "Fragebogen als Anstoß für das Gespräch.",
        9,
    )
    q = load_questionnaire()
    by_name = {c.name: c for c in q.criteria}
    topics = topics_table(dash.weakest, TOPICS)
    for n, row in enumerate(topics.itertuples(index=False), 1):
        criterion = by_name[row.Kriterium]
        low, total = int(row[3]), int(row[4])
        pdf.set_font(pdf.family, "B", 10)
        pdf.multi_cell(
            0,
            5.5,
            pdf.t(
                f"{n}. {row.Kriterium} ({row.Bereich}): Mittelwert {score(row.Mittelwert)} · "
                f"{low} von {total} Initiativen {LOW}"
            ),
            new_x="LMARGIN",
            new_y="NEXT",
            align="L",
        )
        pdf.ln(1)
        pdf.labelled("Worum es geht", criterion.explanation)
        pdf.labelled("Praxisbeispiel", criterion.example)
        pdf.ln(1)


def _staircase(pdf: _Handout, deck: WorkshopDeck) -> None:
    overview = deck.staircase
    pdf.heading("Wirkungstreppe im Netzwerk")
    if not overview.shown:
        pdf.note(overview.note)
        return
    pdf.para(
        f"Wie viele der {overview.initiatives} Initiativen mit veröffentlichter Wirkungstreppe "
        "jede Stufe mit Nachweis „ja“, „teilweise“ oder „nein“ berichten. Stufen 1–3 sind "
        "Output, 4–6 Outcome, 7 Impact; Wirkung im engeren Sinn beginnt ab Stufe 4.",
        9,
    )
    table = staircase_overview_table(overview.steps)
    table = table.rename(columns={"Initiativen mit Wirkungstreppe": "von"})  # said above
    order = ["Stufe", "Beschreibung", "Ebene", "ja", "teilweise", "nein", "von"]
    pdf.grid(table[order], size=9, wide=1)


def _next_steps(pdf: _Handout) -> None:
    pdf.room_for(30 + 10 * (STEP_ROWS + 1))
    pdf.heading("Vereinbarte nächste Schritte")
    pdf.para("Was haben wir vereinbart, wer kümmert sich darum, bis wann?", 9)
    pdf.set_font(pdf.family, "", 9)
    with FPDF.table(  # the plain fpdf2 table: empty rows to write into
        pdf, col_widths=(100, 45, 35), text_align="LEFT", line_height=10, first_row_as_headings=True
    ) as table:
        table.row([pdf.t("Was wir tun"), "Wer", "Bis wann"])
        for _ in range(STEP_ROWS):
            table.row(["", "", ""])


def build_handout(deck: WorkshopDeck, *, created: dt.date | None = None) -> bytes:
    """The handout's PDF bytes for the network of ``deck``."""
    created = created or dt.date.today()
    dash = deck.view.dashboard
    pdf = _Handout(f"Workshop-Handout {dash.network}")
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 16)
    pdf.multi_cell(
        0, 8, pdf.t(f"Workshop-Handout: {dash.network}"), new_x="LMARGIN", new_y="NEXT", align="L"
    )
    taken = deck.participation
    pdf.para(
        f"{release_status(deck.view.release)} · erstellt am {local_date(created)} · "
        f"Fragebogen-Version {load_questionnaire().version}",
        9,
    )
    pdf.para(
        f"{taken.submitted} von {taken.initiatives} Initiativen haben abgeschickt, "
        f"{dash.submitted} davon sind in der Auswertung. Alle Zahlen sind Gruppenergebnisse "
        "ohne Namen; was zu wenige Initiativen umfasst, wird nicht gezeigt.",
        9,
    )
    _profile(pdf, deck)
    pdf.add_page()
    _topics(pdf, deck)
    _staircase(pdf, deck)
    _next_steps(pdf)
    return bytes(pdf.output())
