"""Dashboard aggregates over stored criterion scores, on SQLite and PostgreSQL, with crafted data."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sqlalchemy import Engine

from mintqo import privacy
from mintqo.questionnaire import load_questionnaire
from mintqo.store import aggregates
from mintqo.store.engine import write_session
from mintqo.store.models import (
    Answer,
    Assessment,
    Cohort,
    CriterionNote,
    CriterionScore,
    Initiative,
    Network,
    Project,
)

Q = load_questionnaire()
CRITERIA = [c.id for c in Q.criteria]


class Builder:
    """Writes organisations and rounds with given criterion scores straight into the store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def cohort(self, name: str) -> int:
        with write_session(self.engine) as s:
            c = Cohort(name=name)
            s.add(c)
            s.flush()
            return c.id

    def network(self, name: str, cohort_id: int | None = None) -> int:
        with write_session(self.engine) as s:
            n = Network(name=name, cohort_id=cohort_id)
            s.add(n)
            s.flush()
            return n.id

    def initiative(
        self, network_id: int, name: str, rounds: list[float] | None = None, share: bool = False
    ) -> int:
        """An initiative with one project; each value in ``rounds`` is one submitted round."""
        with write_session(self.engine) as s:
            ini = Initiative(name=name, network_id=network_id, share_named_results=share)
            s.add(ini)
            s.flush()
            project = Project(initiative_id=ini.id, name=f"Projekt von {name}")
            s.add(project)
            s.flush()
            for round_no, value in enumerate(rounds or [], start=1):
                when = dt.datetime(2025, round_no, 10)
                a = Assessment(
                    project_id=project.id,
                    round_no=round_no,
                    questionnaire_version=Q.version,
                    status="submitted",
                    is_latest=round_no == len(rounds or []),
                    started_at=when,
                    updated_at=when,
                    submitted_at=when + dt.timedelta(days=3),
                )
                s.add(a)
                s.flush()
                for cid in CRITERIA:
                    s.add(
                        CriterionScore(
                            assessment_id=a.id, criterion_id=cid, score=value, answered=5
                        )
                    )
                s.add(
                    CriterionNote(assessment_id=a.id, criterion_id=CRITERIA[0], text="GEHEIM-NOTIZ")
                )
            s.flush()
            # Written straight into the store, so keep the derived scores in sync as submit does.
            aggregates.refresh_initiative_scores(s, [ini.id])
            self.project_id = project.id
            return ini.id

    def draft(self, project_id: int, round_no: int, answered: int) -> None:
        with write_session(self.engine) as s:
            a = Assessment(
                project_id=project_id,
                round_no=round_no,
                questionnaire_version=Q.version,
                status="draft",
                started_at=dt.datetime(2025, 3, 1),
                updated_at=dt.datetime(2025, 3, 2),
            )
            s.add(a)
            s.flush()
            for item in Q.items[:answered]:
                s.add(Answer(assessment_id=a.id, item_id=item.id, value=3))


@pytest.fixture
def build(engine: Engine) -> Builder:
    return Builder(engine)


def _no_notes(*frames) -> None:
    for frame in frames:
        assert "GEHEIM-NOTIZ" not in frame.to_csv()


def test_profile_mean_quartiles_over_latest_rounds_only(build: Builder) -> None:
    net = build.network("Netz A")
    values = [20.0, 40.0, 60.0, 80.0, 100.0, 50.0]
    for i, v in enumerate(values):
        # An earlier round with 0 must not count: only the latest submitted round does.
        build.initiative(net, f"Ini {i}", rounds=[0.0, v])
    build.draft(build.project_id, 3, answered=10)
    dash = aggregates.network_dashboard(build.engine, net)
    row = dash.profile.set_index("criterion_id").loc[CRITERIA[0]]
    assert row["shown"] and row["n"] == 6
    assert row["mean"] == pytest.approx(np.mean(values))
    assert row["q1"] == pytest.approx(np.quantile(values, 0.25))
    assert row["q3"] == pytest.approx(np.quantile(values, 0.75))
    assert row["low_count"] == 2  # 20 and 40 are below 50
    assert sorted(
        dash.distribution[dash.distribution["criterion_id"] == CRITERIA[0]]["score"]
    ) == sorted(values)
    assert set(dash.comparison["series"]) == {aggregates.SERIES_NETWORK, aggregates.SERIES_ALL}
    # Trend: round 1 (all zero) and round 2.
    trend = dash.trend[dash.trend["criterion_id"] == CRITERIA[0]].set_index("round_no")["score"]
    assert trend.loc[1] == pytest.approx(0.0) and trend.loc[2] == pytest.approx(np.mean(values))
    _no_notes(dash.profile, dash.distribution, dash.heatmap, dash.comparison, dash.trend)


