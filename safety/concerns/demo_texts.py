"""Demo concern texts: what citizens write and councils answer, in Albanian and Serbian (Latin).

Albanian- (and Turkish-) majority councils write in Albanian, Serb-majority ones in Serbian,
as the meetings demo does. Texts name no place inside a sentence (a place name cannot take
the case Albanian "në" asks for): the settlement has a field of its own.
"""

# Names and institutions are spelled as their owners spell them.
# ruff: noqa: RUF001

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from safety.concerns.models import ConcernCategory as C


@dataclass(frozen=True)
class ConcernTexts:
    """One language's texts for the concerns demo."""

    titles: Mapping[C, tuple[str, ...]]
    descriptions: Mapping[C, tuple[str, ...]]
    closings: tuple[str, ...]
    acknowledgement: str
    referred: str  # {body}
    planned: str
    resolved: Mapping[C, tuple[str, ...]]
    resolved_any: tuple[str, ...]
    after_referral: str
    reject_answer: str
    reject_reasons: tuple[str, ...]
    duplicate: str  # {reference}
    reopen_reasons: tuple[str, ...]
    after_reopening: str
    notes: tuple[str, ...]
    spam_titles: tuple[str, ...]
    spam_text: str
    spam_reason: str
    police: str  # {seat}
    lpsc: str  # {settlement}
    mocr: str
    social_work: str  # {seat}
    emergencies: str
    inspectorate: str
    directorates: Mapping[C, str]
    templates: tuple[tuple[str, str], ...]


