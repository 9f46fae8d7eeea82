"""The identifiers' checks (newsroom/identifiers.py) with real examples: what passes, what an
editor's typo makes fail, and what pasted addresses become."""

import importlib
import time
from decimal import Decimal

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader

from newsroom.identifiers import (
    Exchange,
    LockNotTaken,
    identifier_in,
    index_state,
    normalize_geonames,
    normalize_lei,
    normalize_qid,
    normalize_ticker,
    unique_concurrently,
    validate_geonames,
    validate_lei,
    validate_qid,
    validate_ticker,
)
from newsroom.places.models import Place
from tests.factories import PlaceFactory

# Real companies' LEIs, as GLEIF lists them.
REAL_LEIS = {
    "Apple Inc.": "HWUPKR0MPOU8FGXBT394",
    "Microsoft Corporation": "INR2EJN1ERAN0W5ZP974",
    "Deutsche Bank AG": "7LTWFZYICNSX8D621K86",
    "Siemens AG": "W38RGI023J3WT1HWRP32",
    "Volkswagen AG": "529900NNUPAGGOMPXZ31",
    "Bayerische Motoren Werke AG": "YEH5ZCD6E441RHVHD759",
    "CEMEX, S.A.B. de C.V.": "549300RIG2CXWN6IV731",
    "América Movil, S.A.B. de C.V.": "5493000FNR3UCEAONM59",
    "Toyota Motor Corporation": "5493006W3QUS5LMH6R84",
}


def error_code(validator, value) -> str | None:
    try:
        validator(value)
    except ValidationError as error:
        return error.code
    return None


@pytest.mark.parametrize("lei", REAL_LEIS.values(), ids=REAL_LEIS.keys())
def test_a_real_companys_lei_passes(lei):
    assert error_code(validate_lei, lei) is None


@pytest.mark.parametrize("lei", REAL_LEIS.values(), ids=REAL_LEIS.keys())
def test_an_lei_with_a_check_digit_altered_fails_on_its_checksum(lei):
    altered = lei[:-1] + str((int(lei[-1]) + 1) % 10)

    assert error_code(validate_lei, altered) == "invalid_lei_checksum"


def test_an_lei_with_two_characters_swapped_fails_on_its_checksum():
    apple = REAL_LEIS["Apple Inc."]

    assert error_code(validate_lei, apple[1] + apple[0] + apple[2:]) == "invalid_lei_checksum"


@pytest.mark.parametrize("value", ["HWUPKR0MPOU8FGXBT39", "HWUPKR0MPOU8FGXBT3945", "HWUPKR0MPOU8FGXBT3-4", ""])
def test_an_lei_of_the_wrong_shape_fails_on_its_format(value):
    assert error_code(validate_lei, value) == "invalid_lei"


def test_an_lei_is_upper_cased_and_freed_of_spaces_and_addresses():
    assert normalize_lei(" 5493 006w 3qus 5lmh 6r84 ") == "5493006W3QUS5LMH6R84"
    assert normalize_lei("https://search.gleif.org/#/record/5493006W3QUS5LMH6R84") == "5493006W3QUS5LMH6R84"


@pytest.mark.parametrize("qid", ["Q96", "Q1489", "Q53268", "Q1"])
def test_a_wikidata_item_id_passes(qid):
    assert error_code(validate_qid, qid) is None


@pytest.mark.parametrize("value", ["Q", "Q0", "Q012", "P31", "L1", "Q96a", "96", "Q 96"])
def test_what_is_not_an_item_id_fails(value):
    assert error_code(validate_qid, value) == "invalid_wikidata"


@pytest.mark.parametrize(
    "typed",
    [
        "q96",
        " Q96 ",
        "https://www.wikidata.org/wiki/Q96",
        "http://www.wikidata.org/entity/Q96",
        "https://m.wikidata.org/wiki/Q96",
    ],
)
def test_an_item_typed_or_pasted_becomes_its_id(typed):
    assert normalize_qid(typed) == "Q96"


