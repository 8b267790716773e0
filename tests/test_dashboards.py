"""Dashboards through the use-case layer, on SQLite and PostgreSQL, with crafted data: numbers,
suppression with German reasons, named rows by consent, participation, the national picture."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import Engine

from mintqo import privacy
from mintqo.dashboards.network import SERIES_ALL, SERIES_COHORT, SERIES_NETWORK
from mintqo.services import dashboards, initiative
from mintqo.services.errors import NotAllowed
from mintqo.store.engine import write_session
from mintqo.store.models import Initiative
from tests.builders import CRITERIA, SECRET_NOTE, Builder, Q


@pytest.fixture
def build(engine: Engine) -> Builder:
    return Builder(engine)


def _no_notes(*frames) -> None:
    for frame in frames:
        assert SECRET_NOTE not in frame.to_csv()


def _dash(build: Builder, network_id: int, actor=None):
    build.release()
    actor = actor or build.coordinator(network_id)
    return dashboards.network_view(build.engine, actor, network_id).dashboard


def test_profile_mean_quartiles_over_latest_rounds_only(build: Builder) -> None:
    net = build.network("Netz A")
    values = [20.0, 40.0, 60.0, 80.0, 100.0, 50.0]
    for i, v in enumerate(values):
        # An earlier round (0) must not count in the profile: only the latest round does.
        build.initiative(net, f"Ini {i}", rounds=[0.0, v])
    build.draft(build.project_id, 3, answered=10)
    dash = _dash(build, net)
    row = dash.profile.set_index("criterion_id").loc[CRITERIA[0]]
    assert row["shown"] and row["n"] == 6
    assert row["mean"] == pytest.approx(np.mean(values))
    assert row["q1"] == pytest.approx(np.quantile(values, 0.25))
    assert row["q3"] == pytest.approx(np.quantile(values, 0.75))
    assert row["low_count"] == 2  # 20 and 40 are below 50
    shown = dash.distribution[dash.distribution["criterion_id"] == CRITERIA[0]]["score"]
    assert sorted(shown) == sorted(values)
    assert set(dash.comparison["series"]) == {SERIES_NETWORK, SERIES_ALL}
    trend = dash.trend[dash.trend["criterion_id"] == CRITERIA[0]].set_index("round_no")["score"]
    assert trend.loc[1] == pytest.approx(0.0) and trend.loc[2] == pytest.approx(np.mean(values))
    _no_notes(dash.profile, dash.distribution, dash.heatmap, dash.comparison, dash.trend)


def test_small_network_is_suppressed_with_reason(build: Builder) -> None:
    net = build.network("Klein")
    for i in range(4):
        build.initiative(net, f"Ini {i}", rounds=[50.0])
    dash = _dash(build, net)
    assert not dash.profile["shown"].any()
    assert dash.profile["mean"].isna().all()
    assert dash.distribution.empty and dash.comparison.empty and dash.weakest.empty


def test_cohort_minus_one_network_attack_suppresses_cohort(build: Builder) -> None:
    cohort = build.cohort("Durchgang 1")
    other_cohort = build.cohort("Durchgang 2")
    a = build.network("A", cohort)
    b = build.network("B", cohort)
    c = build.network("C", other_cohort)
    for i in range(6):
        build.initiative(a, f"A{i}", rounds=[60.0])
        build.initiative(c, f"C{i}", rounds=[40.0])
    # B: five initiatives, released together; A + B in the cohort would reveal nothing, but
    # only if B's block is big enough. Here B has five, so the cohort is shown.
    for i in range(5):
        build.initiative(b, f"B{i}", rounds=[10.0])
    dash = _dash(build, a)
    cohort_row = dash.comparison[dash.comparison["series"] == SERIES_COHORT].iloc[0]
    assert cohort_row["n"] == 11
    all_row = dash.comparison[dash.comparison["series"] == SERIES_ALL].iloc[0]
    assert all_row["n"] == 17
    assert all_row["score"] == pytest.approx((6 * 60 + 6 * 40 + 5 * 10) / 17)


def test_named_rows_only_by_consent_and_never_anonymous(build: Builder) -> None:
    """Issue 12, leak 6: single initiatives appear only by name (consent), never as
    'Initiative A' rows; the profile needs 0 or ≥ 5 initiatives the viewer does not know."""
    net = build.network("N")
    ids = [build.initiative(net, f"Ini {i}", rounds=[10.0 * i], share=i < 2) for i in range(7)]
    coordinator = build.coordinator(net)
    dash = _dash(build, net, coordinator)
    assert set(dash.heatmap["label"]) == {"Ini 0", "Ini 1"}
    assert dash.heatmap["named"].all()
    assert "5 Initiativen erscheinen" in dash.heatmap_note
    assert dash.profile["shown"].all()  # five unknown to the coordinator

    initiative_view = build.user("ini-2", "initiative", initiative_id=ids[2])
    initiative.set_consent(build.engine, initiative_view, True)
    dash3 = dashboards.network_view(build.engine, coordinator, net).dashboard
    assert set(dash3.heatmap["label"]) == {"Ini 0", "Ini 1", "Ini 2"}
    assert not dash3.profile["shown"].any()  # four unknown ones would be revealed
    # The programme team sees the network's picture but no initiative by name.
    admin = _dash(build, net, build.admin())
    assert admin.heatmap.empty and admin.profile["shown"].all()


def test_trend_round_that_differs_by_one_from_latest_is_suppressed(build: Builder) -> None:
    net = build.network("T")
    for i in range(6):
        build.initiative(net, f"Zwei {i}", rounds=[30.0, 50.0 + i])
    build.initiative(net, "Eine", rounds=[77.0])  # still on round 1
    dash = _dash(build, net)
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
    rows = {
        r.initiative: r
        for r in dashboards.participation_rows(build.engine, build.coordinator(net), net).rows
    }
    assert rows["Fertig"].status == "submitted" and rows["Fertig"].submitted_rounds == 1
    assert rows["Entwurf"].status == "draft"
    assert rows["Entwurf"].progress == round(100 * (len(Q.items) // 2) / len(Q.items))
    assert rows["Ohne Projekt"].status == "none"


def test_only_its_coordinator_and_the_programme_team_open_a_network(build: Builder) -> None:
    mine, other = build.network("Meins"), build.network("Anderes")
    coordinator = build.coordinator(mine)
    assert dashboards.networks_for(build.engine, coordinator) == [(mine, "Meins")]
    with pytest.raises(NotAllowed):
        dashboards.network_view(build.engine, coordinator, other)
    with pytest.raises(NotAllowed):
        dashboards.participation_rows(build.engine, coordinator, other)
    initiative = build.user("ini", "initiative", initiative_id=build.initiative(mine, "I"))
    with pytest.raises(NotAllowed):
        dashboards.network_view(build.engine, initiative, mine)


def test_national_overview_hides_small_networks_and_guards_total(build: Builder) -> None:
    cohort = build.cohort("D1")
    big = [build.network(f"Groß {k}", cohort) for k in range(3)]
    small = build.network("Winzig", cohort)
    for k, net in enumerate(big):
        for i in range(5):
            build.initiative(net, f"G{k}-{i}", rounds=[50.0 + k])
    admin = build.admin()
    build.release()
    overview = dashboards.national_view(build.engine, admin).overview
    assert set(overview.networks["network"]) == {"Groß 0", "Groß 1", "Groß 2"}
    assert overview.hidden_networks == 1
    for i in range(5):
        build.initiative(small, f"W{i}", rounds=[10.0])
    build.release()
    overview = dashboards.national_view(build.engine, admin).overview
    assert SERIES_ALL in set(overview.cohorts["series"])
    assert len(overview.heatmap) == 4 * len(CRITERIA)
    _no_notes(overview.heatmap, overview.cohorts, overview.networks)
    with pytest.raises(NotAllowed):
        dashboards.national_view(build.engine, build.coordinator(small))


def test_exports_contain_aggregates_only(build: Builder) -> None:
    import io

    import pandas as pd

    from mintqo.io import aggregate_export

    net = build.network("=Export")  # a name that would start a spreadsheet formula
    for i in range(5):
        build.initiative(net, f"Ini {i}", rounds=[10.0 * (i + 1)])
    dash = _dash(build, net)
    frames = aggregate_export.network_frames(dash)
    csv_text = aggregate_export.csv_of(frames).decode("utf-8-sig")
    assert SECRET_NOTE not in csv_text and "Ini 0" not in csv_text
    assert "'=Export" in csv_text  # neutralised against formula injection
    assert "30,0" in csv_text  # the mean of 10…50, German decimal comma
    workbook = pd.read_excel(io.BytesIO(aggregate_export.excel_of(frames)), sheet_name=None)
    assert set(workbook) == {"Netzwerkprofil", "Vergleich"}
    assert len(workbook["Netzwerkprofil"]) == len(CRITERIA)


def test_minimum_group_size_constant_is_five() -> None:
    assert privacy.MIN_GROUP_SIZE == 5