SQ = ConcernTexts(
    titles={
        C.WEAPONS: (
            "Të shtëna me armë zjarri gjatë dasmave në lagje",
            "Armë pa leje te të rinjtë pranë lokaleve",
            "Të shtëna në ajër natën e Vitit të Ri",
        ),
        C.TRAFFIC_AND_SCHOOL_SAFETY: (
            "Mungon vendkalimi për këmbësorë para shkollës fillore",
            "Shpejtësi e tepërt e veturave pranë shkollës",
            "Nevojiten pragje zvogëluese të shpejtësisë në rrugën kryesore",
            "Fëmijët ecin në rrugë sepse nuk ka trotuar",
        ),
        C.LIGHTING_AND_INFRASTRUCTURE: (
            "Ndriçimi publik mungon në rrugën e shkollës",
            "Llambat e rrugës nuk punojnë prej disa javësh",
            "Kapaku i pusetës mungon në trotuar",
            "Ura e këmbësorëve është e dëmtuar",
        ),
        C.STRAY_DOGS: (
            "Qentë endacakë pranë stacionit të autobusëve",
            "Tufë qensh endacakë në oborrin e shkollës",
            "Qentë endacakë sulmuan një kalimtar",
        ),
        C.DRUGS: (
            "Shitje e narkotikëve pranë shkollës së mesme",
            "Të rinj që përdorin drogë në parkun e lagjes",
        ),
        C.DOMESTIC_VIOLENCE: (
            "Dhunë në familje e raportuar nga fqinjët",
            "Grua dhe fëmijë në rrezik nga dhuna në shtëpi",
            "Kërkesë për strehim të sigurt për një viktimë të dhunës",
        ),
        C.THEFT_AND_BURGLARY: (
            "Vjedhje të shpeshta në shtëpitë e mërgimtarëve",
            "Vjedhje e kabllove të rrymës në fshat",
            "Thyerje të veturave në parkingun e lagjes",
        ),
        C.INTER_ETHNIC_INCIDENT: (
            "Grafite fyese në murin e kishës",
            "Përleshje mes të rinjve të komuniteteve të ndryshme",
            "Gurë të hedhur mbi autobusin e nxënësve",
        ),
        C.FREEDOM_OF_MOVEMENT: (
            "Kthyesit kanë frikë të udhëtojnë në qytet",
            "Linja e autobusit për fshatin është ndërprerë",
        ),
        C.PUBLIC_ORDER: (
            "Zhurmë dhe përleshje natën pranë lokaleve",
            "Tubime të të rinjve me alkool në park",
        ),
        C.YOUTH_RADICALISATION: (
            "Shqetësim për radikalizimin e të rinjve në lagje",
            "Grupe të panjohura që rekrutojnë të rinj në internet",
        ),
        C.ENVIRONMENT_AND_HEALTH: (
            "Deponi ilegale e mbeturinave pranë lumit",
            "Djegia e mbeturinave ndot ajrin në lagje",
            "Ujë i pijshëm i ndotur në fshat",
        ),
        C.FIRE_AND_EMERGENCIES: (
            "Hidrantët e zjarrit nuk funksionojnë",
            "Rruga për zjarrfikësit është e bllokuar nga veturat",
            "Rrezik vërshimi pas shirave të dendura",
        ),
        C.PROPERTY_DISPUTE: (
            "Mosmarrëveshje për kufirin e parcelës mes fqinjëve",
            "Uzurpim i tokës së një familjeje të kthyer",
        ),
        C.OTHER: (
            "Kërkesë për kamera sigurie në qendër",
            "Mungojnë patrullat policore në fshat",
        ),
    },
    descriptions={
        C.WEAPONS: (
            "Çdo fundjavë gjatë ahengjeve dëgjohen të shtëna me armë zjarri. Fëmijët dhe të "
            "moshuarit janë të frikësuar dhe askush nuk ndihet i sigurt jashtë pas errësirës.",
            "Disa të rinj mbajnë armë hapur pranë kafeneve në qendër. Kërkojmë kontrolle të "
            "rregullta nga policia.",
        ),
        C.TRAFFIC_AND_SCHOOL_SAFETY: (
            "Nxënësit kalojnë rrugën kryesore pa vendkalim dhe pa sinjalizim. Veturat lëvizin "
            "me shpejtësi të madhe në orët kur fillon dhe mbaron mësimi.",
            "Rruga për në shkollë nuk ka trotuar, kështu që fëmijët ecin në mes të rrugës. "
            "Kërkojmë trotuar dhe shenja trafiku.",
        ),
        C.LIGHTING_AND_INFRASTRUCTURE: (
            "Rruga është krejtësisht e errët pas orës 17:00 dhe banorët, sidomos gratë dhe "
            "fëmijët, kanë frikë të ecin vetëm.",
            "Pusetat e hapura dhe gropat në rrugë janë rrezik për këmbësorët dhe për "
            "vozitësit, veçanërisht natën.",
        ),
        C.STRAY_DOGS: (
            "Një tufë me qen endacakë qëndron çdo ditë në këtë vend. Disa nxënës janë sulmuar "
            "dhe prindërit i shoqërojnë fëmijët deri në shkollë.",
        ),
        C.DRUGS: (
            "Banorët kanë vërejtur persona të panjohur që u shesin substanca narkotike "
            "nxënësve pas mësimit. Kërkojmë prani më të shpeshtë të policisë.",
        ),
        C.DOMESTIC_VIOLENCE: (
            "Fqinjët dëgjojnë shpesh britma dhe zëra dhune nga një shtëpi në lagje. Kanë frikë "
            "ta lajmërojnë vetë dhe kërkojnë që institucionet të veprojnë.",
            "Një grua me dy fëmijë ka kërkuar ndihmë pas dhunës së përsëritur në shtëpi dhe "
            "nuk ka ku të strehohet.",
        ),
        C.THEFT_AND_BURGLARY: (
            "Gjatë muajit të fundit janë vjedhur disa shtëpi dhe vetura. Banorët kërkojnë "
            "patrullime gjatë natës dhe kamera sigurie.",
        ),
        C.INTER_ETHNIC_INCIDENT: (
            "Pas incidentit banorët e komunitetit joshumicë ndihen të pasigurt. Kërkojnë që "
            "këshilli të takojë përfaqësuesit e të dy komuniteteve.",
        ),
        C.FREEDOM_OF_MOVEMENT: (
            "Familjet e kthyera thonë se nuk ndihen të sigurta kur udhëtojnë për në qendër të "
            "komunës dhe se linja e autobusit nuk qarkullon më rregullisht.",
        ),
        C.PUBLIC_ORDER: (
            "Çdo natë pas mesnatës ka zhurmë, muzikë të lartë dhe përleshje. Banorët nuk mund "
            "të flenë dhe kanë frikë të ankohen.",
        ),
        C.YOUTH_RADICALISATION: (
            "Prindërit janë të shqetësuar se disa të rinj po ndikohen nga grupe ekstremiste. "
            "Kërkojnë aktivitete për të rinjtë dhe bashkëpunim me shkollat.",
        ),
        C.ENVIRONMENT_AND_HEALTH: (
            "Mbeturinat hidhen çdo ditë në këtë vend dhe digjen natën. Tymi dhe era e rëndë "
            "rrezikojnë shëndetin e fëmijëve.",
        ),
        C.FIRE_AND_EMERGENCIES: (
            "Në rast zjarri automjetet e zjarrfikësve nuk mund të kalojnë, sepse rruga është e "
            "ngushtë dhe e zënë nga veturat e parkuara.",
            "Pas çdo shiu të dendur uji hyn në shtëpitë pranë përroit dhe rruga bëhet e "
            "pakalueshme.",
        ),
        C.PROPERTY_DISPUTE: (
            "Mosmarrëveshja për pronën ka shkaktuar kërcënime mes familjeve. Kërkojmë që komuna "
            "dhe policia të ndërhyjnë para se situata të përshkallëzohet.",
        ),
        C.OTHER: (
            "Banorët kërkojnë që këshilli ta shqyrtojë këtë çështje në mbledhjen e ardhshme.",
        ),
    },
    closings=(
        "Banorët kërkojnë që këshilli ta shqyrtojë çështjen sa më shpejt.",
        "Ju lutemi të na njoftoni se çfarë do të ndërmerret.",
        "Problemi është paraqitur edhe më herët, por pa rezultat.",
        "",
    ),
    acknowledgement=(
        "Faleminderit për shqetësimin. KKSB-ja e ka pranuar dhe po e shqyrton; do t'ju "
        "njoftojmë për hapat e mëtejshëm."
    ),
    referred=(
        "Shqetësimi juaj i është përcjellë institucionit përgjegjës: {body}. KKSB-ja do ta "
        "ndjekë zgjidhjen e tij."
    ),
    planned=(
        "KKSB-ja e ka përfshirë këtë shqetësim në planin e veprimit për siguri në bashkësi. Do "
        "të raportojmë për zbatimin e masave."
    ),
    resolved={
        C.LIGHTING_AND_INFRASTRUCTURE: (
            "Drejtoria e Shërbimeve Publike ka riparuar ndriçimin dhe ka vendosur llamba të "
            "reja. Faleminderit që na njoftuat.",
        ),
        C.STRAY_DOGS: (
            "Shërbimi komunal i ka kapur qentë dhe i ka dërguar në strehimore. Faleminderit për "
            "durimin.",
        ),
        C.TRAFFIC_AND_SCHOOL_SAFETY: (
            "Janë vendosur shenjat e trafikut dhe vendkalimi para shkollës; policia kontrollon "
            "shpejtësinë në orët e mësimit.",
        ),
    },
    resolved_any=(
        "Problemi është zgjidhur: institucioni përgjegjës ka ndërmarrë masat e nevojshme. "
        "Faleminderit për bashkëpunimin.",
        "Policia ka shtuar patrullimet në këtë zonë dhe situata është përmirësuar.",
        "Drejtoria përgjegjëse ka kryer punimet e kërkuara.",
    ),
    after_referral=(
        "Institucioni të cilit iu përcoll shqetësimi na ka njoftuar se problemi është zgjidhur."
    ),
    reject_answer=(
        "Pas shqyrtimit, KKSB-ja konstatoi se nuk mund ta trajtojë këtë çështje. Arsyeja është "
        "shënuar më poshtë."
    ),
    reject_reasons=(
        "Çështja nuk është në kompetencë të KKSB-së; është mosmarrëveshje civile për gjykatën.",
        "Pas verifikimit në terren nuk u gjet asnjë e dhënë që e vërteton shqetësimin.",
        "Shqetësimi nuk ka të bëjë me sigurinë në bashkësi.",
    ),
    duplicate=(
        "I njëjti shqetësim është paraqitur më herët me referencën {reference}; do ta ndjekim "
        "aty dhe do t'ju njoftojmë për zgjidhjen."
    ),
    reopen_reasons=(
        "Problemi është shfaqur përsëri pas dy javësh.",
        "Punimet nuk janë kryer ende, edhe pse u tha se problemi është zgjidhur.",
    ),
    after_reopening=(
        "E kemi verifikuar përsëri në terren dhe institucioni përgjegjës e ka kryer punën "
        "deri në fund."
    ),
    notes=(
        "Biseduar me komandantin e stacionit; patrulla do të dërgohet këtë javë.",
        "Kontaktuar me drejtorinë; punimet janë planifikuar për muajin e ardhshëm.",
        "Parashtruesi u kontaktua me telefon për detaje shtesë.",
        "Për t'u diskutuar në mbledhjen e ardhshme të KKSB-së.",
    ),
    spam_titles=("Ofertë speciale për kredi të shpejta", "Shitet veturë në gjendje të mirë"),
    spam_text="Kontaktoni sot për ofertën më të mirë në qytet!",
    spam_reason="Reklamë, jo shqetësim për sigurinë.",
    police="Stacioni Policor {seat}",
    lpsc="Komiteti Lokal për Siguri Publike – {settlement}",
    mocr="Zyra Komunale për Komunitete dhe Kthim",
    social_work="Qendra për Punë Sociale {seat}",
    emergencies="Agjencia për Menaxhimin e Emergjencave",
    inspectorate="Inspektorati Komunal",
    directorates={
        C.TRAFFIC_AND_SCHOOL_SAFETY: "Drejtoria e Urbanizmit",
        C.LIGHTING_AND_INFRASTRUCTURE: "Drejtoria e Shërbimeve Publike",
        C.STRAY_DOGS: "Drejtoria e Shërbimeve Publike",
        C.ENVIRONMENT_AND_HEALTH: "Drejtoria e Shëndetësisë dhe Mirëqenies Sociale",
        C.YOUTH_RADICALISATION: "Drejtoria e Arsimit",
    },
    templates=(
        (
            "Konfirmim i pranimit",
            "Faleminderit për shqetësimin. KKSB-ja e ka pranuar dhe do t'ju përgjigjet brenda "
            "30 ditësh.",
        ),
        (
            "Përcjellë te policia",
            "Shqetësimi juaj i është përcjellë Stacionit Policor, i cili është përgjegjës për "
            "këtë çështje. KKSB-ja do ta ndjekë rastin.",
        ),
        (
            "Jashtë kompetencës",
            "Pas shqyrtimit, KKSB-ja konstatoi se kjo çështje nuk është në kompetencë të saj. "
            "Ju këshillojmë t'i drejtoheni institucionit përgjegjës.",
        ),
        (
            "Zgjidhur",
            "Problemi është zgjidhur nga institucioni përgjegjës. Faleminderit për bashkëpunimin.",
        ),
    ),
)

