"""Demo plan texts: items, comments, answers and reports, in Albanian and Serbian (Latin).

Albanian- (and Turkish-) majority councils write in Albanian, Serb-majority ones in Serbian,
as the meetings and concerns demos do. A place name never sits inside a sentence (it cannot
take the case Albanian "në" asks for): it ends an institution's name, as a label.
"""

# Names and institutions are spelled as their owners spell them.
# ruff: noqa: RUF001

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from safety.concerns.models import ConcernCategory as C
from safety.plans.models import ResponsibleKind as R


@dataclass(frozen=True)
class ItemText:
    """One language's words for an item; `{n}` is the item's number, `{seat}` the town."""

    objective: str
    activity: str
    responsible: str
    partners: str | None
    budget_source: str | None
    indicator: str
    target: str


@dataclass(frozen=True)
class ItemTemplate:
    """A kind of action councils put in their plans, and the concerns it answers."""

    key: str
    category: C
    kind: R
    budget: tuple[int, int] | None  # EUR, drawn in hundreds
    # The range of `{n}`: from 30, whole tens. Serbian counts these nouns alike from 5 to 20
    # and at whole tens, and paucal forms are written for 2 to 4 ("2 patrole").
    numbers: tuple[int, int]
    sq: ItemText
    sr: ItemText

    def text(self, language: str) -> ItemText:
        return self.sr if language == "sr" else self.sq


