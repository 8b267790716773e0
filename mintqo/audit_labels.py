"""German names for the audit log's stored keys: actions, targets, actors and role words.

Pure: used by "Verwaltung → Protokoll" and by the self-service data export, so both say the
same thing in the same words.
"""

from __future__ import annotations

import re

# German names of the audit log's actions and targets (the log stores stable English keys).
ACTION_LABELS = {
    "buddy.accept": "Buddy-Anfrage angenommen",
    "buddy.decline": "Buddy-Anfrage abgelehnt",
    "buddy.end": "Buddy-Partnerschaft beendet",
    "buddy.request": "Buddy-Partnerschaft angefragt",
    "cohort.create": "Kohorte angelegt",
    "cohort.rename": "Kohorte umbenannt",
    "initiative.delete": "Initiative gelöscht (DSGVO)",
    "initiative.share_named_results": "Namentliche Freigabe der Ergebnisse geändert",
    "invitation.create": "Einladungscode erstellt",
    "invitation.redeem": "Einladungscode eingelöst",
    "invitation.revoke": "Einladungscode zurückgezogen",
    "member.leave": "Mitglied hat die Initiative verlassen",
    "network.archive": "Netzwerk archiviert",
    "network.assign_cohort": "Netzwerk einer Kohorte zugeordnet",
    "network.create": "Netzwerk angelegt",
    "network.rename": "Netzwerk umbenannt",
    "network.unarchive": "Netzwerk wieder aktiviert",
    "org.import": "Netzwerke und Initiativen importiert",
    "password.reset": "Passwort zurückgesetzt",
    "recovery_code.renew": "Wiederherstellungscode erneuert",
    "reset.revoke": "Rücksetzcode zurückgezogen",
    "reset_code.create": "Rücksetzcode erstellt",
    "user.create": "Benutzerkonto angelegt",
    "user.disable": "Benutzerkonto deaktiviert",
    "user.enable": "Benutzerkonto aktiviert",
    "user.role": "Rolle geändert",
    "user.unlock": "Anmeldesperre aufgehoben",
}
TARGET_LABELS = {
    "user": "Benutzerkonto",
    "network": "Netzwerk Nr.",
    "initiative": "Initiative Nr.",
    "cohort": "Kohorte Nr.",
    "code": "Code Nr.",
}
ACTOR_LABELS = {"cli": "Kommandozeile", "system": "System"}
_ROLE_WORDS = {
    "admin": "Programmteam",
    "coordinator": "Netzwerkkoordination",
    "initiative": "Initiative",
    "None": "–",
    "an": "an",
    "aus": "aus",
}
_WORD = re.compile(r"\b(admin|coordinator|initiative|None)\b")


def action_label(action: str) -> str:
    """'invitation.redeem' → 'Einladungscode eingelöst'; unknown keys stay readable as they are."""
    return ACTION_LABELS.get(action, action)


def target_label(target: str) -> str:
    """'network:1' → 'Netzwerk Nr. 1', 'user:kim' → 'Benutzerkonto kim', 'csv' → 'CSV-Datei'."""
    kind, _, rest = target.partition(":")
    if not rest:
        return "CSV-Datei" if target == "csv" else target
    return f"{TARGET_LABELS.get(kind, kind)} {rest}"


def detail_label(detail: str | None) -> str:
    """Role keys and empty values in a detail in German ('coordinator' → 'Netzwerkkoordination')."""
    if not detail:
        return ""
    return _WORD.sub(lambda m: _ROLE_WORDS[m.group(1)], detail)
