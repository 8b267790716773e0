"""The team comparison as tables: what the screen, the charts and the PDF show of it. Pure.

Members are columns named as the team knows them (display names; a repeated name gets a
number, so no column hides another). Ratings stay on the 1–5 scale, criterion values on
0–100 like everywhere else. Cells meant to be read are text in German number format ("1,2",
"2–5"), because a spreadsheet-like table would show "1.2" and "2.0"; counts and 0–100 values
stay numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from mintqo.formats import MISSING, number, rounded
from mintqo.questionnaire import Questionnaire
from mintqo.team import CriterionDivergence, Spread, StatementDivergence, TeamComparison

NOT_APPLICABLE_SHORT = "n. z."
"""A rating of "nicht zutreffend" in a table cell (the column header explains it)."""
MEDIAN_SERIES = "Median des Teams"
BAND_LABEL = "Spannweite im Team (niedrigster bis höchster Wert)"
RATINGS_NOTE = (
    "Bewertungen von 1 (trifft nicht zu) bis 5 (trifft voll zu); „n. z.“ = nicht zutreffend, "
    "„–“ = nicht beantwortet."
)


def unique_names(names: Sequence[str]) -> list[str]:
    """Column names for the members: a name that repeats gets its number ("Kim (2)")."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def rating_text(value: int | str | None) -> str:
    """One member's rating as a cell: '4', 'n. z.' or '–' (unanswered)."""
    if value is None:
        return NOT_APPLICABLE_SHORT
    if value == "":
        return MISSING
    return str(value)


def span_text(spread: Spread, decimals: int = 0) -> str:
    """'2–5' (lowest to highest value given), '4' when all agree, '–' without any value."""
    if spread.low is None or spread.high is None:
        return MISSING
    low, high = number(spread.low, decimals), number(spread.high, decimals)
    return low if low == high else f"{low}–{high}"


def _whole(value: float | None) -> int | None:
    return None if value is None else int(rounded(value))


def criteria_table(comparison: TeamComparison, questionnaire: Questionnaire) -> pd.DataFrame:
    """Per criterion: each member's value (0–100), the median, lowest–highest and the
    standard deviation (in questionnaire order)."""
    names = unique_names(comparison.members)
    rows = []
    for c in comparison.criteria:
        row: dict[str, object] = {
            "Bereich": questionnaire.area_by_id[
                questionnaire.criterion_by_id[c.criterion_id].area_id
            ].name,
            "Kriterium": c.name,
        }
        row.update({name: _whole(score) for name, score in zip(names, c.scores, strict=True)})
        row["Median"] = _whole(c.spread.median)
        row["Spannweite"] = span_text(c.spread)
        row["Standardabweichung"] = number(c.spread.std, 0) if c.spread.values else MISSING
        rows.append(row)
    frame = pd.DataFrame(rows)
    for name in [*names, "Median"]:
        frame[name] = frame[name].astype("Int64")
    return frame


def _statement_row(
    s: StatementDivergence, names: list[str], criterion_name: str, rank: int | None = None
) -> dict[str, object]:
    row: dict[str, object] = {} if rank is None else {"Rang": rank}
    row.update({"Kriterium": criterion_name, "Aussage": s.text})
    row.update({name: rating_text(v) for name, v in zip(names, s.ratings, strict=True)})
    row["Median"] = number(s.spread.median, 1) if s.spread.values else MISSING
    row["Spannweite"] = span_text(s.spread)
    row["Standardabweichung"] = number(s.spread.std, 1) if s.spread.values else MISSING
    row["nicht zutreffend"] = s.spread.not_applicable
    return row


def statements_table(
    comparison: TeamComparison,
    questionnaire: Questionnaire,
    statements: Sequence[StatementDivergence] | None = None,
    *,
    ranked: bool = False,
) -> pd.DataFrame:
    """Per statement: each member's rating, median, lowest–highest, standard deviation and
    how many found it not applicable; ``statements`` (default: all, in questionnaire order),
    numbered when ``ranked``."""
    names = unique_names(comparison.members)
    chosen = comparison.statements if statements is None else statements
    rows = [
        _statement_row(
            s,
            names,
            questionnaire.criterion_by_id[s.criterion_id].name,
            n if ranked else None,
        )
        for n, s in enumerate(chosen, start=1)
    ]
    columns = [
        *(["Rang"] if ranked else []),
        "Kriterium",
        "Aussage",
        *names,
        "Median",
        "Spannweite",
        "Standardabweichung",
        "nicht zutreffend",
    ]
    return pd.DataFrame(rows, columns=columns).astype({"nicht zutreffend": "Int64"})


