"""The Ledningsgrupp's year in the Angered example: its own decisions, the beredningsgrupp's
proposals that it decides, and the acute meetings after a shooting and an explosion, each with
the commitments that follow and how they are followed up. All invented; see ``content``."""

from __future__ import annotations

from samverka.meetings.example.content import (
    DONE,
    IN_PROGRESS,
    AcuteStory,
    DecisionStory,
    ProposalStory,
    Step,
    Task,
    done_at,
)
from samverka.meetings.models import AcuteTrigger, DecisionOutcome
from samverka.organisation.models import GroupKind

DECISIONS = (
    DecisionStory(
        at=0,
        item="Verksamhetsplan för Trygg i Angered {year}",
        title="Verksamhetsplan för Trygg i Angered {year}",
        text=(
            "Ledningsgruppen fastställer verksamhetsplanen för {year} med tre prioriteringar: "
            "minskad otrygghet i Hammarkullen i linje med medborgarlöftet, förebyggande insatser "
            "mot att unga dras in i kriminalitet, och fler vuxna i det offentliga rummet kvällstid."
        ),
        outcome=DecisionOutcome.APPROVED,
        note="Karin Lindqvist föredrog förslaget till verksamhetsplan.",
        tasks=(
            Task(
                "Verksamhetsplanen presenteras för trygghetsgrupperna och Trygghetsrådet",
                "Karin Lindqvist",
                45,
                done_at(1, "Presenterad för alla trygghetsgrupper och för rådet."),
            ),
        ),
    ),
    DecisionStory(
        at=3,
        item="Halvårsuppföljning av verksamhetsplanen",
        title="Halvårsuppföljningen läggs till handlingarna",
        text=(
            "Ledningsgruppen noterar halvårsuppföljningen. Arbetet följer i huvudsak planen; "
            "insatserna mot rekrytering av unga behöver förstärkas under hösten."
        ),
        outcome=DecisionOutcome.NOTED,
        note="Peter Holm redovisade uppföljningen utifrån trygghetsgruppernas rapporter.",
        tasks=(
            Task(
                "Förslag på förstärkta insatser mot rekrytering av unga tas fram",
                "Elin Forsberg",
                35,
                (Step(1, IN_PROGRESS), Step(2, DONE, "Förslaget är lämnat till ledningsgruppen.")),
                follow_up_by=GroupKind.PREPARATION,
            ),
        ),
    ),
    DecisionStory(
        at=4,
        item="Mötesplan för {next_year}",
        title="Ledningsgruppens mötesplan för {next_year}",
        text=(
            "Ledningsgruppen fastställer sex ordinarie möten under {next_year}, på tisdagar "
            "kl. 13–15. Akuta möten kallas vid behov av trygghetschefen."
        ),
        outcome=DecisionOutcome.APPROVED,
        note="Mötesplanen godkändes utan ändringar.",
    ),
    DecisionStory(
        at=5,
        item="Inriktning för verksamhetsplanen {next_year}",
        title="Inriktning för verksamhetsplanen {next_year}",
        text=(
            "Ledningsgruppen ger Trygghetssamordningen i uppdrag att ta fram förslag till "
            "verksamhetsplan för {next_year} utifrån årets uppföljning och den lokala "
            "trygghetsmätningen."
        ),
        outcome=DecisionOutcome.APPROVED,
        note="Diskussion om vilka prioriteringar som ska ligga kvar.",
        tasks=(
            Task("Förslag till verksamhetsplan för {next_year} tas fram", "Karin Lindqvist", 70),
        ),
    ),
)

