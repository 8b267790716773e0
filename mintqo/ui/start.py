"""The public start page: what the self-analysis is and how it works."""

from __future__ import annotations

import streamlit as st

from mintqo.questionnaire import load_questionnaire

INTRO = """
Mit der **Selbstanalyse der MINT-Qualitätsoffensive** schauen außerschulische MINT-Initiativen
gemeinsam auf eines ihrer Angebote: Was gelingt schon gut, wo lohnt es sich anzusetzen?
Sie bewerten dazu Aussagen zu zwölf Qualitätskriterien auf einer einheitlichen Skala und
erhalten ein Profil mit Stärken und Verbesserungspotenzialen.
"""

STEPS = """
1. **Vorbereiten** – Projekt anlegen und ein kleines Team zusammenstellen.
2. **Durchführen** – die Aussagen Schritt für Schritt bewerten; alles wird beim Weitergehen
   gespeichert, Sie können jederzeit unterbrechen und später weitermachen.
3. **Nachbereiten** – das Profil im Workshop besprechen und Maßnahmen planen.
"""


def render_start_page() -> None:
    st.title("Selbstanalyse für MINT-Initiativen")
    st.markdown(INTRO)
    questionnaire = load_questionnaire()
    columns = st.columns(len(questionnaire.areas))
    for column, area in zip(columns, questionnaire.areas, strict=True):
        with column:
            st.subheader(area.name)
            st.caption(area.description)
            st.markdown("\n".join(f"- {c.name}" for c in area.criteria))
    st.markdown("#### So funktioniert es")
    st.markdown(STEPS)
    st.caption(
        "Ihre Ergebnisse gehören Ihrer Initiative. Netzwerkkoordinationen sehen Auswertungen "
        "nur zusammengefasst über mindestens fünf Initiativen – namentlich nur mit Ihrer "
        "Zustimmung."
    )
