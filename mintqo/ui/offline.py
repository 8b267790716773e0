"""Placeholder until the reliability work fills it in: Excel template download and upload."""

from __future__ import annotations

from mintqo.access import Actor


def render_offline_exchange(actor: Actor, assessment_id: int) -> None:
    """Download the questionnaire as an Excel template; upload a filled one into the draft."""
    return None
