"""Brå's set-up questions, as listed in the fact sheet "Organisera lokalt brottsförebyggande
arbete" (sections "Kom igång", "Ta fram styrande dokument", "Organisera arbetet", "Kommunens
samordnare och kommunpolisen", "Uppföljning").

The first three sections list their questions verbatim. The last two have no list in the fact
sheet; their questions are drawn from the section text and marked ``verbatim=False``.
Keys are stable: answers in the database and in organisation files refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SetupQuestion:
    key: str
    section: str
    text: str
    verbatim: bool = True


@dataclass(frozen=True)
class SetupSection:
    key: str
    title: str
    advice: str


SECTIONS: tuple[SetupSection, ...] = (
    SetupSection(
        "kom_igang",
        "Kom igång med arbetet",
        "Bestäm vad kommunen vill uppnå med det brottsförebyggande arbetet. Kom överens om hur "
        "arbetet ska fungera och vad det ska leda till.",
    ),
    SetupSection(
        "styrande_dokument",
        "Ta fram styrande dokument",
        "Det bör finnas styrande dokument som visar hur kommunens aktörer ska samverka och hur "
        "prioriterat det brottsförebyggande arbetet är.",
    ),
    SetupSection(
        "organisera",
        "Organisera arbetet – både strategiskt och operativt",
        "Brottsförebyggande arbete bygger på att relevanta aktörer samverkar för att uppnå "
        "resultat. Ett förslag är styrgrupp, beredningsgrupp och arbetsgrupper.",
    ),
    SetupSection(
        "samordnare_kommunpolis",
        "Kommunens samordnare och kommunpolisen",
        "Samordnaren ska se till att arbetet baseras på kunskap och att samarbetet fungerar; "
        "kommunpolisen arbetar på uppdrag av chefen för lokalpolisområdet.",
    ),
    SetupSection(
        "uppfoljning",
        "Uppföljning",
        "Följ upp arbetet systematiskt: har kommunen uppnått de mål som satts upp? Delar av "
        "arbetet kan utvärderas under arbetets gång eller i efterhand.",
    ),
)

QUESTIONS: tuple[SetupQuestion, ...] = (
    SetupQuestion(
        "syfte_och_mal",
        "kom_igang",
        "Vad är syftet med att arbeta brottsförebyggande lokalt? Vilka mål vill kommunen uppnå "
        "med det brottsförebyggande arbetet?",
    ),
    SetupQuestion("malgrupper", "kom_igang", "Vilka är målgrupperna för arbetet?"),
    SetupQuestion(
        "huvudansvar",
        "kom_igang",
        "Var ligger huvudansvaret för arbetet? Ligger tyngdpunkten på till exempel "
        "säkerhetsarbete, på trygghetsarbete eller på det brottsförebyggande arbetet? Eller "
        "finns alla delar med?",
    ),
    SetupQuestion(
        "befintliga_dokument",
        "styrande_dokument",
        "Finns det redan styrande dokument kopplade till det brottsförebyggande arbetet, till "
        "exempel i form av inriktningsdokument, handlingsplaner eller samverkansavtal? Eller "
        "behöver ni ta fram nya dokument?",
    ),
    SetupQuestion("uppfoljning_dokument", "styrande_dokument", "Hur följer ni upp dokumenten?"),
    SetupQuestion(
        "beslutsmandat",
        "organisera",
        "Vem ska ha beslutsmandatet? Är det ett brottsförebyggande råd som ska ha det, eller "
        "finns det övergripande styrgrupp, en chefsgrupp eller liknande?",
    ),
    SetupQuestion(
        "politiker_och_tjansteman",
        "organisera",
        "Ska det finnas både politiker och tjänstemän i rådet och styrgruppen?",
    ),
    SetupQuestion(
        "ordforande_sammankallande",
        "organisera",
        "Vem ska vara ordförande respektive sammankallande?",
    ),
    SetupQuestion("rapportera", "organisera", "Hur ska ni rapportera aktuell information?"),
    SetupQuestion(
        "beslut_hastighet", "organisera", "Hur snabbt ska beslut fattas, och i vilket forum?"
    ),
    SetupQuestion(
        "ekonomi",
        "organisera",
        "Vilka är de ekonomiska förutsättningarna för det brottsförebyggande arbetet?",
    ),
    SetupQuestion(
        "samordnare_mandat",
        "samordnare_kommunpolis",
        "Finns det en samordnare för det brottsförebyggande arbetet, på heltid eller som del av "
        "tjänsten, med tydligt mandat från kommunledningen?",
        verbatim=False,
    ),
    SetupQuestion(
        "samordnare_placering",
        "samordnare_kommunpolis",
        "Var är samordnaren placerad – under kommunstyrelsen eller under en nämnd?",
        verbatim=False,
    ),
    SetupQuestion(
        "kommunpolis_uppdrag",
        "samordnare_kommunpolis",
        "Har kommunpolisen ett tydligt uppdrag från chefen för lokalpolisområdet, så att det "
        "står klart att arbetet är prioriterat?",
        verbatim=False,
    ),
    SetupQuestion(
        "forankring_och_medborgare",
        "samordnare_kommunpolis",
        "Hur förankrar samordnaren och kommunpolisen arbetet i de egna organisationerna, och hur "
        "engagerar de medborgarna?",
        verbatim=False,
    ),
    SetupQuestion(
        "mal_uppnadda",
        "uppfoljning",
        "Hur undersöker ni systematiskt om kommunen har uppnått de mål som satts upp för arbetet?",
        verbatim=False,
    ),
    SetupQuestion(
        "utvardering",
        "uppfoljning",
        "Vilka delar av arbetet och vilka projekt ska utvärderas, under arbetets gång eller i "
        "efterhand (processutvärdering, effektutvärdering)?",
        verbatim=False,
    ),
)

QUESTIONS_BY_KEY = {question.key: question for question in QUESTIONS}
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


def questions_in(section_key: str) -> list[SetupQuestion]:
    return [question for question in QUESTIONS if question.section == section_key]
