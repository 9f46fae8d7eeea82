"""The digest: per language, the articles published since the last issue that readers can read in
that language, to confirmed subscribers only, each mail with its own unsubscribe link."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsroom.articles.models import Article
from newsroom.newsletter import tasks
from newsroom.newsletter.models import NewsletterIssue, Subscription
from newsroom.worker.testing import run_tasks
from tests.factories import ArticleFactory, SectionFactory

from .conftest import link, subscription

pytestmark = pytest.mark.django_db

SITE = "https://news.example.com"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def news():
    section = SectionFactory(name_en="Automotive", name_de="Automobil")
    hours_ago = lambda hours: timezone.now() - datetime.timedelta(hours=hours)  # noqa: E731
    return {
        "translated": ArticleFactory(
            section=section,
            headline_en="Tachi-S creates 700 jobs in Aguascalientes",
            headline_de="Tachi-S schafft 700 Stellen in Aguascalientes",
            published_at=hours_ago(2),
        ),
        "english_only": ArticleFactory(
            section=section,
            headline_en="Jatco expands in Aguascalientes",
            headline_de="",
            standfirst_de="",
            body_de="",
            slug_de="",
            published_at=hours_ago(3),
        ),
        "old": ArticleFactory(section=section, headline_en="Nissan's plant turns 40", published_at=hours_ago(24 * 30)),
        "draft": ArticleFactory(section=section, headline_en="A draft", status=Article.Status.DRAFT, published_at=None),
        "scheduled": ArticleFactory(section=section, headline_en="Later today", published_at=hours_ago(-1)),
    }


@pytest.fixture
def readers():
    return {
        "en": subscription("ana.ruiz@example.com", "en"),
        "de": subscription("jonas.weber@example.de", "de"),
        "pending": subscription("pending@example.com", "en", Subscription.Status.PENDING),
        "gone": subscription("gone@example.de", "de", Subscription.Status.UNSUBSCRIBED),
    }


def send(*args) -> str:
    """The command, then the worker's batches."""
    out = io.StringIO()
    call_command("send_newsletter", *args, stdout=out)
    run_tasks()
    return out.getvalue()


def mail_to(address):
    found = [message for message in mail.outbox if message.to == [address]]
    assert len(found) == 1, f"{len(found)} mails to {address}"
    return found[0]


def test_each_confirmed_subscriber_gets_the_new_articles_readable_in_their_language(news, readers):
    send()

    assert len(mail.outbox) == 2
    english = mail_to("ana.ruiz@example.com")
    assert english.subject.startswith("Newsroom newsletter of ")
    assert english.subject.endswith(": 2 new articles")
    assert "Tachi-S creates 700 jobs in Aguascalientes" in english.body
    assert "Jatco expands in Aguascalientes" in english.body
    assert f"{SITE}{news['translated'].url_in('en')}" in english.body
    for absent in ("Nissan's plant turns 40", "A draft", "Later today"):
        assert absent not in english.body
    german = mail_to("jonas.weber@example.de")
    assert german.subject.endswith(": 1 neuer Artikel")
    assert "Tachi-S schafft 700 Stellen in Aguascalientes" in german.body
    assert "Jatco" not in german.body and "AUTOMOBIL" in german.body
    assert f"{SITE}{news['translated'].url_in('de')}" in german.alternatives[0][0]


def test_every_digest_carries_its_subscribers_own_unsubscribe_link_and_headers(news, readers):
    send()

    for reader in (readers["en"], readers["de"]):
        message = mail_to(reader.email)
        path = link(message, "unsubscribe")
        assert message.extra_headers["List-Unsubscribe"] == f"<{SITE}{path}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert Subscription.from_unsubscribe_token(path.rstrip("/").rsplit("/", 1)[1]) == reader


def test_the_next_issue_brings_only_what_reached_readers_since_the_last(news, readers):
    send()
    mail.outbox.clear()

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        send()
    english = mail_to("ana.ruiz@example.com").body
    assert "Later today" in english  # scheduled at the first issue, published by the second
    assert "Tachi-S" not in english and "Jatco" not in english
    mail.outbox.clear()

    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        output = send()
    assert not mail.outbox and "en: no new articles" in output
    issues = NewsletterIssue.objects.filter(language="en").order_by("sent_at")
    assert [(issue.article_count, issue.recipient_count) for issue in issues] == [(2, 1), (1, 1)]


def test_days_chooses_the_period_instead_of_the_last_issue(news, readers):
    send()
    mail.outbox.clear()

    send("--days", "40")

    assert "Nissan's plant turns 40" in mail_to("ana.ruiz@example.com").body
    assert "Tachi-S" in mail_to("ana.ruiz@example.com").body