def test_a_geonames_address_becomes_its_number_and_a_word_fails():
    assert normalize_geonames("https://www.geonames.org/3530597/mexico-city.html") == "3530597"
    assert normalize_geonames("https://sws.geonames.org/3530597/") == "3530597"
    assert error_code(validate_geonames, "3530597") is None
    assert error_code(validate_geonames, "Mexico City") == "invalid_geonames"


@pytest.mark.parametrize("ticker", ["AMXB", "CEMEXCPO", "WALMEX*", "BRK.B", "7203"])
def test_tickers_as_exchanges_write_them_pass(ticker):
    assert error_code(validate_ticker, ticker) is None


@pytest.mark.parametrize("ticker", ["AM XB", "AMX;B", "-AMX", "Ä"])
def test_a_ticker_with_spaces_or_strange_marks_fails(ticker):
    assert error_code(validate_ticker, ticker) == "invalid_ticker"


def test_the_exchanges_are_iso_10383_mics_of_mexico_the_us_germany_and_tokyo():
    assert {"XMEX", "BIVA", "XNYS", "XNAS", "XETR", "XFRA", "XSTU", "XTKS"} == set(Exchange.values)
    assert all(len(mic) == 4 and mic.isupper() for mic in Exchange.values)


@pytest.mark.parametrize(
    ("uri", "found"),
    [
        ("http://www.wikidata.org/entity/Q96", ("wikidata", "Q96")),
        ("https://www.wikidata.org/wiki/Q1489", ("wikidata", "Q1489")),
        ("https://search.gleif.org/#/record/549300RIG2CXWN6IV731", ("lei", "549300RIG2CXWN6IV731")),
        ("https://lei.info/549300RIG2CXWN6IV731", ("lei", "549300RIG2CXWN6IV731")),
        ("urn:lei:549300RIG2CXWN6IV731", ("lei", "549300RIG2CXWN6IV731")),
        ("https://sws.geonames.org/3530597/", ("geonames", "3530597")),
        # A mistyped LEI names nothing.
        ("https://lei.info/549300RIG2CXWN6IV732", None),
        ("https://news.example.com/en/places/mexico/", None),
        ("", None),
    ],
)
def test_an_address_names_the_identifier_it_carries(uri, found):
    assert identifier_in(uri) == found


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [("90.5", "0", "latitude"), ("-91", "0", "latitude"), ("0", "180.1", "longitude"), ("0", "-181", "longitude")],
)
def test_coordinates_outside_the_globe_fail_on_their_field(latitude, longitude, field):
    place = PlaceFactory.build(latitude=Decimal(latitude), longitude=Decimal(longitude))

    with pytest.raises(ValidationError) as raised:
        place.full_clean(exclude=["parent"])

    assert field in raised.value.message_dict


@pytest.mark.django_db
def test_coordinates_on_the_edges_of_the_globe_pass():
    place = PlaceFactory.build(latitude=Decimal("-90"), longitude=Decimal("180"))

    place.full_clean(exclude=["parent"])

    assert place.has_coordinates


@pytest.mark.django_db
def test_a_latitude_without_a_longitude_is_refused_on_the_missing_one():
    place = PlaceFactory.build(latitude=Decimal("19.4326"), longitude=None)

    with pytest.raises(ValidationError) as raised:
        place.full_clean(exclude=["parent"])

    assert raised.value.message_dict == {"longitude": ["Enter the longitude too, or neither."]}
    assert not Place.objects.exists()


# The unique indexes' migration (unique_concurrently): PostgreSQL only, outside a transaction as a
# deploy runs it, on the places table whose Wikidata item it makes unique.
UNIQUE_PLACES = importlib.import_module("newsroom.places.migrations.0006_unique_identifiers").Migration


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("CREATE INDEX CONCURRENTLY and constraints using an index are PostgreSQL's")


def wikidata_index() -> str:
    with connection.schema_editor(atomic=False) as editor:
        return editor._create_index_name(Place._meta.db_table, ["wikidata"], suffix="_uniq")


def run_wikidata_migration(operation=None) -> None:
    operation = operation or UNIQUE_PLACES.operations[0].database_operations[0]
    state = MigrationLoader(connection).project_state(("places", "0006_unique_identifiers"))
    with connection.schema_editor(atomic=False) as editor:
        operation.database_forwards("places", editor, state, state)