SR = ConcernTexts(
    titles={
        C.WEAPONS: (
            "Pucnjava iz vatrenog oružja tokom svadbi u naselju",
            "Mladi nose oružje bez dozvole kod kafića",
            "Pucanje u vazduh u novogodišnjoj noći",
        ),
        C.TRAFFIC_AND_SCHOOL_SAFETY: (
            "Nedostaje pešački prelaz ispred osnovne škole",
            "Prebrza vožnja automobila kod škole",
            "Potrebni su usporivači brzine na glavnom putu",
            "Deca hodaju po kolovozu jer nema trotoara",
        ),
        C.LIGHTING_AND_INFRASTRUCTURE: (
            "Nedostaje javna rasveta kod škole",
            "Ulične svetiljke ne rade već nekoliko nedelja",
            "Nedostaje poklopac šahta na trotoaru",
            "Pešački most je oštećen",
        ),
        C.STRAY_DOGS: (
            "Psi lutalice kod autobuske stanice",
            "Čopor pasa lutalica u dvorištu škole",
            "Psi lutalice napali prolaznika",
        ),
        C.DRUGS: (
            "Prodaja narkotika kod srednje škole",
            "Mladi koriste drogu u parku u naselju",
        ),
        C.DOMESTIC_VIOLENCE: (
            "Nasilje u porodici koje su prijavile komšije",
            "Žena i deca ugroženi nasiljem u kući",
            "Zahtev za sigurnu kuću za žrtvu nasilja",
        ),
        C.THEFT_AND_BURGLARY: (
            "Česte krađe u kućama iseljenika",
            "Krađa električnih kablova u selu",
            "Provale u automobile na parkingu u naselju",
        ),
        C.INTER_ETHNIC_INCIDENT: (
            "Uvredljivi grafiti na zidu crkve",
            "Tuča mladih iz različitih zajednica",
            "Kamenovanje autobusa sa učenicima",
        ),
        C.FREEDOM_OF_MOVEMENT: (
            "Povratnici se plaše da putuju u grad",
            "Ukinuta autobuska linija za selo",
        ),
        C.PUBLIC_ORDER: (
            "Buka i tuče noću kod kafića",
            "Okupljanja mladih uz alkohol u parku",
        ),
        C.YOUTH_RADICALISATION: (
            "Zabrinutost zbog radikalizacije mladih u naselju",
            "Nepoznate grupe vrbuju mlade preko interneta",
        ),
        C.ENVIRONMENT_AND_HEALTH: (
            "Divlja deponija smeća pored reke",
            "Spaljivanje smeća zagađuje vazduh u naselju",
            "Zagađena pijaća voda u selu",
        ),
        C.FIRE_AND_EMERGENCIES: (
            "Hidranti ne rade",
            "Parkirani automobili blokiraju put za vatrogasce",
            "Opasnost od poplava posle obilnih kiša",
        ),
        C.PROPERTY_DISPUTE: (
            "Spor oko granice parcele između komšija",
            "Uzurpacija zemlje porodice povratnika",
        ),
        C.OTHER: (
            "Zahtev za sigurnosne kamere u centru",
            "Nedostaju policijske patrole u selu",
        ),
    },
    descriptions={
        C.WEAPONS: (
            "Svakog vikenda tokom proslava čuje se pucnjava iz vatrenog oružja. Deca i stariji "
            "su uplašeni i niko se ne oseća bezbedno napolju posle mraka.",
            "Nekoliko mladića otvoreno nosi oružje kod kafića u centru. Tražimo redovne "
            "kontrole policije.",
        ),
        C.TRAFFIC_AND_SCHOOL_SAFETY: (
            "Učenici prelaze glavni put bez pešačkog prelaza i signalizacije. Automobili jure u "
            "vreme kada počinje i završava se nastava.",
            "Put do škole nema trotoar, pa deca hodaju sredinom kolovoza. Tražimo trotoar i "
            "saobraćajne znakove.",
        ),
        C.LIGHTING_AND_INFRASTRUCTURE: (
            "Ulica je potpuno mračna posle 17 časova i stanovnici, naročito žene i deca, plaše "
            "se da idu sami.",
            "Otvoreni šahtovi i rupe na putu opasni su za pešake i vozače, naročito noću.",
        ),
        C.STRAY_DOGS: (
            "Čopor pasa lutalica svakodnevno boravi na ovom mestu. Nekoliko učenika je napadnuto "
            "i roditelji prate decu do škole.",
        ),
        C.DRUGS: (
            "Stanovnici su primetili nepoznate osobe koje posle nastave prodaju narkotike "
            "učenicima. Tražimo češće prisustvo policije.",
        ),
        C.DOMESTIC_VIOLENCE: (
            "Komšije često čuju vike i zvuke nasilja iz jedne kuće u naselju. Plaše se da sami "
            "prijave i traže da institucije reaguju.",
            "Žena sa dvoje dece potražila je pomoć posle ponovljenog nasilja u kući i nema gde "
            "da se skloni.",
        ),
        C.THEFT_AND_BURGLARY: (
            "Tokom poslednjeg meseca opljačkano je nekoliko kuća i automobila. Stanovnici traže "
            "noćne patrole i sigurnosne kamere.",
        ),
        C.INTER_ETHNIC_INCIDENT: (
            "Posle incidenta stanovnici nevećinske zajednice se ne osećaju bezbedno. Traže da se "
            "savet sastane sa predstavnicima obe zajednice.",
        ),
        C.FREEDOM_OF_MOVEMENT: (
            "Porodice povratnika kažu da se ne osećaju bezbedno kada putuju do centra opštine i "
            "da autobuska linija više ne saobraća redovno.",
        ),
        C.PUBLIC_ORDER: (
            "Svake noći posle ponoći ima buke, glasne muzike i tuča. Stanovnici ne mogu da "
            "spavaju i plaše se da se žale.",
        ),
        C.YOUTH_RADICALISATION: (
            "Roditelji su zabrinuti da na neke mlade utiču ekstremističke grupe. Traže "
            "aktivnosti za mlade i saradnju sa školama.",
        ),
        C.ENVIRONMENT_AND_HEALTH: (
            "Smeće se svakodnevno baca na ovo mesto i noću se pali. Dim i težak miris ugrožavaju "
            "zdravlje dece.",
        ),
        C.FIRE_AND_EMERGENCIES: (
            "U slučaju požara vatrogasna vozila ne mogu da prođu jer je ulica uska i zauzeta "
            "parkiranim automobilima.",
            "Posle svake jake kiše voda ulazi u kuće pored potoka i put postaje neprohodan.",
        ),
        C.PROPERTY_DISPUTE: (
            "Imovinski spor je izazvao pretnje između porodica. Tražimo da opština i policija "
            "reaguju pre nego što se situacija pogorša.",
        ),
        C.OTHER: ("Stanovnici traže da savet razmotri ovo pitanje na sledećem sastanku.",),
    },
    closings=(
        "Stanovnici traže da savet što pre razmotri ovaj problem.",
        "Molimo vas da nas obavestite šta će biti preduzeto.",
        "Problem je prijavljen i ranije, ali bez rezultata.",
        "",
    ),
    acknowledgement=(
        "Hvala na prijavi. OSBZ ju je primio i razmatra; obavestićemo vas o daljim koracima."
    ),
    referred=(
        "Vaša prijava je prosleđena nadležnoj instituciji: {body}. OSBZ će pratiti njeno rešavanje."
    ),
    planned=(
        "OSBZ je uvrstio ovaj problem u akcioni plan za bezbednost u zajednici. Izveštavaćemo "
        "o sprovođenju mera."
    ),
    resolved={
        C.LIGHTING_AND_INFRASTRUCTURE: (
            "Direkcija za javne službe je popravila rasvetu i postavila nove svetiljke. Hvala "
            "što ste nas obavestili.",
        ),
        C.STRAY_DOGS: (
            "Komunalna služba je uhvatila pse i smestila ih u prihvatilište. Hvala na strpljenju.",
        ),
        C.TRAFFIC_AND_SCHOOL_SAFETY: (
            "Postavljeni su saobraćajni znakovi i pešački prelaz ispred škole; policija "
            "kontroliše brzinu u vreme nastave.",
        ),
    },
    resolved_any=(
        "Problem je rešen: nadležna institucija je preduzela potrebne mere. Hvala na saradnji.",
        "Policija je pojačala patrole u ovom području i situacija se poboljšala.",
        "Nadležna direkcija je izvela tražene radove.",
    ),
    after_referral="Institucija kojoj je prijava prosleđena obavestila nas je da je problem rešen.",
    reject_answer=(
        "Nakon razmatranja, OSBZ je utvrdio da ne može da postupa po ovoj prijavi. Razlog je "
        "naveden u nastavku."
    ),
    reject_reasons=(
        "Pitanje nije u nadležnosti OSBZ-a; radi se o građanskom sporu za sud.",
        "Proverom na terenu nisu pronađeni podaci koji potvrđuju prijavu.",
        "Prijava se ne odnosi na bezbednost u zajednici.",
    ),
    duplicate=(
        "Isti problem je prijavljen ranije pod brojem {reference}; pratićemo ga tamo i "
        "obavestiti vas o rešenju."
    ),
    reopen_reasons=(
        "Problem se ponovo pojavio posle dve nedelje.",
        "Radovi još nisu izvedeni iako je rečeno da je problem rešen.",
    ),
    after_reopening=(
        "Ponovo smo proverili na terenu i nadležna institucija je završila posao do kraja."
    ),
    notes=(
        "Razgovarano sa komandirom stanice; patrola će biti upućena ove nedelje.",
        "Kontaktirana direkcija; radovi su planirani za sledeći mesec.",
        "Podnosilac je kontaktiran telefonom radi dodatnih detalja.",
        "Za razmatranje na sledećem sastanku OSBZ-a.",
    ),
    spam_titles=("Specijalna ponuda za brze kredite", "Prodajem automobil u dobrom stanju"),
    spam_text="Javite se danas za najbolju ponudu u gradu!",
    spam_reason="Reklama, nije bezbednosni problem.",
    police="Policijska stanica {seat}",
    lpsc="Lokalni komitet za javnu bezbednost – {settlement}",
    mocr="Opštinska kancelarija za zajednice i povratak",
    social_work="Centar za socijalni rad {seat}",
    emergencies="Agencija za upravljanje vanrednim situacijama",
    inspectorate="Opštinska inspekcija",
    directorates={
        C.TRAFFIC_AND_SCHOOL_SAFETY: "Direkcija za urbanizam",
        C.LIGHTING_AND_INFRASTRUCTURE: "Direkcija za javne službe",
        C.STRAY_DOGS: "Direkcija za javne službe",
        C.ENVIRONMENT_AND_HEALTH: "Direkcija za zdravstvo i socijalnu zaštitu",
        C.YOUTH_RADICALISATION: "Direkcija za obrazovanje",
    },
    templates=(
        (
            "Potvrda prijema",
            "Hvala na prijavi. OSBZ ju je primio i odgovoriće vam u roku od 30 dana.",
        ),
        (
            "Prosleđeno policiji",
            "Vaša prijava je prosleđena policijskoj stanici, koja je nadležna za ovo pitanje. "
            "OSBZ će pratiti slučaj.",
        ),
        (
            "Van nadležnosti",
            "Nakon razmatranja, OSBZ je utvrdio da ovo pitanje nije u njegovoj nadležnosti. "
            "Savetujemo vam da se obratite nadležnoj instituciji.",
        ),
        ("Rešeno", "Nadležna institucija je rešila problem. Hvala na saradnji."),
    ),
)