ITEMS: tuple[ItemTemplate, ...] = (
    ItemTemplate(
        "school_roads",
        C.TRAFFIC_AND_SCHOOL_SAFETY,
        R.MUNICIPAL_DIRECTORATE,
        (3000, 12000),
        (5, 9),
        ItemText(
            "Rritja e sigurisë në rrugë pranë shkollave",
            "Vendosja e shenjave të trafikut, vendkalimeve për këmbësorë dhe pengesave të "
            "shpejtësisë pranë {n} shkollave fillore",
            "Drejtoria e Shërbimeve Publike",
            "Stacioni Policor {seat}, Drejtoria e Arsimit",
            "Buxheti komunal",
            "Numri i shkollave me shenja dhe vendkalime të reja",
            "{n} shkolla",
        ),
        ItemText(
            "Povećanje bezbednosti saobraćaja u blizini škola",
            "Postavljanje saobraćajnih znakova, pešačkih prelaza i usporivača brzine kod {n} "
            "osnovnih škola",
            "Direkcija za javne službe",
            "Policijska stanica {seat}, Direkcija za obrazovanje",
            "Opštinski budžet",
            "Broj škola sa novim znakovima i prelazima",
            "{n} škola",
        ),
    ),
    ItemTemplate(
        "school_patrols",
        C.TRAFFIC_AND_SCHOOL_SAFETY,
        R.POLICE_STATION,
        None,
        (2, 4),
        ItemText(
            "Siguria e nxënësve gjatë rrugës për në shkollë",
            "Patrullime të policisë në fillim dhe në mbarim të mësimit pranë shkollave",
            "Stacioni Policor {seat}",
            "Drejtoria e Arsimit, këshillat e prindërve",
            None,
            "Numri i patrullimeve në javë gjatë vitit shkollor",
            "{n} patrullime në javë",
        ),
        ItemText(
            "Bezbednost učenika na putu do škole",
            "Policijske patrole na početku i na kraju nastave u blizini škola",
            "Policijska stanica {seat}",
            "Direkcija za obrazovanje, saveti roditelja",
            None,
            "Broj patrola nedeljno tokom školske godine",
            "{n} patrole nedeljno",
        ),
    ),
    ItemTemplate(
        "traffic_day",
        C.TRAFFIC_AND_SCHOOL_SAFETY,
        R.SCHOOL,
        (300, 1200),
        (5, 10),
        ItemText(
            "Edukimi i fëmijëve për sigurinë në trafik",
            "Dita e sigurisë në trafik në shkollat fillore, me ligjërata të policisë",
            "Shkollat fillore të komunës",
            "Stacioni Policor {seat}",
            "Buxheti komunal",
            "Numri i shkollave ku u mbajt dita e sigurisë",
            "{n} shkolla",
        ),
        ItemText(
            "Edukacija dece o bezbednosti u saobraćaju",
            "Dan bezbednosti u saobraćaju u osnovnim školama, sa predavanjima policije",
            "Osnovne škole opštine",
            "Policijska stanica {seat}",
            "Opštinski budžet",
            "Broj škola u kojima je održan dan bezbednosti",
            "{n} škola",
        ),
    ),
    ItemTemplate(
        "lighting",
        C.LIGHTING_AND_INFRASTRUCTURE,
        R.MUNICIPAL_DIRECTORATE,
        (8000, 40000),
        (40, 160),
        ItemText(
            "Ndriçimi publik në lagjet periferike",
            "Vendosja e {n} ndriçuesve LED në rrugët pa ndriçim të lagjeve periferike",
            "Drejtoria e Shërbimeve Publike",
            "Komitetet Lokale për Siguri Publike të lagjeve",
            "Buxheti komunal",
            "Numri i ndriçuesve të vendosur",
            "{n} ndriçues",
        ),
        ItemText(
            "Javna rasveta u prigradskim naseljima",
            "Postavljanje {n} LED svetiljki na neosvetljenim ulicama prigradskih naselja",
            "Direkcija za javne službe",
            "Lokalni komiteti za javnu bezbednost naselja",
            "Opštinski budžet",
            "Broj postavljenih svetiljki",
            "{n} svetiljki",
        ),
    ),
    ItemTemplate(
        "cameras",
        C.THEFT_AND_BURGLARY,
        R.MUNICIPAL_DIRECTORATE,
        (10000, 30000),
        (6, 20),
        ItemText(
            "Siguria në hapësirat publike",
            "Vendosja e {n} kamerave të sigurisë në sheshin qendror dhe në parqe",
            "Drejtoria e Urbanizmit",
            "Stacioni Policor {seat}",
            "Buxheti komunal dhe grant i Ministrisë së Punëve të Brendshme",
            "Numri i kamerave funksionale",
            "{n} kamera",
        ),
        ItemText(
            "Bezbednost na javnim površinama",
            "Postavljanje {n} sigurnosnih kamera na centralnom trgu i u parkovima",
            "Direkcija za urbanizam",
            "Policijska stanica {seat}",
            "Opštinski budžet i grant Ministarstva unutrašnjih poslova",
            "Broj kamera u funkciji",
            "{n} kamera",
        ),
    ),
    ItemTemplate(
        "burglary_meetings",
        C.THEFT_AND_BURGLARY,
        R.POLICE_STATION,
        None,
        (6, 15),
        ItemText(
            "Zvogëlimi i vjedhjeve në banesa",
            "Takime të policisë me banorët për mbrojtjen e banesave dhe patrullime në orët e "
            "mbrëmjes",
            "Stacioni Policor {seat}",
            "Komitetet Lokale për Siguri Publike",
            None,
            "Numri i takimeve me banorë",
            "{n} takime",
        ),
        ItemText(
            "Smanjenje broja krađa u stanovima",
            "Sastanci policije sa stanovnicima o zaštiti stanova i večernje patrole",
            "Policijska stanica {seat}",
            "Lokalni komiteti za javnu bezbednost",
            None,
            "Broj sastanaka sa stanovnicima",
            "{n} sastanaka",
        ),
    ),
    ItemTemplate(
        "weapons",
        C.WEAPONS,
        R.POLICE_STATION,
        (1500, 5000),
        (8, 20),
        ItemText(
            "Zvogëlimi i armëve ilegale dhe i të shtënave në ahengje",
            "Fushatë vetëdijesimi kundër armëve ilegale: fletushka, emisione në radion lokale "
            "dhe takime në fshatra",
            "Stacioni Policor {seat}",
            "Kosovo SALW Control (KOSANA), organizatat lokale të shoqërisë civile",
            "Donator: UNDP",
            "Numri i takimeve në fshatra dhe i armëve të dorëzuara vullnetarisht",
            "{n} takime",
        ),
        ItemText(
            "Smanjenje broja nelegalnog oružja i pucanja na proslavama",
            "Kampanja podizanja svesti protiv nelegalnog oružja: leci, emisije na lokalnom "
            "radiju i sastanci po selima",
            "Policijska stanica {seat}",
            "Kosovo SALW Control (KOSANA), lokalne organizacije civilnog društva",
            "Donator: UNDP",
            "Broj sastanaka po selima i dobrovoljno predatog oružja",
            "{n} sastanaka",
        ),
    ),
    ItemTemplate(
        "youth",
        C.YOUTH_RADICALISATION,
        R.CSO,
        (2000, 6000),
        (60, 200),
        ItemText(
            "Bashkëjetesa mes të rinjve të komuniteteve",
            "Aktivitete sportive dhe kulturore të përbashkëta për të rinjtë e të gjitha "
            "komuniteteve",
            "OJQ Zëri i Rinisë",
            "Drejtoria e Kulturës, Rinisë dhe Sportit, Këshilli Rinor Vendor",
            "Buxheti komunal dhe Misioni i OSBE-së",
            "Numri i të rinjve pjesëmarrës nga secili komunitet",
            "{n} të rinj",
        ),
        ItemText(
            "Suživot mladih iz svih zajednica",
            "Zajedničke sportske i kulturne aktivnosti za mlade iz svih zajednica",
            "NVO Aktiv",
            "Direkcija za kulturu, omladinu i sport, Lokalni omladinski savet",
            "Opštinski budžet i Misija OEBS-a",
            "Broj mladih učesnika iz svake zajednice",
            "{n} mladih",
        ),
    ),
    ItemTemplate(
        "stray_dogs",
        C.STRAY_DOGS,
        R.MUNICIPAL_DIRECTORATE,
        (5000, 20000),
        (80, 300),
        ItemText(
            "Menaxhimi i qenve endacakë",
            "Kapja, sterilizimi, vaksinimi dhe shënjimi i qenve endacakë në bashkëpunim me "
            "strehimoren",
            "Drejtoria e Bujqësisë",
            "Agjencia e Ushqimit dhe Veterinarisë",
            "Buxheti komunal",
            "Numri i qenve të sterilizuar dhe të vaksinuar",
            "{n} qen",
        ),
        ItemText(
            "Zbrinjavanje pasa lutalica",
            "Hvatanje, sterilizacija, vakcinacija i obeležavanje pasa lutalica u saradnji sa "
            "prihvatilištem",
            "Direkcija za poljoprivredu",
            "Agencija za hranu i veterinu",
            "Opštinski budžet",
            "Broj sterilisanih i vakcinisanih pasa",
            "{n} pasa",
        ),
    ),
    ItemTemplate(
        "domestic_violence",
        C.DOMESTIC_VIOLENCE,
        R.OTHER,
        (1000, 3000),
        (5, 12),
        ItemText(
            "Parandalimi i dhunës në familje",
            "Punëtori për gratë dhe të rinjtë mbi mbrojtjen nga dhuna në familje dhe shërbimet "
            "në dispozicion",
            "Qendra për Punë Sociale {seat}",
            "Stacioni Policor {seat}, Qendra për Mbrojtjen e Grave dhe Fëmijëve",
            "Buxheti komunal",
            "Numri i punëtorive dhe i pjesëmarrësve",
            "{n} punëtori",
        ),
        ItemText(
            "Prevencija nasilja u porodici",
            "Radionice za žene i mlade o zaštiti od nasilja u porodici i dostupnim uslugama",
            "Centar za socijalni rad {seat}",
            "Policijska stanica {seat}, Udruženje žena „Ruka ruci“",
            "Opštinski budžet",
            "Broj radionica i učesnika",
            "{n} radionica",
        ),
    ),
    ItemTemplate(
        "drugs",
        C.DRUGS,
        R.SCHOOL,
        (500, 2000),
        (200, 900),
        ItemText(
            "Parandalimi i përdorimit të narkotikëve te të rinjtë",
            "Ligjërata në shkollat e mesme për rreziqet e narkotikëve, me policinë dhe mjekët "
            "e familjes",
            "Shkolla e mesme e lartë",
            "Stacioni Policor {seat}, Qendra e Mjekësisë Familjare",
            "Buxheti komunal",
            "Numri i nxënësve të informuar",
            "{n} nxënës",
        ),
        ItemText(
            "Prevencija upotrebe narkotika među mladima",
            "Predavanja u srednjim školama o opasnostima narkotika, sa policijom i porodičnim "
            "lekarima",
            "Srednja škola",
            "Policijska stanica {seat}, Dom zdravlja",
            "Opštinski budžet",
            "Broj informisanih učenika",
            "{n} učenika",
        ),
    ),
    ItemTemplate(
        "lpsc",
        C.PUBLIC_ORDER,
        R.LPSC,
        (800, 2500),
        (5, 12),
        ItemText(
            "Fuqizimi i Komiteteve Lokale për Siguri Publike",
            "Takime tremujore të KLSP-ve me KKSB-në dhe trajnim për anëtarët e rinj",
            "Komitetet Lokale për Siguri Publike të komunës",
            "Stacioni Policor {seat}",
            "Buxheti komunal",
            "Numri i takimeve të KLSP-ve me raport",
            "{n} takime",
        ),
        ItemText(
            "Jačanje lokalnih komiteta za javnu bezbednost",
            "Tromesečni sastanci LKJB sa OSBZ-om i obuka za nove članove",
            "Lokalni komiteti za javnu bezbednost opštine",
            "Policijska stanica {seat}",
            "Opštinski budžet",
            "Broj sastanaka LKJB sa izveštajem",
            "{n} sastanaka",
        ),
    ),
    ItemTemplate(
        "holidays",
        C.PUBLIC_ORDER,
        R.POLICE_STATION,
        None,
        (2, 4),
        ItemText(
            "Siguria gjatë festave dhe verës",
            "Plani i sigurisë për festat e fundvitit dhe për kthimin e mërgatës: patrullime "
            "dhe kontrolle të trafikut",
            "Stacioni Policor {seat}",
            "Drejtoria e Shërbimeve Publike",
            None,
            "Numri i aksioneve të përbashkëta",
            "{n} aksione",
        ),
        ItemText(
            "Bezbednost tokom praznika i leta",
            "Bezbednosni plan za praznike na kraju godine i dolazak dijaspore: patrole i "
            "kontrole saobraćaja",
            "Policijska stanica {seat}",
            "Direkcija za javne službe",
            None,
            "Broj zajedničkih akcija",
            "{n} akcije",
        ),
    ),
    ItemTemplate(
        "waste",
        C.ENVIRONMENT_AND_HEALTH,
        R.MUNICIPAL_DIRECTORATE,
        (4000, 15000),
        (5, 20),
        ItemText(
            "Pastrimi i vendgrumbullimeve ilegale",
            "Pastrimi i {n} vendgrumbullimeve ilegale dhe vendosja e kontejnerëve",
            "Drejtoria e Shërbimeve Publike",
            "Kompania Rajonale e Mbeturinave, Inspektorati Komunal",
            "Buxheti komunal",
            "Numri i vendeve të pastruara",
            "{n} vende",
        ),
        ItemText(
            "Čišćenje divljih deponija",
            "Čišćenje {n} divljih deponija i postavljanje kontejnera",
            "Direkcija za javne službe",
            "Regionalno preduzeće za otpad, Opštinska inspekcija",
            "Opštinski budžet",
            "Broj očišćenih lokacija",
            "{n} lokacija",
        ),
    ),
    ItemTemplate(
        "emergencies",
        C.FIRE_AND_EMERGENCIES,
        R.OTHER,
        (2000, 8000),
        (2, 3),
        ItemText(
            "Gatishmëria për emergjenca dhe vërshime",
            "Ushtrim i përbashkët i shërbimeve emergjente dhe pastrimi i kanaleve para dimrit",
            "Drejtoria Komunale për Emergjenca",
            "Stacioni Policor {seat}, Kryqi i Kuq",
            "Buxheti komunal",
            "Numri i ushtrimeve të mbajtura",
            "{n} ushtrime",
        ),
        ItemText(
            "Spremnost za vanredne situacije i poplave",
            "Zajednička vežba hitnih službi i čišćenje kanala pred zimu",
            "Opštinska direkcija za vanredne situacije",
            "Policijska stanica {seat}, Crveni krst",
            "Opštinski budžet",
            "Broj održanih vežbi",
            "{n} vežbe",
        ),
    ),
    ItemTemplate(
        "movement",
        C.FREEDOM_OF_MOVEMENT,
        R.MUNICIPAL_DIRECTORATE,
        (3000, 10000),
        (2, 6),
        ItemText(
            "Liria e lëvizjes së komuniteteve joshumicë",
            "Takime të rregullta me komunitetet joshumicë dhe riparimi i rrugëve drejt {n} "
            "fshatrave",
            "Zyra Komunale për Komunitete dhe Kthim",
            "Drejtoria e Shërbimeve Publike",
            "Buxheti komunal",
            "Numri i rrugëve të riparuara dhe i takimeve",
            "{n} fshatra",
        ),
        ItemText(
            "Sloboda kretanja nevećinskih zajednica",
            "Redovni sastanci sa nevećinskim zajednicama i popravka puteva do {n} sela",
            "Opštinska kancelarija za zajednice i povratak",
            "Direkcija za javne službe",
            "Opštinski budžet",
            "Broj popravljenih puteva i održanih sastanaka",
            "{n} sela",
        ),
    ),
    ItemTemplate(
        "dialogue",
        C.INTER_ETHNIC_INCIDENT,
        R.CSO,
        (1000, 4000),
        (2, 4),
        ItemText(
            "Dialogu ndërkomunitar",
            "Tryeza të rrumbullakëta me përfaqësues të komuniteteve, liderë fetarë dhe policinë "
            "pas çdo incidenti",
            "OJQ Fqinjët e Mirë",
            "Zyra Komunale për Komunitete dhe Kthim, Misioni i OSBE-së",
            "Misioni i OSBE-së",
            "Numri i tryezave të mbajtura",
            "{n} tryeza",
        ),
        ItemText(
            "Međuzajednički dijalog",
            "Okrugli stolovi sa predstavnicima zajednica, verskim liderima i policijom posle "
            "svakog incidenta",
            "NVO Sigurna zajednica",
            "Opštinska kancelarija za zajednice i povratak, Misija OEBS-a",
            "Misija OEBS-a",
            "Broj održanih okruglih stolova",
            "{n} okrugla stola",
        ),
    ),
)

