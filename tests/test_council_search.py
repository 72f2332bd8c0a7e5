"""The council search finds what people type: definite, colloquial and English names."""

from __future__ import annotations

import re

import pytest

from safety.councils.models import Municipality
from safety.councils.search import matches_name, words


@pytest.fixture(autouse=True)
def english(app):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


def found(client, query: str) -> list[str]:
    response = client.get("/councils/", query_string={"q": query})
    assert response.status_code == 200
    return re.findall(r'<th scope="row"><a href="/councils/\d+">([^<]+)</a>', response.text)


@pytest.mark.parametrize(
    ("query", "council"),
    [
        # Albanian definite forms, as people write the town's name in a sentence.
        ("Prishtina", "Prishtinë/Priština"),
        ("Peja", "Pejë/Peć"),
        ("Gjakova", "Gjakovë/Đakovica"),
        ("Prizreni", "Prizren"),
        ("Mitrovica e Veriut", "Mitrovicë e Veriut/Severna Mitrovica"),
        ("Mitrovica e Jugut", "Mitrovicë e Jugut/Južna Mitrovica"),
        ("Ferizaj", "Ferizaj/Uroševac"),
        ("Ferizaji", "Ferizaj/Uroševac"),
        ("Gjilani", "Gjilan/Gnjilane"),
        ("Podujeva", "Podujevë/Podujevo"),
        ("Vushtrria", "Vushtrri/Vučitrn"),
        ("Suhareka", "Suharekë/Suva Reka"),
        ("Rahoveci", "Rahovec/Orahovac"),
        ("Skenderaji", "Skenderaj/Srbica"),
        ("Kamenica", "Kamenicë/Kamenica"),
        ("Dragashi", "Dragash/Dragaš"),
        ("Fushë Kosova", "Fushë Kosovë/Kosovo Polje"),
        ("Shtërpca", "Shtërpcë/Štrpce"),
        ("Shtimja", "Shtime/Štimlje"),
        ("Novobërda", "Novobërdë/Novo Brdo"),
        ("Malisheva", "Malishevë/Mališevo"),
        ("Lipjani", "Lipjan/Lipljan"),
        ("Istogu", "Istog/Istok"),
        ("Kaçaniku", "Kaçanik/Kačanik"),
        ("Vitia", "Viti/Vitina"),
        ("Zveçani", "Zveçan/Zvečan"),
        ("Leposaviqi", "Leposaviq/Leposavić"),
        ("Obiliqi", "Obiliq/Obilić"),
        ("Drenasi", "Drenas/Glogovac"),
        ("Kllokoti", "Kllokot/Klokot"),
        ("Ranillugu", "Ranillug/Ranilug"),
        ("Parteshi", "Partesh/Parteš"),
        ("Mamusha", "Mamushë/Mamuša"),
        ("Juniku", "Junik"),
        ("Deçani", "Deçan/Dečani"),
        # English exonyms.
        ("North Mitrovica", "Mitrovicë e Veriut/Severna Mitrovica"),
        ("South Mitrovica", "Mitrovicë e Jugut/Južna Mitrovica"),
        ("Pristina", "Prishtinë/Priština"),
        # Serbian colloquial forms.
        ("Kosovska Mitrovica", "Mitrovicë e Veriut/Severna Mitrovica"),
        ("Severna Mitrovica", "Mitrovicë e Veriut/Severna Mitrovica"),
        ("Djeneral Jankovic", "Hani i Elezit/Elez Han"),
        # Other names in use.
        ("Theranda", "Suharekë/Suva Reka"),
        ("Besiana", "Podujevë/Podujevo"),
        ("Artana", "Novobërdë/Novo Brdo"),
        # Typed carelessly: no accents, other case, a dash, words swapped, no space.
        ("mitrovica veriut", "Mitrovicë e Veriut/Severna Mitrovica"),
        ("veriut mitrovica", "Mitrovicë e Veriut/Severna Mitrovica"),
        ("FUSHE-KOSOVA", "Fushë Kosovë/Kosovo Polje"),
        ("novobrdo", "Novobërdë/Novo Brdo"),
        ("hani elezit", "Hani i Elezit/Elez Han"),
    ],
)
def test_each_form_finds_exactly_its_council(client, query, council):
    assert found(client, query) == [council]


def test_a_shared_word_finds_every_council_that_has_it(client):
    assert found(client, "Mitrovica") == [
        "Mitrovicë e Jugut/Južna Mitrovica",
        "Mitrovicë e Veriut/Severna Mitrovica",
    ]


def test_search_starts_words_rather_than_matching_inside_them(client):
    # "ova" is inside Gjakovë, Kosovo, Podujevo...: a fragment from mid-word finds nothing.
    assert found(client, "ova") == []
    assert found(client, "kos") == [
        "Fushë Kosovë/Kosovo Polje",
        "Mitrovicë e Veriut/Severna Mitrovica",
    ]


def test_punctuation_alone_filters_nothing(client):
    assert len(found(client, " - ")) == 38


def test_words_fold_case_accents_and_separators():
    assert words("Fushë-Kosovë") == ("fushe", "kosove")
    assert words("  Đeneral  Janković ") == ("deneral", "jankovic")
    assert words("--") == ()


def test_matches_name_needs_every_word_in_the_same_name():
    municipality = Municipality(
        name_sq="Mitrovicë e Jugut", name_sr="Južna Mitrovica", name_tr=None, aliases="Mitrovicë"
    )
    assert matches_name(municipality, "jugut mitro")
    # "južna" is in the Serbian name and "jugut" in the Albanian one: not one name.
    assert not matches_name(municipality, "juzna jugut")
