"""The demo's catalogue, organisations and learners (organisation names are public; the
people are invented). Values only; ``api.demo.loader`` loads them through the ledger."""

from __future__ import annotations

from typing import Any


def competence(code: str, title: str, *indicators: str, workplace: bool = False) -> dict[str, Any]:
    return {
        "code": code,
        "title_nl": title,
        "title_en": title,
        "type": None,
        "indicators": list(indicators),
        "workplace_required": workplace,
    }


def module(code: str, title: str, competences: list[str], points: int = 0) -> dict[str, Any]:
    return {
        "code": code,
        "title_nl": title,
        "title_en": title,
        "competences": competences,
        "study_points": points,
    }


def certificate(code: str, title: str, competences: list[str]) -> dict[str, Any]:
    return {"code": code, "title_nl": title, "title_en": title, "competences": competences}


QUALIFICATIONS: dict[str, dict[str, Any]] = {
    "BK-HULPKELNER": {
        "title_nl": "Hulpkelner",
        "title_en": "Waiter assistant",
        "vks_level": 2,
        "kind": "beroepskwalificatie",
        "competences": [
            competence("HK-01", "Zaal en terras klaarzetten", "tafels gedekt volgens schikking"),
            competence("HK-02", "Gasten onthalen en begeleiden", "begroet gasten", workplace=True),
            competence("HK-03", "Dranken bereiden en serveren", "schenkt correct uit"),
            competence("HK-04", "Hygiëne en voedselveiligheid toepassen", "volgt HACCP"),
            competence("HK-05", "Afruimen en afwassen tijdens de dienst", workplace=True),
        ],
        "modules": [
            module("M-HK-BEDIENING", "Bediening basis", ["HK-01", "HK-03"], 6),
            module("M-HK-HACCP", "Hygiëne en HACCP", ["HK-04"], 2),
        ],
        "partial_certificates": [],
    },
    "BK-ZORGKUNDIGE": {
        "title_nl": "Zorgkundige",
        "title_en": "Healthcare assistant",
        "vks_level": 4,
        "kind": "beroepskwalificatie",
        "competences": [
            competence("ZK-01", "Huishoudelijke ondersteuning bieden", "onderhoudt de leefruimte"),
            competence("ZK-02", "Logistieke ondersteuning bieden", "bedeelt maaltijden"),
            competence("ZK-03", "Basiszorg verlenen", "helpt bij wassen", workplace=True),
            competence(
                "ZK-04",
                "Verpleegkundige handelingen onder toezicht",
                "meet parameters",
                workplace=True,
            ),
            competence("ZK-05", "Communiceren met zorgvrager en team", "rapporteert mondeling"),
            competence("ZK-06", "Observeren en schriftelijk rapporteren", "noteert observaties"),
        ],
        "modules": [
            module("SEM-1", "Huishoudhulp en logistiek assistent", ["ZK-01", "ZK-02", "ZK-05"], 20),
            module("SEM-2", "Verzorgende", ["ZK-03", "ZK-05", "ZK-06"], 20),
            module("SEM-3", "Zorgkundige", ["ZK-04", "ZK-06"], 20),
        ],
        "partial_certificates": [
            certificate("DK-HUISHOUDHULP", "Huishoudhulp", ["ZK-01"]),
            certificate("DK-LOGISTIEK", "Logistiek assistent", ["ZK-01", "ZK-02"]),
            certificate(
                "DK-VERZORGENDE", "Verzorgende", ["ZK-01", "ZK-02", "ZK-03", "ZK-05", "ZK-06"]
            ),
        ],
    },
    "BK-HOUTBEWERKER": {
        "title_nl": "Machinaal houtbewerker",
        "title_en": "Wood machinist",
        "vks_level": 3,
        "kind": "beroepskwalificatie",
        "competences": [
            competence("HB-01", "Werkplek en machines veilig instellen", "controleert beveiliging"),
            competence("HB-02", "Hout lezen en voorbereiden", "herkent houtsoorten"),
            competence("HB-03", "Zagen en schaven op conventionele machines", "werkt op maat"),
            competence("HB-04", "Frezen en boren op CNC", "laadt een programma"),
            competence("HB-05", "Afwerken en kwaliteitscontrole", "meet toleranties"),
            competence("HB-06", "Eerstelijnsonderhoud van machines", "vervangt zaagblad"),
        ],
        "modules": [
            module("M-HB-CNC", "CNC-bewerkingen", ["HB-04"], 8),
            module("M-HB-AFWERKING", "Afwerking en kwaliteit", ["HB-05"], 6),
            module("M-HB-ONDERHOUD", "Machineonderhoud", ["HB-06"], 4),
        ],
        "partial_certificates": [
            certificate("DK-ZAGEN", "Machinaal zagen en schaven", ["HB-01", "HB-02", "HB-03"]),
        ],
    },
    "BK-SOCIAALWERK": {
        "title_nl": "Begeleider in het sociaal werk",
        "title_en": "Social work practitioner",
        "vks_level": 5,
        "kind": "beroepskwalificatie",
        "competences": [
            competence("SW-01", "Een hulpverleningsrelatie opbouwen", "voert een intakegesprek"),
            competence("SW-02", "Methodisch handelen", "stelt een handelingsplan op"),
            competence("SW-03", "Werken in netwerken", "schakelt partners in"),
            competence("SW-04", "Sociaal recht toepassen", "kent de rechten van cliënten"),
            competence("SW-05", "Reflecteren op het eigen handelen", "gebruikt STARR"),
            competence("SW-06", "Handelen in het werkveld", "begeleidt cliënten", workplace=True),
        ],
        "modules": [
            module("M-SW-RECHT", "Sociaal recht", ["SW-04"], 6),
            module("M-SW-REFLECTIE", "Reflectie en supervisie", ["SW-05"], 3),
        ],
        "partial_certificates": [],
    },
    "BK-ELEKTRO": {
        "title_nl": "Elektrotechnisch installateur",
        "title_en": "Electrical installer",
        "vks_level": 3,
        "kind": "beroepskwalificatie",
        "competences": [
            competence("EI-01", "Veilig werken volgens AREI", "schakelt spanningsloos"),
            competence("EI-02", "Een residentiële installatie aanleggen", workplace=True),
            competence("EI-03", "Schema's lezen en tekenen", "leest een eendraadsschema"),
            competence("EI-04", "Meten en testen van installaties", workplace=True),
            competence("EI-05", "Communiceren met de klant", "licht het werk toe"),
        ],
        "modules": [
            module("M-EI-BASIS", "Elektriciteit basis en AREI", ["EI-01", "EI-03"], 10),
            module("M-EI-KLANT", "Klantgericht werken", ["EI-05"], 3),
        ],
        "partial_certificates": [],
    },
    "GRAD-DATA": {
        "title_nl": "Graduaat data-analyse",
        "title_en": "Associate degree in data analysis",
        "vks_level": 5,
        "kind": "onderwijskwalificatie",
        "competences": [
            competence("DA-01", "Data verzamelen en opschonen", "schrijft SQL-queries"),
            competence("DA-02", "Data visualiseren", "bouwt een dashboard"),
            competence("DA-03", "Statistiek toepassen", "kiest een gepaste toets"),
            competence("DA-04", "Een datapijplijn bouwen", "automatiseert een ETL-stap"),
            competence("DA-05", "Data-ethiek en GDPR", "pseudonimiseert data"),
        ],
        "modules": [
            module("MD-SQL", "Werken met SQL", ["DA-01"], 4),
            module("MD-VIS", "Datavisualisatie", ["DA-02"], 4),
            module("MD-STAT", "Toegepaste statistiek", ["DA-03"], 4),
            module("M-PIPELINE", "Datapijplijnen", ["DA-04"], 6),
            module("M-ETHIEK", "Data-ethiek", ["DA-05"], 3),
        ],
        "partial_certificates": [
            certificate("MICRO-DATA", "Microdegree data-analyse", ["DA-01", "DA-02", "DA-03"]),
        ],
    },
}