ITEMS_BY_CATEGORY: Mapping[C, tuple[ItemTemplate, ...]] = {
    category: tuple(item for item in ITEMS if item.category == category)
    for category in dict.fromkeys(item.category for item in ITEMS)
}


@dataclass(frozen=True)
class PlanTexts:
    """One language's texts for plans, comments, answers and activity reports."""

    title: str  # {seat} {year}
    summary: str  # {year} {topics}
    cancel_reasons: tuple[str, ...]
    progress_notes: tuple[str, ...]
    comments: tuple[str, ...]
    item_comments: tuple[str, ...]
    organisation_comments: tuple[str, ...]
    spam: str
    accepted_reasons: tuple[str, ...]
    partly_reasons: tuple[str, ...]
    rejected_reasons: tuple[str, ...]
    report_summary: str  # {start} {end} {count}
    adoption_note: str
    reference: str  # {code} {year} {number}
    midyear_title: str  # {year}
    annual_title: str  # {year}
    report_intro: str  # {seat} {first} {last}
    report_meetings: str  # {meetings} {consultations}
    report_items: str  # {done} {count}
    report_no_plan: str  # {year}
    report_closing: str


SQ = PlanTexts(
    title="Plani i veprimit për siguri në bashkësi {year} – KKSB {seat}",
    summary=(
        "Plani përcakton veprimet e Këshillit Komunal për Siguri në Bashkësi për vitin {year}, "
        "sipas shqetësimeve të ngritura nga qytetarët, KLSP-të dhe policia: {topics}."
    ),
    cancel_reasons=(
        "Aktivitetin e financoi dhe e realizoi një donator, prandaj u hoq nga plani.",
        "Buxheti u ridestinua për riparimet pas vërshimeve.",
        "Kuvendi Komunal nuk e miratoi mjetet e kërkuara për këtë vit.",
    ),
    progress_notes=(
        "Puna vazhdon sipas planit.",
        "U realizua pjesa e parë e aktivitetit.",
        "U nënshkrua kontrata me operatorin ekonomik.",
        "Raporti i fazës së parë u paraqit në mbledhjen e KKSB-së.",
        "Vonesë për shkak të procedurës së prokurimit.",
    ),
    comments=(
        "Propozoj që ndriçimi të përfshijë edhe rrugën që të çon te varrezat e qytetit.",
        "Në plan mungon ndonjë masë për sigurinë e grave në transportin publik.",
        "Kërkojmë që patrullimet të shtohen edhe gjatë fundjavës, jo vetëm ditëve të punës.",
        "Buxheti për qentë endacakë duket i vogël krahasuar me problemin që kemi.",
        "A mund të përfshihen edhe fshatrat e largëta në takimet me policinë?",
        "Mirë do të ishte që raportet për progresin të publikohen çdo tre muaj.",
        "Propozoj një pikë informimi për të rinjtë në qendrën rinore.",
    ),
    item_comments=(
        "Afati për këtë aktivitet është shumë i shkurtër; propozoj ta zgjatni deri në vjeshtë.",
        "Shkolla jonë nuk është në listë, edhe pse fëmijët kalojnë rrugën kryesore.",
        "Treguesi duhet të numërojë edhe pjesëmarrjen e vajzave, jo vetëm numrin total.",
        "Përgjegjësia duhet të ndahet me drejtorinë e arsimit.",
    ),
    organisation_comments=(
        "Qendra jonë ofron trajnerë vullnetarë për punëtoritë me të rinjtë, pa kosto për "
        "komunën. Propozojmë t'i shtohemi si partner.",
        "Sipas anketës sonë në lagje, ndriçimi dhe vendkalimet pranë shkollave janë dy "
        "prioritetet kryesore të banorëve. Ju lutemi t'i rendisni të parat.",
        "Rekomandojmë që çdo veprim të ketë një tregues të ndarë sipas gjinisë dhe komunitetit.",
    ),
    spam="Oferta speciale për kredi të shpejta pa garanci, na kontaktoni sot!",
    accepted_reasons=(
        "Propozimi u përfshi në plan.",
        "U shtua si tregues i veçantë.",
        "",
    ),
    partly_reasons=(
        "Propozimi u përfshi pjesërisht: buxheti i këtij viti mbulon vetëm lagjet me më shumë "
        "banorë; pjesa tjetër planifikohet për vitin e ardhshëm.",
        "Afati u zgjat me një muaj, jo deri në vjeshtë, për shkak të sezonit të ndërtimit.",
        "Patrullimet e fundjavës shtohen vetëm gjatë verës, sipas kapaciteteve të policisë.",
    ),
    rejected_reasons=(
        "Kjo çështje është në kompetencë të nivelit qendror dhe nuk mund të përfshihet në "
        "planin komunal.",
        "Propozimi nuk ka mbulim buxhetor këtë vit; do të shqyrtohet për planin e ardhshëm.",
        "Aktiviteti i propozuar tashmë mbulohet nga një veprim tjetër i planit.",
    ),
    report_summary=(
        "Projektplani u publikua për konsultim publik nga {start} deri më {end}. Komente të "
        "pranuara: {count}. Secili është renditur më poshtë me përgjigjen e këshillit dhe "
        "arsyen e saj."
    ),
    adoption_note="Plani u miratua me shumicë votash pas diskutimit të komenteve të qytetarëve.",
    reference="{code}-016/{year}-{number}",
    midyear_title="Raporti gjashtëmujor i punës {year}",
    annual_title="Raporti vjetor i punës {year}",
    report_intro=(
        "Këshilli Komunal për Siguri në Bashkësi – {seat}. Periudha e raportimit: {first} – {last}."
    ),
    report_meetings=(
        "Mbledhje të mbajtura të këshillit: {meetings}. Konsultime publike: {consultations}."
    ),
    report_items="Veprime të përfunduara të planit të veprimit: {done} nga {count}.",
    report_no_plan="Këshilli nuk ka plan veprimi të miratuar për vitin {year}.",
    report_closing=(
        "Raporti i dërgohet Kuvendit Komunal dhe Ministrisë së Punëve të Brendshme, sipas "
        "Udhëzimit Administrativ."
    ),
)

