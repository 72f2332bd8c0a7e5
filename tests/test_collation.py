"""Lists sort in the reader's alphabet, in SQL, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import String, literal, select, union_all

from safety.accounts.models import Role
from safety.collation import COLLATIONS, collate, collation_for, sort_key

# Each list is in the order of its alphabet; the tests shuffle it and sort it back.
SERBIAN = [
    "Cetinje",
    "Čačak",
    "Ćuprija",
    "Dragaš",
    "Džep",
    "Đakovica",
    "Lipljan",
    "Lupa",
    "Ljubljana",
    "Novo",
    "Nuša",
    "Njegoš",
    "Srbica",
    "Šid",
    "Štrpce",
    "Zvečan",
    "Žabljak",
]
ALBANIAN = [
    "Cerrik",
    "Çair",
    "Dragash",
    "Drenas",
    "Dhrami",
    "Ecuri",
    "Ëmbël",
    "Ferizaj",
    "Fushë Kosovë",
    "Graçanicë",
    "Gjilan",
    "Lipjan",
    "Llap",
    "Novobërdë",
    "Njeri",
    "Rahovec",
    "Rrafsh",
    "Suharekë",
    "Shtime",
    "Tirana",
    "Thana",
    "Xeni",
    "Xhafer",
    "Zveçan",
    "Zhur",
]
# English knows none of these letters: accents and digraphs sort as their base letters.
PLAIN = [
    "Çair",
    "Cerrik",
    "Dhrami",
    "Dragash",
    "Drenas",
    "Ecuri",
    "Ëmbël",
    "Gjilan",
    "Graçanicë",
    "Llap",
    "Lupa",
    "Njeri",
    "Novobërdë",
    "Shtime",
    "Šid",
    "Suharekë",
    "Žabljak",
    "Zhur",
    "Zveçan",
]
ORDERS = {"sr": SERBIAN, "sq": ALBANIAN, "en": PLAIN}

# The 38 names in the reader's language, in its alphabet (sq: G < Gj, S < Sh; sr: D < Đ,
# S < Š, and Ž last, so Junik before Južna). English sorts the Albanian names plainly.
COUNCILS_SQ = (
    "Deçan|Dragash|Drenas|Ferizaj|Fushë Kosovë|Graçanicë|Gjakovë|Gjilan|Hani i Elezit|Istog|"
    "Junik|Kaçanik|Kamenicë|Klinë|Kllokot|Leposaviq|Lipjan|Malishevë|Mamushë|"
    "Mitrovicë e Jugut|Mitrovicë e Veriut|Novobërdë|Obiliq|Partesh|Pejë|Podujevë|Prishtinë|"
    "Prizren|Rahovec|Ranillug|Skenderaj|Suharekë|Shtërpcë|Shtime|Viti|Vushtrri|Zubin Potok|"
    "Zveçan"
)
COUNCILS_SR = (
    "Dečani|Dragaš|Đakovica|Elez Han|Glogovac|Gnjilane|Gračanica|Istok|Junik|Južna Mitrovica|"
    "Kačanik|Kamenica|Klina|Klokot|Kosovo Polje|Leposavić|Lipljan|Mališevo|Mamuša|Novo Brdo|"
    "Obilić|Orahovac|Parteš|Peć|Podujevo|Priština|Prizren|Ranilug|Severna Mitrovica|Srbica|"
    "Suva Reka|Štimlje|Štrpce|Uroševac|Vitina|Vučitrn|Zubin Potok|Zvečan"
)
COUNCILS_EN = (
    "Deçan|Dragash|Drenas|Ferizaj|Fushë Kosovë|Gjakovë|Gjilan|Graçanicë|Hani i Elezit|Istog|"
    "Junik|Kaçanik|Kamenicë|Klinë|Kllokot|Leposaviq|Lipjan|Malishevë|Mamushë|"
    "Mitrovicë e Jugut|Mitrovicë e Veriut|Novobërdë|Obiliq|Partesh|Pejë|Podujevë|Prishtinë|"
    "Prizren|Rahovec|Ranillug|Shtërpcë|Shtime|Skenderaj|Suharekë|Viti|Vushtrri|Zubin Potok|"
    "Zveçan"
)
COUNCIL_ORDERS = {
    "sq": COUNCILS_SQ.split("|"),
    "sr": COUNCILS_SR.split("|"),
    "en": COUNCILS_EN.split("|"),
}


def shuffled(names: list[str]) -> list[str]:
    # A fixed mixing rather than random: every run checks the same input.
    copy = names[1::2][::-1] + names[::2]
    assert copy != names
    return copy


def first_names(response) -> list[str]:
    """The council list's names in the reader's language (before the slash)."""
    cells = re.findall(r'<th scope="row"><a href="/councils/\d+">([^<]+)</a>', response.text)
    return [cell.split("/")[0] for cell in cells]


@pytest.mark.parametrize("language", ["sr", "sq", "en"])
def test_sql_sorts_in_the_alphabet_of_each_language(session, language):
    names = union_all(
        *(select(literal(name, String).label("name")) for name in shuffled(ORDERS[language]))
    ).subquery()
    statement = select(names.c.name).order_by(collate(names.c.name, language))
    assert list(session.scalars(statement)) == ORDERS[language]


@pytest.mark.parametrize("language", ["sr", "sq", "en"])
def test_python_sort_key_agrees_with_sql(language):
    assert sorted(shuffled(ORDERS[language]), key=sort_key(language)) == ORDERS[language]


def test_a_language_without_a_collation_sorts_plainly():
    assert collation_for("de") == COLLATIONS["en"]
    assert collation_for("sr").name == "sr_latn_icu"


@pytest.mark.parametrize("language", ["sq", "sr", "en"])
def test_council_list_is_in_the_readers_alphabet(client, language):
    response = client.get("/councils/", headers={"Accept-Language": language})
    assert response.status_code == 200
    assert first_names(response) == COUNCIL_ORDERS[language]


def test_council_list_order_survives_a_filter(client):
    response = client.get("/councils/?district=Prizren", headers={"Accept-Language": "sq"})
    assert first_names(response) == ["Dragash", "Malishevë", "Mamushë", "Prizren", "Suharekë"]
    response = client.get("/councils/?q=Mitrovica", headers={"Accept-Language": "sr"})
    assert first_names(response) == ["Južna Mitrovica", "Severna Mitrovica"]


def test_account_list_sorts_names_in_serbian(login, make_user):
    people = ["Žarko Ž", "Zoran Z", "Šaban Š", "Sanja S", "Ćamil Ć", "Čedomir Č", "Cvijeta C"]
    admin = make_user(Role.ADMIN, full_name="Ana Admin", locale="sr")
    for name in shuffled(people):
        make_user(Role.MINISTRY, full_name=name)
    page = login(admin).get("/admin/users").get_data(as_text=True)
    listed = [name for name in re.findall(r">([^<>]+ [A-ZČĆŠŽ])<", page) if name in people]
    assert listed == [
        "Cvijeta C",
        "Čedomir Č",
        "Ćamil Ć",
        "Sanja S",
        "Šaban Š",
        "Zoran Z",
        "Žarko Ž",
    ]


def test_account_list_sorts_names_in_albanian(login, make_user):
    people = ["Xhevdet X", "Xeni X", "Shpresa S", "Sadik S", "Dhurata D", "Drita D"]
    admin = make_user(Role.ADMIN, full_name="Ana Admin", locale="sq")
    for name in shuffled(people):
        make_user(Role.MINISTRY, full_name=name)
    page = login(admin).get("/admin/users").get_data(as_text=True)
    listed = [name for name in re.findall(r">([^<>]+ [A-Z])<", page) if name in people]
    assert listed == ["Drita D", "Dhurata D", "Sadik S", "Shpresa S", "Xeni X", "Xhevdet X"]


def in_page_order(page: str, names: list[str]) -> list[str]:
    """`names` in the order they first appear as an element's whole text in `page`."""
    return sorted(names, key=lambda name: page.index(f">{name}<"))