def test_a_dry_run_prints_what_would_be_sent_and_sends_and_records_nothing(news, readers):
    output = send("--dry-run")

    assert not mail.outbox
    assert not NewsletterIssue.objects.exists()
    assert "en: would send 2 articles" in output and "to 1 subscribers" in output
    assert "Tachi-S schafft 700 Stellen in Aguascalientes" in output
    assert f"{SITE}{news['translated'].url_in('de')}" in output


def test_no_issue_is_recorded_for_a_language_without_new_articles(readers):
    output = send()

    assert not mail.outbox and not NewsletterIssue.objects.exists()
    assert "en: no new articles" in output and "de: no new articles" in output


def test_without_a_site_url_the_command_says_what_to_set(settings, news, readers):
    settings.SITE_URL = ""

    with pytest.raises(CommandError, match="SITE_URL"):
        send()
    with pytest.raises(CommandError, match="--days"):
        send("--days", "0")


def test_the_command_leaves_the_mails_to_the_worker(news, readers):
    out = io.StringIO()
    call_command("send_newsletter", stdout=out)

    assert not mail.outbox
    assert "en: 2 articles" in out.getvalue() and "left to the worker" in out.getvalue()
    assert list(NewsletterIssue.objects.values_list("status", flat=True)) == ["sending", "sending"]
    run_tasks()
    assert len(mail.outbox) == 2
    assert set(NewsletterIssue.objects.values_list("status", "recipient_count")) == {("sent", 1)}


def test_now_sends_from_the_command_itself(news, readers):
    out = io.StringIO()
    call_command("send_newsletter", "--now", stdout=out)

    assert len(mail.outbox) == 2
    assert "en: sent 2 articles" in out.getvalue() and "to 1 subscribers" in out.getvalue()
    # Nothing of the newsletter left to the worker (the articles' documents are, since they were saved).
    assert not DBTaskResult.objects.filter(queue_name="newsletter").exists()


def test_an_issue_goes_out_in_batches_each_going_on_after_the_last_subscriber_mailed(news, monkeypatch):
    monkeypatch.setattr(tasks, "BATCH", 2)
    readers = [subscription(f"reader{number}@example.com", "en") for number in range(5)]

    send()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(reader.email for reader in readers)
    issue = NewsletterIssue.objects.get(language="en")
    assert (issue.status, issue.recipient_count, issue.last_subscription_id) == ("sent", 5, readers[-1].pk)
    batches = DBTaskResult.objects.filter(task_path="newsroom.newsletter.tasks.send_issue_batch")
    assert batches.count() == 3


def test_an_article_taken_down_while_an_issue_goes_out_is_left_out_of_the_rest(news, monkeypatch):
    monkeypatch.setattr(tasks, "BATCH", 1)
    first, second = subscription("first@example.com", "en"), subscription("second@example.com", "en")
    run_tasks()  # what saving the articles left to the worker (their ninjs documents), before the issue
    call_command("send_newsletter", stdout=io.StringIO())
    run_tasks(limit=1)

    Article.objects.filter(pk=news["english_only"].pk).update(status=Article.Status.DRAFT)
    run_tasks()

    assert "Jatco expands in Aguascalientes" in mail_to(first.email).body
    assert "Jatco" not in mail_to(second.email).body and "Tachi-S" in mail_to(second.email).body


def test_no_second_issue_starts_while_one_is_still_going_out(news, readers):
    call_command("send_newsletter", stdout=io.StringIO())

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        ArticleFactory(headline_en="Later still")
        output = io.StringIO()
        call_command("send_newsletter", stdout=output)

    assert "en: the last issue is still being sent; nothing new started." in output.getvalue()
    assert NewsletterIssue.objects.filter(language="en").count() == 1


def test_an_issue_whose_mail_server_failed_goes_on_later_after_the_last_subscriber_mailed(news, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    readers = [subscription(f"reader{number}@example.com", "en") for number in range(3)]
    settings.EMAIL_BACKEND = "tests.newsletter.test_send_newsletter.FailingAfterTwoMails"
    FailingAfterTwoMails.sent = []

    send()
    assert FailingAfterTwoMails.sent == [readers[0].email, readers[1].email]
    assert NewsletterIssue.objects.get(language="en").recipient_count == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.shift(datetime.timedelta(minutes=1))
    run_tasks()

    assert [message.to[0] for message in mail.outbox] == [readers[2].email]
    issue = NewsletterIssue.objects.get(language="en")
    assert (issue.status, issue.recipient_count) == ("sent", 3)


class FailingAfterTwoMails:
    sent: list[str] = []

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def send_messages(self, messages):
        if len(self.sent) == 2:
            raise ConnectionRefusedError("the mail server went away")
        self.sent.extend(message.to[0] for message in messages)
        return len(messages)