SR = PlanTexts(
    title="Akcioni plan za bezbednost u zajednici {year} – OSBZ {seat}",
    summary=(
        "Plan utvrđuje aktivnosti Opštinskog saveta za bezbednost u zajednici za {year}. "
        "godinu, prema problemima koje su izneli građani, LKJB i policija: {topics}."
    ),
    cancel_reasons=(
        "Aktivnost je finansirao i sproveo donator, pa je uklonjena iz plana.",
        "Budžet je preusmeren na popravke posle poplava.",
        "Skupština opštine nije odobrila tražena sredstva za ovu godinu.",
    ),
    progress_notes=(
        "Radovi se nastavljaju po planu.",
        "Sproveden je prvi deo aktivnosti.",
        "Potpisan je ugovor sa izvođačem.",
        "Izveštaj o prvoj fazi predstavljen je na sastanku OSBZ-a.",
        "Kašnjenje zbog postupka javne nabavke.",
    ),
    comments=(
        "Predlažem da rasveta obuhvati i put do gradskog groblja.",
        "U planu nedostaje mera za bezbednost žena u javnom prevozu.",
        "Tražimo da se patrole pojačaju i vikendom, a ne samo radnim danima.",
        "Budžet za pse lutalice izgleda mali u odnosu na problem koji imamo.",
        "Da li se i udaljena sela mogu uključiti u sastanke sa policijom?",
        "Bilo bi dobro da se izveštaji o napretku objavljuju svaka tri meseca.",
        "Predlažem info-punkt za mlade u omladinskom centru.",
    ),
    item_comments=(
        "Rok za ovu aktivnost je prekratak; predlažem da se produži do jeseni.",
        "Naša škola nije na spisku, iako deca prelaze glavni put.",
        "Pokazatelj treba da broji i učešće devojčica, a ne samo ukupan broj.",
        "Odgovornost treba podeliti sa direkcijom za obrazovanje.",
    ),
    organisation_comments=(
        "Naš centar nudi trenere volontere za radionice sa mladima, bez troškova za opštinu. "
        "Predlažemo da nas uključite kao partnera.",
        "Prema našoj anketi po naseljima, rasveta i pešački prelazi kod škola su dva glavna "
        "prioriteta stanovnika. Molimo da ih stavite na prvo mesto.",
        "Preporučujemo da svaka aktivnost ima pokazatelj razvrstan po polu i zajednici.",
    ),
    spam="Specijalna ponuda brzih kredita bez garancije, javite nam se danas!",
    accepted_reasons=(
        "Predlog je uvršten u plan.",
        "Dodat je kao poseban pokazatelj.",
        "",
    ),
    partly_reasons=(
        "Predlog je delimično uvršten: ovogodišnji budžet pokriva samo najnaseljenija "
        "naselja; ostatak se planira za narednu godinu.",
        "Rok je produžen za mesec dana, a ne do jeseni, zbog građevinske sezone.",
        "Vikend patrole se uvode samo tokom leta, u skladu sa kapacitetima policije.",
    ),
    rejected_reasons=(
        "Ovo pitanje je u nadležnosti centralnog nivoa i ne može se uvrstiti u opštinski plan.",
        "Predlog nema budžetsko pokriće ove godine; razmotriće se za naredni plan.",
        "Predložena aktivnost je već obuhvaćena drugom aktivnošću plana.",
    ),
    report_summary=(
        "Nacrt plana je bio objavljen na javnu konsultaciju od {start} do {end}. Broj "
        "primljenih komentara: {count}. Svaki je naveden u nastavku sa odgovorom saveta i "
        "obrazloženjem."
    ),
    adoption_note="Plan je usvojen većinom glasova posle razmatranja komentara građana.",
    reference="{code}-016/{year}-{number}",
    midyear_title="Polugodišnji izveštaj o radu {year}",
    annual_title="Godišnji izveštaj o radu {year}",
    report_intro=(
        "Opštinski savet za bezbednost u zajednici – {seat}. Izveštajni period: {first} – {last}."
    ),
    report_meetings=("Održani sastanci saveta: {meetings}. Javne konsultacije: {consultations}."),
    report_items="Završene aktivnosti akcionog plana: {done} od {count}.",
    report_no_plan="Savet nema usvojen akcioni plan za {year}. godinu.",
    report_closing=(
        "Izveštaj se dostavlja Skupštini opštine i Ministarstvu unutrašnjih poslova, u skladu "
        "sa Administrativnim uputstvom."
    ),
)

TEXTS: Mapping[str, PlanTexts] = {"sq": SQ, "sr": SR}