def test_organisation_list_sorts_names_in_albanian(login, make_user, make_organisation):
    names = ["Cakra", "Çelësi", "Syri i Popullit", "Shoqata Sot", "Zana", "Zëri i Grave"]
    for name in shuffled(names):
        make_organisation(name=name)
    reviewer = make_user(Role.MINISTRY, locale="sq")
    page = login(reviewer).get("/organisations").get_data(as_text=True)
    assert in_page_order(page, names) == names


def test_municipality_choices_are_in_the_readers_alphabet(client):
    page = client.get("/register", headers={"Accept-Language": "sr"}).get_data(as_text=True)
    select_html = page.split('name="municipality_ids"')[1].split("</select>")[0]
    options = re.findall(r"<option[^>]*>([^<]+)</option>", select_html)
    assert options == COUNCIL_ORDERS["sr"]


def test_council_choices_for_an_account_are_in_the_readers_alphabet(login, make_user):
    admin = make_user(Role.ADMIN, locale="sq")
    page = login(admin).get("/admin/users/new").get_data(as_text=True)
    select_html = page.split('name="council_id"')[1].split("</select>")[0]
    options = re.findall(r"<option[^>]*>([^<]+)</option>", select_html)
    assert options[1:] == COUNCIL_ORDERS["sq"]