# key -> (name, kind); names of organisations are public.
ORGANISATIONS: dict[str, tuple[str, str]] = {
    "cvo-horeca": ("CVO Vitant (horeca)", "provider"),
    "maatwerk-restaurant": ("Maatwerkbedrijf Restaurant De Kring", "workplace"),
    "cvo-zorg": ("CVO Vitant (zorg)", "provider"),
    "wzc-zonnehof": ("Woonzorgcentrum Zonnehof", "workplace"),
    "woodwize": ("Woodwize", "provider"),
    "testcentrum-hout": ("Woodwize testcentrum", "test_centre"),
    "syntra-hout": ("Syntra West (hout)", "provider"),
    "evc-sociaal": ("EVC-centrum sociaal werk", "provider"),
    "hogeschool-sociaal": ("Hogeschool Gent (sociaal werk)", "provider"),
    "oca-welzijn": ("OCMW Welzijnshuis", "workplace"),
    "cdo-elektro": ("Centrum voor Duaal Leren Elektro", "provider"),
    "elektro-peeters": ("Elektro Peeters bv", "workplace"),
    "vdab": ("VDAB", "employment_service"),
    "hogeschool-data": ("Hogeschool PXL (microdegrees)", "provider"),
}

# Workplaces accredited for dual learning (rule 4): key -> (valid_from, valid_until)
ACCREDITATIONS: dict[str, tuple[str, str | None]] = {
    "elektro-peeters": ("2024-09-01", None),
}

# key -> (given name, family name, birth date); invented people.
LEARNERS: dict[str, tuple[str, str, str]] = {
    "amina": ("Amina", "El Idrissi", "1988-04-12"),
    "bart": ("Bart", "Vermeulen", "1979-11-02"),
    "chloe": ("Chloë", "Maes", "1995-06-30"),
    "dirk": ("Dirk", "Claes", "1970-01-19"),
    "emre": ("Emre", "Yilmaz", "1983-08-08"),
    "fien": ("Fien", "Janssens", "1990-02-14"),
    "gilles": ("Gilles", "Peeters", "1986-10-21"),
    "hanne": ("Hanne", "De Smet", "1992-05-05"),
    "ilias": ("Ilias", "Bakkali", "2009-03-01"),
    "jana": ("Jana", "Wouters", "1998-12-24"),
}

# Rule 10: which provider may award which qualification (key -> qualification codes).
AWARD_RECOGNITIONS: dict[str, tuple[str, ...]] = {
    "cvo-horeca": ("BK-HULPKELNER",),
    "cvo-zorg": ("BK-ZORGKUNDIGE",),
    "woodwize": ("BK-HOUTBEWERKER",),
    "syntra-hout": ("BK-HOUTBEWERKER",),
    "hogeschool-sociaal": ("BK-SOCIAALWERK",),
    "cdo-elektro": ("BK-ELEKTRO",),
    "hogeschool-data": ("GRAD-DATA",),
}
