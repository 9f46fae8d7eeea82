"""Every change list of the admin fits a 1280-pixel laptop window with real-length content: no
column is cut off or hidden behind a horizontal scroll, and none is squeezed until its text spills."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.imports.models import ImportRecord
from newsroom.newsletter.models import NewsletterIssue, Subscription
from newsroom.planning.models import PlannedStory
from newsroom.roles import ADMINISTRATOR, EDITOR, TRANSLATOR, role
from newsroom.syndication.models import ApiKey
from newsroom.translations.models import Translation
from newsroom.webhooks.models import KINDS, Delivery, WebhookEvent, WebhookSubscription
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EventFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SectionFactory,
    SeriesFactory,
    TagFactory,
    TranslatorFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1280
HEADLINE = (
    "Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung and Querétaro's aerospace cluster "
    "sign a training agreement to certify 1,200 technicians for Safran and Bombardier by 2028"
)
MINISTRY = "Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung"


def realistic_content():
    """Every column of every list filled, with the longest texts the newsroom really has."""
    now = timezone.now()
    translator = TranslatorFactory(
        username="maximiliane.schwarzenberger", first_name="Maximiliane", last_name="Schwarzenberger-Villaseñor"
    )
    country = PlaceFactory(name_en="Mexico", name_de="Mexiko", kind="country")
    PlaceFactory(name_en="San Luis Potosí", name_de="San Luis Potosí", parent=country)
    government = OrganizationFactory(name_en="Government of the Federal Republic of Germany", name_de="Bundesregierung")
    ministry = OrganizationFactory(
        name_en="Federal Ministry for Economic Cooperation and Development",
        name_de=MINISTRY,
        short_name="BMZ",
        kind="government",
        parent=government,
    )
    PersonFactory(
        name="María Guadalupe Fernández-Villaseñor",
        position_en="Undersecretary for Industrial Development and Foreign Direct Investment",
        position_de="Staatssekretärin für industrielle Entwicklung und ausländische Direktinvestitionen",
        organization=ministry,
    )
    EventFactory(
        title_en="Automotive Industry Strengthening Program: supplier development workshop for the Bajío region",
        title_de="Programm zur Stärkung der Automobilzulieferindustrie: Workshop für Zulieferer im Bajío",
    )
    section = SectionFactory(
        name_en="Automotive and Auto Parts Manufacturing", name_de="Automobil- und Automobilzulieferindustrie"
    )
    SeriesFactory(name_en="View from the Top: Interviews with Plant Directors", section=section)
    TagFactory(name_en="Nearshoring and Supply-Chain Relocation", name_de="Nearshoring und Lieferkettenverlagerung")
    AuthorFactory(
        display_name="María Fernanda Gutiérrez Castañeda",
        job_title_en="Senior Correspondent for Manufacturing and Foreign Direct Investment",
        job_title_de="Leitende Korrespondentin für Industrie und ausländische Direktinvestitionen",
        user=UserFactory(username="mfgutierrez", first_name="María Fernanda", last_name="Gutiérrez Castañeda"),
    )
    photo = ImageFactory(
        caption_en="Technicians of Safran and Bombardier at the training centre of the Querétaro aerospace cluster",
        caption_de="Techniker von Safran und Bombardier im Ausbildungszentrum des Luftfahrtclusters Querétaro",
        credit_en="Foto: Cuartoscuro / Presidencia de la República",
        credit_de="Foto: Cuartoscuro / Presidencia de la República",
        licence="cc-by-sa-4.0",
        licence_last_day=timezone.localdate() + datetime.timedelta(days=3),
    )
    for hours in (1, 30):
        article = ArticleFactory(
            headline_en=HEADLINE[: 180 - hours % 7],
            headline_de=None,
            image=photo,
            section=section,
            published_at=now - datetime.timedelta(hours=hours),
            released_translations=False,
        )
    Translation.objects.filter(object_id=article.pk, language="de").update(
        assigned_to=translator, state_changed_by=translator, state_changed_at=now
    )
    Subscription.objects.create(
        email="maximiliane.schwarzenberger-villasenor@bundesministerium-zusammenarbeit.example.de",
        language="de",
        status=Subscription.Status.UNSUBSCRIBED,
        confirmed_at=now - datetime.timedelta(days=40),
        unsubscribed_at=now - datetime.timedelta(days=2),
    )
    NewsletterIssue.objects.create(language="de", article_count=12, recipient_count=18_450)
    partner = ApiKey(
        name="Deutsche Presse-Agentur, Wirtschaftsdienst Lateinamerika",
        languages="|en|de|",
        requests_per_minute=1200,
        may_import=True,
        last_used_at=now,
        revoked_at=now,
    )
    partner.issue()
    partner.save()
    subscription = WebhookSubscription.objects.create(
        name="Agencia de Noticias del Bajío – Redacción de Economía y Manufactura",
        url="https://hooks.agencia-noticias-bajio.example.mx/newsroom/articulos",
        events=[kind for kind, _label in KINDS],
        languages=["en", "de"],
        ninjs_version="3.1",
        is_active=False,
        disabled_reason="The receiver answered 410 Gone on 2026-12-07.",
    )
    event = WebhookEvent.objects.create(
        kind="translation_released", article=article, language="de", version=12, payload_v2="{}", payload_v3="{}"
    )
    Delivery.objects.create(
        event=event,
        subscription=subscription,
        attempts=7,
        last_status_code=503,
        next_attempt_at=now + datetime.timedelta(hours=12),
        last_error="Remote end closed connection without response",
    )
    # An agency's long headline and a long report, as the import log lists them.
    ImportRecord.objects.create(
        source_uri="urn:newsml:agencia-noticias-bajio.example.mx:20261207:queretaro-aeroespacial-safran-000123",
        source_version="12",
        language="de",
        headline=(
            "Safrans zweites Werk in Querétaro fertigt ab 2027 Turbinenschaufeln für das LEAP-Triebwerk und "
            "stellt 650 Luftfahrttechnikerinnen und -techniker ein"
        ),
        article=article,
        outcome=ImportRecord.Outcome.TRANSLATED,
        report=[
            {"field": f"organisations[{n}]", "message": {"en": "Proposed.", "de": "Vorgeschlagen."}} for n in range(4)
        ],
        source=ImportRecord.Source.API,
        origin="Deutsche Presse-Agentur, Wirtschaftsdienst Lateinamerika",
        api_key=partner,
    )
    # Failed logins that lock an account and its network: both locks in the failed-logins list's lock
    # column, the account's in the user list's.
    AccessAttempt.objects.create(
        username="mfgutierrez",
        ip_address="2001:db8:85a3:8d3::",  # an IPv6 client is counted by its /64
        user_agent=(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/18.1 Safari/605.1.15"
        ),
        http_accept="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        path_info="/admin/login/",
        failures_since_start=settings.LOGIN_FAILURES_PER_CLIENT,
        attempt_time=now,
    )
    for name in (EDITOR, ADMINISTRATOR):
        UserFactory(
            username=name.lower(), first_name="Ximena", last_name="Castañeda", email=f"{name.lower()}@example.com"
        ).groups.add(role(name))
    # The planning board: a German working title of the longest kind, reporter and translator with long names.
    PlannedStory.objects.create(
        working_title=(
            "Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung: Ausbildungsabkommen für "
            "1.200 Luftfahrttechnikerinnen und -techniker in Querétaro"
        ),
        original_language="de",
        languages=["de", "en"],
        section=section,
        reporter=User.objects.get(username="mfgutierrez"),
        translator=translator,
        target_at=now + datetime.timedelta(days=2),
        status=PlannedStory.Status.IN_PROGRESS,
    )
    return translator


def browse_as(page, live_server, user, language):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {"name": name, "value": value, "url": live_server.url}
            for name, value in (
                (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value),
                (settings.LANGUAGE_COOKIE_NAME, language),
            )
        ]
    )


MEASURE = """() => {
    const overflow = (element) => element ? element.scrollWidth - element.clientWidth : 0;
    const table = document.querySelector("#result_list");
    const cells = [...document.querySelectorAll("#result_list th, #result_list td")];
    return {
        page: overflow(document.documentElement),
        changelist: overflow(document.querySelector("#changelist")),
        results: overflow(document.querySelector("#changelist .results")),
        tableRight: table ? table.getBoundingClientRect().right : 0,
        columns: [...document.querySelectorAll("#result_list thead th")].map((th) => ({
            name: th.innerText.trim(), right: th.getBoundingClientRect().right, width: th.getBoundingClientRect().width,
        })),
        spilling: cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.innerText.trim()),
        rows: document.querySelectorAll("#result_list tbody tr").length,
        filters: document.querySelectorAll("#changelist-filter details, #changelist-filter h3").length,
    };
}"""


def lists_seen_by(user):
    return [
        model
        for model in admin.site._registry
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_change_list_fits_a_1280_pixel_window_for_each_role_that_sees_it(live_server, page, screenshot, language):
    translator = realistic_content()
    people = {
        EDITOR: User.objects.get(username="editor"),
        TRANSLATOR: translator,
        ADMINISTRATOR: User.objects.get(username="administrator"),
    }
    page.set_viewport_size({"width": WIDTH, "height": 900})
    seen, problems = set(), []
    for role_name, user in people.items():
        browse_as(page, live_server, user, language)
        for model in lists_seen_by(user):
            opts = model._meta
            page.goto(f"{live_server.url}/admin/{opts.app_label}/{opts.model_name}/")
            measured = page.evaluate(MEASURE)
            name = opts.model_name if opts.model_name not in seen else f"{opts.model_name}-{role_name.lower()}"
            if opts.model_name not in seen or model is Translation:
                screenshot(f"admin-list-{name}" if language == "en" else f"admin-list-{name}-{language}")
            seen.add(opts.model_name)
            where = f"{opts.label} as {role_name} in {language}"
            assert measured["rows"], f"{where}: the list is empty, so nothing was measured"
            if measured["page"] > 0 or measured["changelist"] > 0 or measured["results"] > 0:
                problems.append(f"{where}: scrolls sideways ({measured})")
            for column in measured["columns"]:
                if column["right"] > WIDTH:
                    problems.append(f"{where}: column {column['name']!r} ends at {column['right']:.0f} px")
            if measured["spilling"]:
                problems.append(f"{where}: text spills out of its cell: {measured['spilling']}")
    assert {Article._meta.model_name, Translation._meta.model_name, "user", "group"} <= seen
    assert not problems, "\n".join(problems)
