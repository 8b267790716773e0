"""CSV and Excel downloads of dashboard aggregates (never single answers or notes).

Only what the privacy rules let a view show is exported: the frames come from the already
filtered :class:`~mintqo.dashboards.network.NetworkDashboard` / ``NationalOverview``. A full data
export (JSON) for backup is the backup module's job (``mintqo.io.backup``), not this one's.
"""

from __future__ import annotations

import pandas as pd

from mintqo.dashboards.national import NationalOverview
from mintqo.dashboards.network import NetworkDashboard
from mintqo.formats import EXPORT_DECIMALS
from mintqo.io.tabular import csv_bytes, excel_bytes
from mintqo.questionnaire import load_questionnaire

AREA_NAMES = {a.id: a.name for a in load_questionnaire().areas}
"""Areas by name in files, as on screen (the id "AQ" only where a cell has no room)."""


def profile_table(dashboard: NetworkDashboard) -> pd.DataFrame:
    """The network profile per criterion as readers see it (shown criteria only, German columns)."""
    shown = dashboard.profile[dashboard.profile["shown"]]
    return pd.DataFrame(
        {
            "Kriterium": shown["Kriterium"],
            "Bereich": shown["Bereich"],
            "Initiativen": _counts(shown["n"]),
            # unrounded: the screen shows whole numbers, the files one decimal (rounding once)
            "Mittelwert": shown["mean"],
            "Unteres Quartil": shown["q1"],
            "Median": shown["median"],
            "Oberes Quartil": shown["q3"],
            "Initiativen unter 50": _counts(shown["low_count"]),
        }
    )


def _counts(values: pd.Series) -> pd.Series:
    """Counts as whole numbers in every file ("2", never "2,0")."""
    return pd.to_numeric(values).round().astype("Int64")


def network_frames(dashboard: NetworkDashboard) -> dict[str, pd.DataFrame]:
    """Sheets of a network export: profile per criterion and the comparisons."""
    profile = profile_table(dashboard).round(EXPORT_DECIMALS)
    profile.insert(0, "Netzwerk", dashboard.network)
    comparison = pd.DataFrame(
        {
            "Reihe": dashboard.comparison["series"],
            "Kriterium": dashboard.comparison["Kriterium"],
            "Mittelwert": dashboard.comparison["score"].round(EXPORT_DECIMALS),
            "Initiativen": _counts(dashboard.comparison["n"]),
        }
    )
    return {"Netzwerkprofil": profile, "Vergleich": comparison}


def national_frames(overview: NationalOverview) -> dict[str, pd.DataFrame]:
    """Sheets of the national export: networks × criteria and cohorts × criteria."""
    networks = pd.DataFrame(
        {
            "Netzwerk": overview.heatmap["network"],
            "Kriterium": overview.heatmap["Kriterium"],
            "Bereich": overview.heatmap["area"].map(AREA_NAMES),
            "Mittelwert": overview.heatmap["score"].round(EXPORT_DECIMALS),
            "Initiativen": _counts(overview.heatmap["n"]),
        }
    )
    cohorts = pd.DataFrame(
        {
            "Kohorte": overview.cohorts["series"],
            "Kriterium": overview.cohorts["Kriterium"],
            "Bereich": overview.cohorts["area"].map(AREA_NAMES),
            "Mittelwert": overview.cohorts["score"].round(EXPORT_DECIMALS),
            "Initiativen": _counts(overview.cohorts["n"]),
        }
    )
    return {"Netzwerke": networks, "Kohorten": cohorts}


def csv_of(frames: dict[str, pd.DataFrame]) -> bytes:
    """All sheets in one CSV, with a 'Tabelle' column naming the sheet."""
    parts = [frame.assign(Tabelle=name) for name, frame in frames.items() if len(frame)]
    combined = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if "Tabelle" in combined.columns:
        combined = combined[["Tabelle", *[c for c in combined.columns if c != "Tabelle"]]]
    return csv_bytes(combined)


def excel_of(frames: dict[str, pd.DataFrame]) -> bytes:
    return excel_bytes(frames)
