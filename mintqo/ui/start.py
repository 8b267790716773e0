"""The public start page: what the self-analysis is and how it works, also in Leichte Sprache.

The Leichte-Sprache summary follows the usual rules (short sentences, one statement each,
everyday words, long words split with a hyphen, no abbreviations) so that people who read with
difficulty learn what the tool is for before they log in.
"""

from __future__ import annotations

import streamlit as st

from mintqo.questionnaire import load_questionnaire

INTRO = """
Mit der **Selbstanalyse der MINT-Qualitätsoffensive** schauen außerschulische MINT-Initiativen
gemeinsam auf eines ihrer Angebote: Was gelingt schon gut, wo lohnt es sich anzusetzen?
Sie bewerten dazu Aussagen zu zwölf Qualitätskriterien auf einer einheitlichen Skala und
erhalten ein Profil mit Stärken und Verbesserungspotenzialen.
"""

EASY_READ_TITLE = "mintqo in Leichter Sprache"
EASY_READ = """
- mintqo ist ein Angebot im Internet.
- mintqo ist für Gruppen, die Kindern und Jugendlichen Technik und Natur-Wissenschaften
  zeigen. Zum Beispiel ein Schüler-Labor oder ein Verein.
- Die Gruppe beantwortet Fragen zu einem ihrer Angebote.
- Danach sieht die Gruppe: Das machen wir schon gut. Das können wir noch besser machen.
- Dann kann die Gruppe planen: Was wollen wir ändern?
- Die Antworten gehören der Gruppe. Andere sehen die Antworten nicht.
- Sie brauchen eine Einladung. Die Einladung bekommen Sie von Ihrem MINT-Netzwerk.
"""

STEPS = """
1. **Vorbereiten** – Projekt anlegen und ein kleines Team zusammenstellen.
2. **Durchführen** – die Aussagen Schritt für Schritt bewerten; jede Bewertung und jede Notiz
   wird sofort gespeichert, Sie können jederzeit unterbrechen und später weitermachen.
3. **Nachbereiten** – das Profil im Workshop besprechen und Maßnahmen planen.
"""


def render_start_page() -> None:
    # No heading anchors: each would add a tab stop named "Link to heading" (in English).
    st.title("Selbstanalyse für MINT-Initiativen", anchor=False)
    st.markdown(INTRO)
    with st.container(border=True, key="easy-read"):
        st.header(EASY_READ_TITLE, anchor=False)
        st.markdown(EASY_READ)
    questionnaire = load_questionnaire()
    columns = st.columns(len(questionnaire.areas))
    for column, area in zip(columns, questionnaire.areas, strict=True):
        with column:
            st.subheader(area.name, anchor=False)
            st.caption(area.description)
            st.markdown("\n".join(f"- {c.name}" for c in area.criteria))
    st.markdown("#### So funktioniert es")
    st.markdown(STEPS)
    st.caption(
        "Ihre Ergebnisse gehören Ihrer Initiative. Netzwerkkoordinationen sehen Auswertungen "
        "nur zusammengefasst über mindestens fünf Initiativen – namentlich nur mit Ihrer "
        "Zustimmung."
    )