def test_small_network_is_suppressed_with_reason(build: Builder) -> None:
    net = build.network("Klein")
    for i in range(4):
        build.initiative(net, f"Ini {i}", rounds=[50.0])
    dash = aggregates.network_dashboard(build.engine, net)
    assert not dash.profile["shown"].any()
    assert dash.profile["mean"].isna().all()
    assert privacy.SUPPRESSED_TEXT.lower() in dash.profile["note"].iloc[0].lower()
    assert dash.distribution.empty and dash.comparison.empty and dash.weakest.empty
    assert dash.heatmap.empty and "zu wenige Teilnehmende" in dash.heatmap_note


def test_cohort_minus_one_network_attack_suppresses_cohort(build: Builder) -> None:
    cohort = build.cohort("Durchgang 1")
    other_cohort = build.cohort("Durchgang 2")
    a = build.network("A", cohort)
    b = build.network("B", cohort)  # a single initiative next to A in the cohort
    c = build.network("C", other_cohort)
    for i in range(6):
        build.initiative(a, f"A{i}", rounds=[60.0])
        build.initiative(c, f"C{i}", rounds=[40.0])
    build.initiative(b, "B0", rounds=[10.0])
    dash = aggregates.network_dashboard(build.engine, a)
    assert aggregates.SERIES_COHORT not in set(dash.comparison["series"])
    assert "herausrechnen" in dash.comparison_notes[aggregates.SERIES_COHORT]
    all_row = dash.comparison[dash.comparison["series"] == aggregates.SERIES_ALL].iloc[0]
    assert all_row["n"] == 13
    assert all_row["score"] == pytest.approx((6 * 60 + 6 * 40 + 10) / 13)


def test_named_rows_by_consent_and_anonymous_rows_need_five(build: Builder) -> None:
    net = build.network("N")
    ids = [build.initiative(net, f"Ini {i}", rounds=[10.0 * i], share=i < 2) for i in range(7)]
    named = frozenset(ids[:2])
    dash = aggregates.network_dashboard(build.engine, net, named=named)
    labels = dash.heatmap.drop_duplicates("label")
    assert set(labels[labels["named"]]["label"]) == {"Ini 0", "Ini 1"}
    anon = labels[~labels["named"]]["label"].tolist()
    assert sorted(anon) == [privacy.anonymous_label(i) for i in range(5)]
    # Anonymous rows are ordered by score (highest first), not by id: A is the top score.
    a_score = dash.heatmap[(dash.heatmap["label"] == "Initiative A")]["score"].iloc[0]
    assert a_score == pytest.approx(60.0)
    # Only 5 of 7 are unknown to the coordinator: the profile may be shown (0 or ≥ 5 unknown).
    assert dash.profile["shown"].all()

    # A third consent leaves 4 anonymous: no anonymous rows, and the mean would reveal them.
    named3 = frozenset(ids[:3])
    dash3 = aggregates.network_dashboard(build.engine, net, named=named3)
    assert set(dash3.heatmap["label"]) == {"Ini 0", "Ini 1", "Ini 2"}
    assert "zu wenige Teilnehmende" in dash3.heatmap_note
    assert not dash3.profile["shown"].any()
    # Admins may see everything anyway: only the group size counts for them.
    admin = aggregates.network_dashboard(
        build.engine, net, named=frozenset(ids), named_are_known=False
    )
    assert admin.profile["shown"].all()
    assert set(admin.heatmap["label"]) == {f"Ini {i}" for i in range(7)}


