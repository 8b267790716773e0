"""Plausible German names for synthetic networks, initiatives and projects.

Drawn from a seeded ``random.Random``, so the same seed gives the same names; a number is added
only when the combinations run out (at national scale).
"""

from __future__ import annotations

import random

_REGIONS = (
    "Nordheide",
    "Oberrhein",
    "Bergisches Land",
    "Westpfalz",
    "Uckermark",
    "Allgäu",
    "Ostfriesland",
    "Vogtland",
    "Mittelhessen",
    "Bodensee",
    "Altmark",
    "Lausitz",
    "Eifel",
    "Münsterland",
    "Harz",
    "Spreewald",
    "Emsland",
    "Saarpfalz",
    "Oberlausitz",
    "Wetterau",
    "Hohenlohe",
    "Rhön",
    "Sauerland",
    "Ostholstein",
    "Chiemgau",
    "Prignitz",
    "Hunsrück",
    "Weserbergland",
    "Erzgebirge",
    "Taunus",
    "Kraichgau",
    "Elbe-Weser",
    "Fichtelgebirge",
    "Vorpommern",
    "Niederrhein",
    "Schwarzwald-Baar",
    "Oderland",
    "Ortenau",
    "Steigerwald",
    "Westerwald",
    "Lippe",
    "Mecklenburgische Seenplatte",
    "Donau-Ries",
    "Ostalb",
    "Wendland",
)
_NETWORK_KINDS = ("MINT-Region", "MINT-Netzwerk", "MINT-Cluster")
_TOWNS = (
    "Lindenau",
    "Birkenfeld",
    "Eichstetten",
    "Ahornberg",
    "Weidenthal",
    "Buchholz",
    "Tannhausen",
    "Erlenbach",
    "Haselünne",
    "Kirchrode",
    "Mühlheim",
    "Seefeld",
    "Steinbach",
    "Wiesental",
    "Brunnhof",
    "Rosental",
    "Feldkirch",
    "Waldau",
    "Neuhaus",
    "Bergheim",
    "Altdorf",
    "Hochfeld",
)
_INITIATIVE_KINDS = (
    "Robotik-AG",
    "Schülerlabor",
    "Science Center",
    "Coding Club",
    "Forscherwerkstatt",
    "MINT-Förderverein",
    "Makerspace",
    "Jugendtechnikschule",
    "Sternwarte",
    "Naturforscher-Club",
    "Technikmuseum",
    "Mathe-Zirkel",
    "Umweltbildungszentrum",
    "Hackerspace für Jugendliche",
)
_LEGAL_FORMS = ("e.V.", "gGmbH", "", "", "e.V.")
PROJECT_NAMES = (
    "Roboter bauen für Einsteiger:innen",
    "Ferienakademie Chemie",
    "Programmieren mit Calliope",
    "Mädchen-Technik-Tag",
    "Forschen im Bach",
    "Sternenkunde am Abend",
    "3D-Druck-Werkstatt",
    "Mathe-Olympiade-Training",
    "Energie-Detektive",
    "Elektronik-Löt-Kurs",
    "Klimaforschung für Schulklassen",
    "Tüftelnachmittag Grundschule",
    "App-Entwicklung AG",
    "Bionik-Projektwoche",
    "Drohnen-Workshop",
    "Experimentierkoffer-Ausleihe",
)


def network_names(rng: random.Random, n: int) -> list[str]:
    """``n`` different network names (kind and region), with a lap number once all are used."""
    names: list[str] = []
    regions = list(_REGIONS)
    rng.shuffle(regions)
    i = 0
    while len(names) < n:
        kind = _NETWORK_KINDS[(i // len(regions)) % len(_NETWORK_KINDS)]
        lap = i // (len(regions) * len(_NETWORK_KINDS))
        name = f"{kind} {regions[i % len(regions)]}" + (f" {lap + 1}" if lap else "")
        names.append(name)
        i += 1
    return names


def initiative_names(rng: random.Random, n: int) -> list[str]:
    """``n`` different plausible names (kind, town, legal form); a number only when the
    combinations run out (at national scale)."""
    names: list[str] = []
    seen: set[str] = set()
    for index in range(n):
        for _ in range(40):
            kind, town = rng.choice(_INITIATIVE_KINDS), rng.choice(_TOWNS)
            name = f"{kind} {town} {rng.choice(_LEGAL_FORMS)}".strip()
            if name not in seen:
                break
        else:
            name = f"{kind} {town} {index + 1}"
        seen.add(name)
        names.append(name)
    return names