PROPOSALS = (
    ProposalStory(
        at=1,
        title="Sommarlovsaktiviteter för unga {year}",
        text=(
            "Beredningsgruppen föreslår att ledningsgruppen ger Trygghetssamordningen i uppdrag "
            "att tillsammans med fritidsverksamheten och civilsamhällets föreningar planera "
            "kvälls- och helgaktiviteter för unga under sommarlovet, med tyngdpunkt i "
            "Hammarkullen och Hjällbo."
        ),
        outcome=DecisionOutcome.APPROVED,
        decision_title="Sommarlovsaktiviteter för unga {year}",
        decision_text=(
            "Ledningsgruppen beslutar enligt beredningsgruppens förslag. Stadsdelsförvaltningen "
            "och Kulturförvaltningen samordnar programmet; en första plan redovisas för "
            "beredningsgruppen i maj."
        ),
        note="Elin Forsberg föredrog förslaget.",
        tasks=(
            Task(
                "Plan för sommarlovsaktiviteterna tas fram med föreningarna",
                "Leyla Demir",
                56,
                (
                    Step(2, IN_PROGRESS, "Sju föreningar har anmält intresse."),
                    Step(4, DONE, "Planen är klar och skickad till skolorna."),
                ),
                follow_up_by=GroupKind.PREPARATION,
            ),
            Task(
                "Kulturförvaltningens sommarprogram samordnas med fritidsgårdarna",
                "Camilla Åberg",
                70,
                done_at(1),
            ),
        ),
    ),
    ProposalStory(
        at=1,
        title="Trygghetsvandringar i Hjällbo och Hammarkullen",
        text=(
            "Beredningsgruppen föreslår att trygghetsvandringar genomförs i Hjällbo och "
            "Hammarkullen under april, med boende, bostadsbolag, polis och Park- och "
            "naturförvaltningen, och att resultaten redovisas för ledningsgruppen."
        ),
        outcome=DecisionOutcome.APPROVED,
        decision_title="Trygghetsvandringar i Hjällbo och Hammarkullen",
        decision_text="Ledningsgruppen beslutar enligt beredningsgruppens förslag.",
        tasks=(
            Task(
                "Trygghetsvandringar i Hjällbo och Hammarkullen genomförs",
                "Amina Hassan",
                35,
                done_at(1, "Vandringarna genomfördes med ett fyrtiotal boende."),
            ),
        ),
    ),
    ProposalStory(
        at=2,
        title="Förstärkt belysning vid Hjällbo torg",
        text=(
            "Efter skjutningen vid torget i mars och vårens trygghetsvandring föreslår "
            "beredningsgruppen att Park- och naturförvaltningen förstärker belysningen i "
            "gångstråket mellan Hjällbo torg och spårvagnshållplatsen, att Lokalförvaltningen ser "
            "över belysningen på torget och att bostadsbolaget ser över belysningen vid sina "
            "entréer. Åtgärderna bör vara klara före vintermörkret."
        ),
        outcome=DecisionOutcome.APPROVED,
        decision_title="Förstärkt belysning vid Hjällbo torg",
        decision_text=(
            "Ledningsgruppen beslutar enligt beredningsgruppens förslag. Park- och "
            "naturförvaltningen ansvarar för gångstråket, Lokalförvaltningen för torget och "
            "bostadsbolaget för entréerna."
        ),
        note="Anna Fors redovisade polisens bedömning av platsen.",
        tasks=(
            Task(
                "Ny belysning i gångstråket mellan Hjällbo torg och spårvagnshållplatsen",
                "Lars Gren",
                155,
                (
                    Step(1, IN_PROGRESS, "Upphandlingen av armaturer är klar."),
                    Step(
                        3,
                        IN_PROGRESS,
                        "Leveransen av armaturer är försenad; ny tidplan redovisas i december.",
                    ),
                ),
            ),
            Task(
                "Belysningen på Hjällbo torg ses över och kompletteras",
                "Therese Blom",
                120,
                (Step(1, IN_PROGRESS), Step(2, DONE, "Sex nya armaturer är uppsatta på torget.")),
            ),
            Task(
                "Entrébelysningen i bostadsbolagets hus vid torget ses över",
                "Erik Sundberg",
                90,
                done_at(1, "Belysningen är utbytt vid tolv entréer."),
            ),
        ),
    ),
    ProposalStory(
        at=2,
        title="Kameraövervakning vid Angereds Centrum",
        text=(
            "Beredningsgruppen föreslår att staden ansöker om tillstånd till kameraövervakning "
            "av torget och gångstråken vid Angereds Centrum."
        ),
        outcome=DecisionOutcome.RETURNED,
        decision_title="Kameraövervakning vid Angereds Centrum återremitteras",
        decision_text=(
            "Ledningsgruppen återremitterar förslaget till beredningsgruppen för komplettering "
            "med kostnadsberäkning, polisens bedömning av behovet och synpunkter från Västtrafik "
            "och Angereds närsjukhus."
        ),
        note="Flera ledamöter efterfrågade ett bättre underlag.",
        tasks=(
            Task(
                "Förslaget om kameraövervakning kompletteras",
                "Robert Lind",
                60,
                (Step(2, IN_PROGRESS), Step(4, DONE, "Kompletteringen är klar.")),
                follow_up_by=GroupKind.PREPARATION,
            ),
        ),
    ),
    ProposalStory(
        at=3,
        title="Kameraövervakning vid Angereds Centrum, kompletterat förslag",
        text=(
            "Beredningsgruppen har kompletterat förslaget enligt ledningsgruppens återremiss. "
            "Polisen bedömer att kameraövervakning kan minska brottsligheten vid torget och "
            "hållplatsen. Kostnaden beräknas till cirka 450 000 kronor för installation och "
            "60 000 kronor per år för drift."
        ),
        outcome=DecisionOutcome.AMENDED,
        decision_title="Kameraövervakning vid Angereds Centrum",
        decision_text=(
            "Ledningsgruppen bifaller förslaget med ändringen att ansökan först stäms av med "
            "Västtrafik och Angereds närsjukhus, som berörs av bevakningsområdet."
        ),
        tasks=(
            Task(
                "Ansökan om tillstånd till kameraövervakning lämnas till "
                "Integritetsskyddsmyndigheten",
                "Mats Olofsson",
                110,
                (Step(1, IN_PROGRESS, "Samråd med Västtrafik och närsjukhuset pågår."),),
            ),
        ),
    ),
    ProposalStory(
        at=4,
        title="Förebyggande insatser mot rekrytering av unga",
        text=(
            "Beredningsgruppen föreslår att skolorna, socialtjänsten och polisen håller "
            "gemensamma föräldramöten om rekrytering till kriminella nätverk i årskurs 6–9 i "
            "Hjällbo, Hammarkullen och Lövgärdet, och att fritidsledarna utbildas i att känna "
            "igen tecken på rekrytering."
        ),
        outcome=DecisionOutcome.APPROVED,
        decision_title="Förebyggande insatser mot rekrytering av unga",
        decision_text="Ledningsgruppen beslutar enligt beredningsgruppens förslag.",
        tasks=(
            Task(
                "Föräldramöten om rekrytering i årskurs 6–9",
                "Anders Nilsson",
                75,
                (Step(1, IN_PROGRESS, "Två av sex föräldramöten är genomförda."),),
            ),
            Task(
                "Utbildning för fritidsledare om tecken på rekrytering",
                "Elin Forsberg",
                38,
                (Step(1, IN_PROGRESS, "Utbildningen är flyttad till januari."),),
            ),
        ),
    ),
    ProposalStory(
        at=5,
        title="Samordnade trygghetsinsatser kring nyårshelgen",
        text=(
            "Beredningsgruppen föreslår samordnad närvaro av fältsekreterare, polis, "
            "räddningstjänst och nattvandrare i Angereds delområden under nyårshelgen, och "
            "gemensam information till boende om fyrverkerier och brandrisker."
        ),
        outcome=DecisionOutcome.APPROVED,
        decision_title="Samordnade trygghetsinsatser kring nyårshelgen",
        decision_text="Ledningsgruppen beslutar enligt beredningsgruppens förslag.",
        tasks=(
            Task(
                "Samordnad närvaro av fältsekreterare, polis och fritid på nyårsafton",
                "Ulf Bergström",
                37,
            ),
            Task("Information till boende om fyrverkerier och brandrisker", "Jonas Hedlund", 21),
        ),
    ),
    ProposalStory(
        at=5,
        title="Samordnad sommarlovsverksamhet {next_year}",
        text=(
            "Beredningsgruppen föreslår att sommarlovsverksamheten {next_year} planeras "
            "gemensamt av stadsdelsförvaltningen, kulturförvaltningen och föreningarna redan "
            "under våren, med utgångspunkt i erfarenheterna från {year}."
        ),
        outcome=None,
        note=(
            "Ärendet bordlades till ledningsgruppens första möte {next_year} i avvaktan på "
            "budgetbeskedet."
        ),
    ),
)