@pytest.fixture
def wikidata_not_yet_unique():
    """The places table as before the migration: its Wikidata item not unique. Put back after."""
    postgresql_only()
    index = wikidata_index()
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE places_place DROP CONSTRAINT "{index}"')
    yield index
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE places_place DROP CONSTRAINT IF EXISTS "{index}"')
        cursor.execute(f'DROP INDEX IF EXISTS "{index}"')
        cursor.execute(f'ALTER TABLE places_place ADD CONSTRAINT "{index}" UNIQUE (wikidata)')


@pytest.mark.django_db(transaction=True)
def test_the_unique_index_migration_runs_again_over_the_invalid_index_a_failed_build_left(wikidata_not_yet_unique):
    index = wikidata_not_yet_unique
    PlaceFactory(name_en="Mexico City", wikidata="Q1489")
    twin = PlaceFactory(name_en="Ciudad de México", wikidata="Q1489")
    # The first run meets the duplicate: PostgreSQL refuses the index but keeps it, INVALID.
    with pytest.raises(IntegrityError):
        run_wikidata_migration()
    assert index_state(connection, "places_place", index) == "invalid"
    twin.delete()

    run_wikidata_migration()

    assert index_state(connection, "places_place", index) == "constraint"
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceFactory(name_en="Ciudad de México", wikidata="Q1489")


@pytest.mark.django_db(transaction=True)
def test_the_unique_index_migration_gives_up_on_a_table_a_long_transaction_holds_and_says_so(
    wikidata_not_yet_unique,
):
    index = wikidata_not_yet_unique
    impatient = unique_concurrently("places", "place", ["wikidata"], lock_timeout="200ms", attempts=2)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE UNIQUE INDEX CONCURRENTLY "{index}" ON places_place (wikidata)')
    # A report reading the table in a transaction it keeps open, on a connection of its own.
    with psycopg.connect(**connection.get_connection_params()) as reader:
        reader.execute("SELECT count(*) FROM places_place").fetchone()

        started = time.monotonic()
        with pytest.raises(LockNotTaken, match="held the table 2 times for 200ms"):
            run_wikidata_migration(impatient)

        assert time.monotonic() - started < 5
        reader.rollback()
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone() == ("0",)
    # The index built is kept: the next run only attaches it.
    assert index_state(connection, "places_place", index) == "valid"
    run_wikidata_migration(impatient)
    assert index_state(connection, "places_place", index) == "constraint"


@pytest.mark.parametrize(
    ("normalize", "pasted", "identifier"),
    [
        (normalize_qid, "https://www.wikidata.org/wiki/Q20165?uselang=de", "Q20165"),
        (normalize_qid, "https://www.wikidata.org/wiki/Q20165#P31", "Q20165"),
        (normalize_qid, "https://www.wikidata.org/wiki/Special:EntityPage/Q20165?action=history", "Q20165"),
        (normalize_qid, "QID: q20165", "Q20165"),
        (normalize_qid, "Wikidata-ID: Q20165", "Q20165"),
        (normalize_lei, "LEI: 5493006W3QUS5LMH6R84", "5493006W3QUS5LMH6R84"),
        (normalize_lei, "LEI code:5493006W3QUS5LMH6R84", "5493006W3QUS5LMH6R84"),
        (normalize_lei, "urn:lei:5493006W3QUS5LMH6R84", "5493006W3QUS5LMH6R84"),
        (normalize_lei, "https://search.gleif.org/#/record/5493006W3QUS5LMH6R84?tab=level1", "5493006W3QUS5LMH6R84"),
        (normalize_geonames, "GeoNames ID: 3530597", "3530597"),
        (normalize_geonames, "https://www.geonames.org/3530597?lang=de#map", "3530597"),
        (normalize_ticker, "Ticker: amxb", "AMXB"),
    ],
)
def test_a_pasted_address_loses_what_follows_the_id_and_a_copied_value_its_label(normalize, pasted, identifier):
    assert normalize(pasted) == identifier


def test_an_item_number_followed_by_more_digits_is_not_cut_short():
    assert normalize_qid("https://www.wikidata.org/wiki/Q201650") == "Q201650"