def test_trend_round_that_differs_by_one_from_latest_is_suppressed(build: Builder) -> None:
    net = build.network("T")
    for i in range(6):
        build.initiative(net, f"Zwei {i}", rounds=[30.0, 50.0 + i])
    build.initiative(net, "Eine", rounds=[77.0])  # still on round 1
    dash = aggregates.network_dashboard(build.engine, net)
    assert dash.profile["shown"].all()
    # latest (7) minus round 2 (6) would be the one initiative still on round 1.
    assert 2 not in set(dash.trend["round_no"])
    assert "herausrechnen" in dash.trend_notes[2]
    assert 1 in set(dash.trend["round_no"])


def test_participation_statuses(build: Builder) -> None:
    net = build.network("P")
    build.initiative(net, "Fertig", rounds=[50.0])
    build.initiative(net, "Entwurf")
    build.draft(build.project_id, 1, answered=len(Q.items) // 2)
    with write_session(build.engine) as s:
        s.add(Initiative(name="Ohne Projekt", network_id=net))
    table = aggregates.participation(build.engine, net).set_index("Initiative")
    assert table.loc["Fertig", "Status"] == aggregates.STATUS_SUBMITTED
    assert table.loc["Entwurf", "Status"] == aggregates.STATUS_DRAFT
    assert table.loc["Entwurf", "Fortschritt (%)"] == round(
        100 * (len(Q.items) // 2) / len(Q.items)
    )
    assert table.loc["Ohne Projekt", "Status"] == aggregates.STATUS_NONE
    monthly = aggregates.participation_by_month(build.engine, net)
    assert monthly["Begonnen"].sum() == 2 and monthly["Abgeschickt"].sum() == 1


def test_national_overview_hides_small_networks_and_guards_total(build: Builder) -> None:
    cohort = build.cohort("D1")
    big = [build.network(f"Groß {k}", cohort) for k in range(3)]
    small = build.network("Winzig", cohort)
    for k, net in enumerate(big):
        for i in range(5):
            build.initiative(net, f"G{k}-{i}", rounds=[50.0 + k])
    build.initiative(small, "W", rounds=[99.0])
    overview = aggregates.national_overview(build.engine)
    assert set(overview.networks["network"]) == {"Groß 0", "Groß 1", "Groß 2"}
    assert "Winzig" not in set(overview.heatmap["network"])
    assert overview.hidden_networks == 1
    # Cohort (16) and total (16) would both reveal the one hidden initiative.
    assert overview.cohorts.empty
    assert "herausrechnen" in overview.notes[aggregates.SERIES_ALL]
    # A second small initiative elsewhere does not rescue it; five more do.
    for i in range(5):
        build.initiative(small, f"W{i}", rounds=[10.0])
    overview = aggregates.national_overview(build.engine)
    assert aggregates.SERIES_ALL in set(overview.cohorts["series"])
    assert len(overview.heatmap) == 4 * len(CRITERIA)
    _no_notes(overview.heatmap, overview.cohorts, overview.networks)


def test_exports_contain_aggregates_only(build: Builder) -> None:
    import io

    import pandas as pd

    from mintqo.io import aggregate_export

    net = build.network("=Export")  # a name that would start a spreadsheet formula
    for i in range(5):
        build.initiative(net, f"Ini {i}", rounds=[10.0 * (i + 1)])
    dash = aggregates.network_dashboard(build.engine, net)
    frames = aggregate_export.network_frames(dash)
    csv_text = aggregate_export.csv_of(frames).decode("utf-8-sig")
    assert "GEHEIM-NOTIZ" not in csv_text and "Ini 0" not in csv_text
    assert "'=Export" in csv_text  # neutralised against formula injection
    assert "30,0" in csv_text  # the mean of 10…50, German decimal comma
    workbook = pd.read_excel(io.BytesIO(aggregate_export.excel_of(frames)), sheet_name=None)
    assert set(workbook) == {"Netzwerkprofil", "Vergleich"}
    assert len(workbook["Netzwerkprofil"]) == len(CRITERIA)
    national = aggregate_export.national_frames(aggregates.national_overview(build.engine))
    assert len(national["Netzwerke"]) == len(CRITERIA)