ACUTE = (
    AcuteStory(
        month=3,
        day=14,
        hour=10,
        trigger=AcuteTrigger.SHOOTING,
        trigger_note="Skjutning vid Hjällbo torg sent i går kväll; en person skadad.",
        event="skjutningen vid Hjällbo torg",
        location="Videomöte",
        notes=(
            "Stefan Wikström redovisade polisens bild: skjutningen bedöms höra samman med en "
            "pågående konflikt, och risken för nya händelser är förhöjd de närmaste veckorna. "
            "Stadsdelsförvaltningen rapporterade oro bland boende och föräldrar.",
            "Polisen förstärker närvaron i Hjällbo och vid Angereds Centrum. Fältsekreterare och "
            "fritidsledare finns ute de närmaste kvällarna. Skolorna erbjuder samtalsstöd.",
            "Gemensamt informationsblad till boende på svenska, arabiska och somaliska. "
            "Trygghetssamordningen samordnar informationen till medarbetarna.",
        ),
        decision_title="Samordnade insatser i Hjällbo efter skjutningen",
        decision_text=(
            "Ledningsgruppen beslutar om förstärkt samordnad närvaro i Hjällbo under två veckor "
            "och ger beredningsgruppen i uppdrag att föreslå fysiska åtgärder vid torget."
        ),
        tasks=(
            Task(
                "Förstärkt polisiär närvaro i Hjällbo i två veckor",
                "Stefan Wikström",
                14,
                done_at(1),
            ),
            Task(
                "Fältsekreterare och fritidsledare ute kvällstid i Hjällbo",
                "Ulf Bergström",
                14,
                done_at(1),
            ),
            Task(
                "Informationsblad till boende i Hjällbo",
                "Karin Lindqvist",
                3,
                done_at(1, "Utdelat i alla trapphus runt torget."),
            ),
            Task(
                "Förslag om fysiska åtgärder vid Hjällbo torg tas fram",
                "Elin Forsberg",
                45,
                (Step(1, IN_PROGRESS), Step(3, DONE, "Förslag lämnat till ledningsgruppen.")),
                follow_up_by=GroupKind.PREPARATION,
            ),
        ),
    ),
    AcuteStory(
        month=9,
        day=19,
        hour=11,
        trigger=AcuteTrigger.EXPLOSION,
        trigger_note="Explosion i en trappuppgång i Hammarkullen i natt; ingen skadad.",
        event="explosionen i Hammarkullen",
        location="Angereds stadsdelshus, sammanträdesrum Lärjeån",
        notes=(
            "Polisen redovisade att explosionen skedde vid en entrédörr strax efter klockan "
            "tre. Ingen skadades, men flera lägenheter fick skador. Räddningstjänsten har "
            "säkrat trapphuset. Boende i området är oroliga.",
            "Bostadsbolaget reparerar entrén och erbjuder berörda hyresgäster stöd. Polisen "
            "finns synligt på plats de närmaste dygnen. Skolorna i Hammarkullen erbjuder "
            "samtal med elever.",
            "Informationsmöte för boende i morgon eftermiddag på Träffpunkten. Gemensamt "
            "pressmeddelande från polisen och staden.",
        ),
        decision_title="Samordnade insatser i Hammarkullen efter explosionen",
        decision_text=(
            "Ledningsgruppen beslutar om samordnade insatser i Hammarkullen och ger "
            "arbetsgruppen Trygg i Hammarkullen i uppdrag att ta in händelsen i sin planering."
        ),
        tasks=(
            Task(
                "Entrén repareras och hyresgästerna informeras",
                "Erik Sundberg",
                7,
                done_at(1),
            ),
            Task(
                "Brandskydd och belysning i trapphusen gås igenom med bostadsbolaget",
                "Jonas Hedlund",
                30,
                done_at(1, "Genomgången är gjord i alla trapphus på gatan."),
            ),
            Task(
                "Samtalsstöd till elever i Hammarkullens skolor",
                "Anders Nilsson",
                7,
                done_at(1),
            ),
            Task(
                "Händelsen tas in i arbetsgruppens planering",
                "Amina Hassan",
                40,
                (Step(1, IN_PROGRESS), Step(2, DONE, "Åtgärderna ingår i arbetsgruppens plan.")),
                follow_up_by=GroupKind.WORKING,
            ),
        ),
    ),
)