TEXTS: Mapping[str, ConcernTexts] = {"sq": SQ, "sr": SR}

# Settlements and neighbourhoods concerns come from, by municipality code, in the council's
# language (Serb-majority municipalities' names in Serbian).
SETTLEMENTS: Mapping[str, tuple[str, ...]] = {
    "01": ("Dardania", "Ulpiana", "Kodra e Diellit", "Arbëria", "Lakrishtë", "Kalabria", "Hajvali"),
    "02": ("Lluzhan", "Sfeçël", "Batllavë", "Bradash", "Orllan", "Dobratin"),
    "03": ("Bresje", "Kuzmin", "Henc", "Harilaq", "Sllatinë e Madhe", "Lagjja e Stacionit"),
    "04": ("Plemetin", "Milloshevë", "Hamidi", "Sibofc", "Dardhishtë", "Palaj"),
    "05": ("Magurë", "Janjevë", "Gadime", "Llugaxhi", "Sllovi", "Konjuh"),
    "06": ("Korroticë", "Komoran", "Poklek", "Çikatovë", "Vasilevë", "Llapushnik"),
    "07": ("Gračanica", "Laplje Selo", "Preoce", "Čaglavica", "Sušica", "Ugljare"),
    "08": ("Bair", "Tavnik", "Shipol", "Zhabar", "Vaganicë", "Kqiq"),
    "09": ("Bošnjačka mahala", "Mikronaselje", "Sunčani breg", "Brđani", "Suvi Do"),
    "10": ("Lešak", "Sočanica", "Dren", "Ibarska Slatina", "Leposavić"),
    "11": ("Žitkovac", "Banjska", "Valač", "Boljetin", "Zvečan"),
    "13": ("Pantinë", "Smrekonicë", "Stanofc", "Priluzhë", "Maxhunaj", "Gojbulë"),
    "14": ("Prekaz", "Likoshan", "Açarevë", "Runik", "Polac", "Klinë e Epërme"),
    "15": ("Kapeshnicë", "Karagaç", "Vitomiricë", "Gorazhdec", "Loxhë", "Drelaj"),
    "16": ("Osojan", "Banjë", "Dubravë", "Gurrakoc", "Zallq", "Vrellë"),
    "17": ("Grabanicë", "Deiq", "Dollc", "Qeskovë", "Gjurgjevik", "Zllakuqan"),
    "18": ("Brekoc", "Çabrat", "Çarshia e Madhe", "Bishtazhin", "Rogovë", "Korenicë"),
    "19": ("Isniq", "Strellc", "Carrabreg", "Irzniq", "Lumbardh", "Gllogjan"),
    "20": ("Lagjja Gjocaj", "Lagjja Jasiq", "Lagjja Shehu", "Qendra"),
    "21": ("Hoçë e Madhe", "Xërxë", "Krushë e Madhe", "Ratkoc", "Opterushë", "Drenoc"),
    "22": ("Sredskë", "Shadërvan", "Arbana", "Lubizhdë", "Zhur", "Dushanovë", "Korishë"),
    "23": ("Brod", "Restelicë", "Bresanë", "Kuk", "Zaplluxhe", "Buzez"),
    "24": ("Mushtisht", "Studençan", "Reshtan", "Samadrexhë", "Sallagrazhdë", "Gjinoc"),
    "25": ("Kijevë", "Bellanicë", "Banjë", "Carrallukë", "Turjakë", "Mleqan"),
    "26": ("Qendra", "Lagjja e Xhamisë", "Lagjja e Re", "Rruga e Prizrenit"),
    "27": ("Dubravë", "Nerodime e Epërme", "Sojevë", "Greme", "Softaj", "Talinoc"),
    "28": ("Stagovë", "Ivajë", "Doganaj", "Kotlinë", "Biçec"),
    "29": ("Mollopolc", "Petrovë", "Gjurkoc", "Reçak", "Belincë"),
    "30": ("Brezovica", "Sevce", "Gotovuša", "Donja Bitinja", "Vrbeštica", "Firaja"),
    "31": ("Paldenicë", "Gorancë", "Dermjak", "Seçishtë"),
    "32": ("Shillovë", "Përlepnicë", "Zhegër", "Livoç i Epërm", "Dheu i Bardhë", "Arbëria"),
    "33": ("Koretin", "Ropotovë", "Ranatoc", "Hodonoc", "Topanicë", "Krilevë"),
    "34": ("Letnicë", "Binçë", "Pozheran", "Smirë", "Ramnishtë"),
    "35": ("Bostane", "Prekovce", "Jasenovik", "Manišince", "Koretište", "Zebince"),
    "36": ("Klokot", "Vrbovac", "Grnčar", "Mogila"),
    "37": ("Ranilug", "Bozovce", "Pančelo", "Glogovce", "Ropotovo Veliko", "Domorovce"),
}