def ratings_line(comparison: TeamComparison, statement: StatementDivergence) -> str:
    """'Lea 5 · Ben 2 · Cem n. z.': who rated how, in one line."""
    names = unique_names(comparison.members)
    return " · ".join(
        f"{name} {rating_text(v)}" for name, v in zip(names, statement.ratings, strict=True)
    )


def criterion_line(comparison: TeamComparison, criterion: CriterionDivergence) -> str:
    """'Lea 75 · Ben 40': each member's value of a criterion (0–100), in one line."""
    names = unique_names(comparison.members)
    return " · ".join(
        f"{name} {MISSING if v is None else number(v, 0)}"
        for name, v in zip(names, criterion.scores, strict=True)
    )


def band_frames(comparison: TeamComparison) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The radar's data: the team's median per criterion as one series, and the band from
    the lowest to the highest member value (criteria without any value are left out)."""
    profiles = pd.DataFrame(
        [
            {"series": MEDIAN_SERIES, "criterion_id": c.criterion_id, "score": c.spread.median}
            for c in comparison.criteria
        ],
        columns=["series", "criterion_id", "score"],
    ).astype({"score": float})
    band = pd.DataFrame(
        [
            {"criterion_id": c.criterion_id, "low": c.spread.low, "high": c.spread.high}
            for c in comparison.criteria
            if c.spread.values
        ],
        columns=["criterion_id", "low", "high"],
    ).astype({"low": float, "high": float})
    return profiles, band


def band_table(comparison: TeamComparison) -> pd.DataFrame:
    """The radar's "Daten anzeigen" table: median, lowest and highest value per criterion."""
    return pd.DataFrame(
        [
            {
                "Kriterium": c.name,
                "Median des Teams": c.spread.median,
                "Niedrigster Wert": c.spread.low,
                "Höchster Wert": c.spread.high,
            }
            for c in comparison.criteria
        ]
    ).astype({"Median des Teams": float, "Niedrigster Wert": float, "Höchster Wert": float})


def spread_frames(
    comparison: TeamComparison, statements: Sequence[StatementDivergence]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The least-consensus chart's data: one row per statement (rank, label, lowest, highest,
    median, not applicable) and one per member's rating of it (member, rating)."""
    names = unique_names(comparison.members)
    rows, points = [], []
    for rank, s in enumerate(statements, start=1):
        na = s.spread.not_applicable
        label = f"{rank}. {s.text}" + (f" ({na}× nicht zutreffend)" if na else "")
        rows.append(
            {
                "rank": rank,
                "label": label,
                "item_id": s.item_id,
                "low": s.spread.low,
                "high": s.spread.high,
                "median": s.spread.median,
                "not_applicable": na,
                "ratings": ratings_line(comparison, s),
            }
        )
        for name, value in zip(names, s.ratings, strict=True):
            if isinstance(value, int):
                points.append({"label": label, "member": name, "rating": value})
    summary = pd.DataFrame(
        rows,
        columns=[
            "rank",
            "label",
            "item_id",
            "low",
            "high",
            "median",
            "not_applicable",
            "ratings",
        ],
    ).astype({"low": float, "high": float, "median": float})
    return summary, pd.DataFrame(points, columns=["label", "member", "rating"])


def disagreement_table(
    comparison: TeamComparison,
    questionnaire: Questionnaire,
    statements: Sequence[StatementDivergence],
    agreed: Mapping[str, int | None],
) -> pd.DataFrame:
    """For the report: where the team disagreed (``statements``, worst first), each with the
    members' ratings, the spread and what the team agreed on."""

    def agreed_text(item_id: str) -> str:
        if item_id not in agreed:
            return MISSING
        value = agreed[item_id]
        return (
            questionnaire.not_applicable_label
            if value is None
            else (f"{value} – {questionnaire.scale_label(value)}")
        )

    return pd.DataFrame(
        [
            {
                "Aussage": s.text,
                "Kriterium": questionnaire.criterion_by_id[s.criterion_id].name,
                "Bewertungen": ratings_line(comparison, s),
                "Spannweite": span_text(s.spread)
                + (f", {s.spread.not_applicable}× n. z." if s.spread.not_applicable else ""),
                "Gemeinsames Ergebnis": agreed_text(s.item_id),
            }
            for s in statements
        ],
        columns=["Aussage", "Kriterium", "Bewertungen", "Spannweite", "Gemeinsames Ergebnis"],
    )
