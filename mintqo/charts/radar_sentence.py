"""The radar in words, for the data table and for screen readers.

A chart alone excludes whoever cannot see it, so every radar on screen comes with this sentence:
the main series' strongest and weakest criteria, how the other series differ, the band's widest
spread and the criteria without a score.
"""

from __future__ import annotations

import pandas as pd

from mintqo.charts.radar_geometry import questionnaire_or_default, series_order
from mintqo.charts.sentences import join_words, name_change, name_value
from mintqo.formats import score, signed
from mintqo.questionnaire import Questionnaire


def radar_sentence(
    profiles: pd.DataFrame,
    band: pd.DataFrame | None = None,
    *,
    questionnaire: Questionnaire | None = None,
    band_label: str = "Mittlere Hälfte des Netzwerks",
) -> str:
    """The radar in words: the first series' strongest and weakest criteria, then each other
    series compared with it (a round: largest rise and fall; a mean: criteria above it), the
    band's widest spread and criteria without a score."""
    q = questionnaire_or_default(questionnaire)
    names = {c.id: c.name for c in q.criteria}
    order = series_order(profiles)
    if not order:
        return "Das Profil enthält noch keine Werte."
    series = {
        label: profiles[profiles["series"].astype(str) == label]
        .set_index("criterion_id")["score"]
        .dropna()
        for label in order
    }
    main_label, main = order[0], series[order[0]]
    if main.empty:
        return f"{main_label}: noch keine Kriterien mit Wert."
    parts = [
        f"{main_label} – stärkstes Kriterium: {name_value(names[main.idxmax()], main.max())}; "
        f"schwächstes: {name_value(names[main.idxmin()], main.min())}."
    ]
    for label in order[1:]:
        other = series[label]
        common = main.index.intersection(other.index)
        if common.empty:
            continue
        diff = (main[common] - other[common]).astype(float)
        if label.startswith("Runde"):
            rise, fall = diff[diff.round(0) > 0], diff[diff.round(0) < 0]
            text = f"Gegenüber {label}"
            changes = []
            if len(rise):
                changes.append(
                    f"am stärksten verbessert: {name_change(names[rise.idxmax()], rise.max())}"
                )
            if len(fall):
                changes.append(
                    f"am stärksten gesunken: {name_change(names[fall.idxmin()], fall.min())}"
                )
            parts.append(f"{text} {'; '.join(changes)}." if changes else f"{text} unverändert.")
        else:
            above = int((diff.round(0) > 0).sum())
            widest = diff.abs().idxmax()
            parts.append(
                f"Über „{label}“ liegen {above} von {len(common)} Kriterien; der größte Abstand "
                f"ist bei {names[widest]} ({signed(diff[widest])})."
            )
    if band is not None and not band.empty:
        spread = (
            band.set_index("criterion_id")["high"] - band.set_index("criterion_id")["low"]
        ).dropna()
        if len(spread):
            widest = spread.idxmax()
            low, high = band.set_index("criterion_id").loc[widest, ["low", "high"]]
            parts.append(
                f"{band_label}: am weitesten auseinander bei {names[widest]} "
                f"({score(low)} bis {score(high)})."
            )
    missing = [names[c.id] for c in q.criteria if c.id not in main.index]
    if missing:
        parts.append(f"Ohne Bewertung: {join_words(missing)}.")
    return " ".join(parts)
