# ruff: noqa: E501 – Brå's paragraphs are kept one line each, as they are edited.
"""The fact sheet's text library: Brå's guidance boxes and fixed passages, with Brå's own words
from the fact sheet on Angered as defaults (a coordinator may rewrite each for the municipality).

Body format: paragraphs separated by an empty line; a line starting with "- " is a list item.
``blocks(body)`` turns a body into paragraphs and lists for the template, which holds no logic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultText:
    key: str
    title: str
    body: str
    help: str  # where the text appears in the fact sheet


DEFAULTS: tuple[DefaultText, ...] = (
    DefaultText(
        "inledning",
        "Organisera lokalt brottsförebyggande arbete",
        """Det är de lokala omständigheterna och parterna som ingår i det brottsförebyggande arbetet som avgör hur arbetet bäst ska organiseras.

Vilka aktörer blir viktiga i det brottsförebyggande arbetet, och hur ska det struktureras?

Svaren på dessa frågor kommer att variera från kommun till kommun. I det här faktabladet presenterar vi hur arbetet är organiserat och vad som är bra att tänka på.""",
        "Inledningen överst i faktabladet.",
    ),
    DefaultText(
        "kom_igang",
        "Brå – Kom igång med arbetet",
        """Bestäm vad kommunen vill uppnå med det brottsförebyggande arbetet. Kom överens om hur det brottsförebyggande arbetet ska fungera och vad det ska leda till.

Fundera på följande frågor:

- Vad är syftet med att arbeta brottsförebyggande lokalt? Vilka mål vill kommunen uppnå med det brottsförebyggande arbetet?
- Vilka är målgrupperna för arbetet?
- Var ligger huvudansvaret för arbetet? Ligger tyngdpunkten på till exempel säkerhetsarbete, på trygghetsarbete eller på det brottsförebyggande arbetet? Eller finns alla delar med?""",
        "Rutan efter siffrorna.",
    ),
    DefaultText(
        "styrande_dokument",
        "Brå – Ta fram styrande dokument",
        """Det bör finnas styrande dokument som visar hur kommunens aktörer ska samverka. I dokumenten bör det också framgå hur prioriterat det brottsförebyggande arbetet är.

Utgå ifrån de här frågorna:

- Finns det redan styrande dokument kopplade till det brottsförebyggande arbetet, till exempel i form av inriktningsdokument, handlingsplaner eller samverkansavtal? Eller behöver ni ta fram nya dokument?
- Hur följer ni upp dokumenten?""",
        "Rutan efter de styrande dokumenten.",
    ),
    DefaultText(
        "organisera",
        "Brå – Organisera arbetet – både strategiskt och operativt",
        """Brottsförebyggande arbete bygger på att relevanta aktörer samverkar för att uppnå resultat. Vanligen finns det någon form av samverkansorgan i kommunen som ansvarar för de brottsförebyggande frågorna. Det kan kallas för exempelvis brottsförebyggande råd eller trygghetsråd. Dessa råd består oftast av representanter från kommunens olika verksamheter och ett antal övriga aktörer.

Några frågor att överväga när ni ska organisera kommunens arbete:

- Vem ska ha beslutsmandatet? Är det ett brottsförebyggande råd som ska ha det, eller finns det övergripande styrgrupp, en chefsgrupp eller liknande?
- Ska det finnas både politiker och tjänstemän i rådet och styrgruppen?
- Vem ska vara ordförande respektive sammankallande?
- Hur ska ni rapportera aktuell information?
- Hur snabbt ska beslut fattas, och i vilket forum?
- Vilka är de ekonomiska förutsättningarna för det brottsförebyggande arbetet?""",
        "Rutan före grupperna.",
    ),
    DefaultText(
        "forslag_organisation",
        "Förslag på organisation: styrgrupp, beredningsgrupp och arbetsgrupper",
        """För att få struktur på verksamheten är ett förslag att skapa en styrgrupp, en beredningsgrupp och arbetsgrupper.

Styrgruppen skapar förutsättningar för aktörernas samverkan genom att förankra och ge mandat för arbetet. Styrgruppen ska också:

- ansvara för att visioner bryts ner till realiserbara, konkreta mål och delmål
- se till att åtaganden genomförs.

Styrgruppen kan bestå av chefen för lokalpolisområdet, kommunstyrelsens ordförande och kommundirektören.""",
        "Före beskrivningen av grupperna.",
    ),
    DefaultText(
        "beredningsgruppen",
        "Brå – Beredningsgruppen arbetar strategiskt",
        """Beredningsgruppen är länken mellan styrgruppens beslut och arbetsgruppernas utförande. Gruppen ska arbeta strategiskt med att planera, utforma och följa upp arbetet. De föreslår insatser utifrån det lokala läget och presenterar dessa för styrgruppen, som fattar beslut om vad som ska göras.

