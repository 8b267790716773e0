"""The impact staircase ('Wirkungstreppe') of a project: evidence and indicator per step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, delete, insert, select

from mintqo.errors import UserError
from mintqo.store import releases
from mintqo.store.engine import Check, read_session, write_session
from mintqo.store.models import EVIDENCE_LEVELS, ImpactStep, Initiative, Project, utcnow
from mintqo.validation import InvalidInput, clean_text

INDICATOR_MAX_CHARS = 500


@dataclass(frozen=True)
class StairStep:
    step: int
    level: str  # Output / Outcome / Impact
    label: str


STEPS: tuple[StairStep, ...] = (
    StairStep(1, "Output", "Aktivitäten finden wie geplant statt"),
    StairStep(2, "Output", "Zielgruppen werden erreicht"),
    StairStep(3, "Output", "Zielgruppen nehmen das Angebot an"),
    StairStep(4, "Outcome", "Zielgruppen verändern Bewusstsein oder Fähigkeiten"),
    StairStep(5, "Outcome", "Zielgruppen verändern ihr Handeln"),
    StairStep(6, "Outcome", "Lebenssituation der Zielgruppen verändert sich"),
    StairStep(7, "Impact", "Gesellschaft verändert sich"),
)


class ImpactError(UserError):
    pass


def load_staircase(engine: Engine, project_id: int) -> pd.DataFrame:
    """Seven rows (step 1–7): step, level, label, evidence (None if not recorded), indicator."""
    with read_session(engine) as s:
        stored = {
            r.step: r
            for r in s.execute(
                select(ImpactStep.step, ImpactStep.evidence, ImpactStep.indicator).where(
                    ImpactStep.project_id == project_id
                )
            )
        }
    return pd.DataFrame(
        [
            {
                "step": st.step,
                "level": st.level,
                "label": st.label,
                "evidence": stored[st.step].evidence if st.step in stored else None,
                "indicator": stored[st.step].indicator if st.step in stored else "",
            }
            for st in STEPS
        ]
    )


def save_staircase(
    engine: Engine,
    project_id: int,
    steps: Mapping[int, tuple[str | None, str]],
    check: Check | None = None,
) -> None:
    """Replace the recorded steps: ``{step: (evidence or None, indicator)}``; None clears a step."""
    rows = []
    for step, (evidence, indicator) in steps.items():
        if step not in range(1, 8):
            raise ImpactError(f"Stufe {step} gibt es nicht.")
        try:
            indicator = clean_text(
                indicator, f"Der Indikator von Stufe {step}", max_chars=INDICATOR_MAX_CHARS
            )
        except InvalidInput as exc:
            raise ImpactError(str(exc)) from exc
        if evidence is None:
            if indicator:
                raise ImpactError(f"Stufe {step}: bitte wählen Sie ja, teilweise oder nein.")
            continue
        if evidence not in EVIDENCE_LEVELS:
            raise ImpactError(f"Unbekannte Angabe {evidence!r}.")
        rows.append(
            {
                "project_id": project_id,
                "step": step,
                "evidence": evidence,
                "indicator": indicator,
                "updated_at": utcnow(),
            }
        )
    with write_session(engine, check) as s:
        s.execute(
            delete(ImpactStep).where(
                ImpactStep.project_id == project_id, ImpactStep.step.in_(list(steps))
            )
        )
        if rows:
            s.execute(insert(ImpactStep), rows)
        # The network's staircase overview shows it with the next release (store/releases.py).
        owner = s.execute(
            select(Initiative.id, Initiative.network_id)
            .join(Project, Project.initiative_id == Initiative.id)
            .where(Project.id == project_id)
        ).first()
        if owner is not None:
            releases.mark_changed(s, owner.id)
            releases.release_if_due(s, owner.network_id)