Beredningsgruppen kan bestå av chefer från de avdelningar eller förvaltningar som berörs av de prioriteringar som styrgruppen gör. Det kan i praktiken betyda att polisen deltar genom kommunpolisen, medan kommunen deltar genom olika förvaltningschefer och kommunens samordnare av brottsförebyggande arbete. Det lokala brottsförebyggande rådet kan utgöra en sådan grupp. Utöver kommun och polis kan även andra aktörer ingå i gruppen, till exempel fastighetsbolag, delar av civilsamhället och lärosäten.""",
        "Rutan efter grupperna.",
    ),
    DefaultText(
        "arbetsgrupper",
        "Brå – Arbetsgrupper arbetar operativt",
        """Arbetsgrupperna utför de arbetsuppgifter som styrgruppen beslutar om.

Beredningsgruppen ansvarar för att tillsätta arbetsgrupperna.

Grupperna sätts samman utifrån vad som ska göras och är ofta tidsbegränsade. Deras arbete ska utgå från de behov som finns lokalt.""",
        "Rutan efter grupperna.",
    ),
    DefaultText(
        "samordnare",
        "Brå – Kommunens samordnare och kommunpolisen har en viktig roll",
        """Kommunens samordnare är vanligtvis en specifik tjänstemannafunktion som ansvarar för det brottsförebyggande arbetet, antingen på heltid eller som en del av tjänsten. Samordnaren ska se till att arbetet baseras på kunskap och att aktörernas samarbete fungerar smidigt. Därför måste samordnaren få tydliga mandat från kommunledningen. Samordnaren kan vara placerad under kommunstyrelsen eller under någon nämnd, men arbetet får troligen större genomslag och förankring i kommunen genom kommunstyrelsen.

Kommunpolisen arbetar med de brottsförebyggande frågorna på uppdrag av chefen för lokalpolisområdet. Det ska stå klart att arbetet är prioriterat. Kommunpolisens och samordnarens arbete kan också handla om att hitta sätt att förankra arbetet i den egna organisationen eller att kunna hantera professionella eller kulturella skillnader mellan polis och kommun. Kommunpolisen och samordnaren ska även ha förmågan att engagera och involvera medborgarna i det lokala brottsförebyggande och trygghetsskapande arbetet.""",
        "Rutan efter samordningsenheten.",
    ),
    DefaultText(
        "uppfoljning",
        "Brå – Uppföljning",
        """Det är viktigt att kontinuerligt följa upp det brottsförebyggande arbetet, för att se om organiseringen och utförandet av arbetet verkligen fungerar. Följ upp arbetet systematiskt genom att undersöka om kommunen har uppnått de mål som ni har satt upp för arbetet. Delar av arbetet och olika projekt kan utvärderas under arbetets gång eller i efterhand, genom exempelvis processutvärderingar och/eller effektutvärderingar.""",
        "Rutan om uppföljning.",
    ),
    DefaultText(
        "ntu_fotnot",
        "Fotnot om Nationella trygghetsundersökningen",
        """Siffran avser andelen i befolkningen som uppgett att de under året utsattes för någon eller några av de brottstyper som i NTU sammantaget kallas för brott mot enskild person: misshandel, hot, sexualbrott, personrån, fickstöld, försäljningsbedrägeri, kort-/kreditbedrägeri eller nätkränkning. Läs mer om Nationella trygghetsundersökningen på www.bra.se/ntu""",
        "Fotnoten under siffran för självrapporterad utsatthet.",
    ),
    DefaultText(
        "publikationer",
        "Publikationer från Brå",
        """- Orsaksanalys i lokalt brottsförebyggande arbete. Handbok. Stockholm: Brottsförebyggande rådet (2018).
- Samverkan i lokalt brottsförebyggande arbete (3:e uppl.). Handbok. Stockholm: Brottsförebyggande rådet.
- Kartläggning och lägesbild (1:a uppl.). Handbok. Stockholm: Brottsförebyggande rådet (2021).""",
        "Sist i faktabladet.",
    ),
)
DEFAULTS_BY_KEY = {text.key: text for text in DEFAULTS}


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "ul"
    lines: tuple[str, ...]


def blocks(body: str) -> list[Block]:
    """Paragraphs and bullet lists of a text body (see the module docstring)."""
    result: list[Block] = []
    items: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            result.append(Block("p", (" ".join(paragraph),)))
            paragraph.clear()
        if items:
            result.append(Block("ul", tuple(items)))
            items.clear()

    for raw in body.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith(("- ", "• ", "* ")):
            if paragraph:
                result.append(Block("p", (" ".join(paragraph),)))
                paragraph.clear()
            items.append(line[2:].strip())
        else:
            if items:
                result.append(Block("ul", tuple(items)))
                items.clear()
            paragraph.append(line)
    flush()
    return result
