import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from newsroom.articles.models import Article
from newsroom.newsletter.mail import digest_mail, site_url
from newsroom.newsletter.models import NewsletterIssue, Subscription

FIRST_ISSUE_DAYS = 7
MAX_ARTICLES = 30
BATCH = 100


class Command(BaseCommand):
    help = (
        "Mail every confirmed subscriber, in their language, the articles published since the last issue "
        "in that language (or the last --days days) that readers can read in it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="the articles of the last DAYS days, not those since the last issue"
        )
        parser.add_argument("--dry-run", action="store_true", help="print what would be sent; send and record nothing")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        try:
            base_url = site_url()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        now = timezone.now()
        if not dry_run:
            Subscription.objects.never_confirmed().delete()
        for language, _name in settings.LANGUAGES:
            since = self.since(language, days, now)
            articles = list(
                Article.objects.published()
                .readable_in(language)
                .filter(published_at__gt=since, published_at__lte=now)
                .for_cards()
                .newest_first()[:MAX_ARTICLES]
            )
            subscribers = Subscription.objects.confirmed().for_language(language).order_by("id")
            period = f"since {timezone.localtime(since):%Y-%m-%d %H:%M}"
            if not articles:
                self.stdout.write(f"{language}: no new articles {period}; nothing sent.")
                continue
            if dry_run:
                self.stdout.write(
                    f"{language}: would send {len(articles)} articles {period} to {subscribers.count()} subscribers:"
                )
                with translation.override(language):
                    for article in articles:
                        self.stdout.write(f"  - {article.text.headline} ({base_url}{article.url_in(language)})")
                continue
            sent = self.send(articles, subscribers, base_url, now)
            if sent:
                NewsletterIssue.objects.create(
                    language=language, sent_at=now, article_count=len(articles), recipient_count=sent
                )
            self.stdout.write(f"{language}: sent {len(articles)} articles {period} to {sent} subscribers.")

    def since(self, language: str, days: int | None, now: datetime.datetime) -> datetime.datetime:
        if days is not None:
            return now - datetime.timedelta(days=days)
        last = NewsletterIssue.objects.filter(language=language).order_by("-sent_at").first()
        return last.sent_at if last else now - datetime.timedelta(days=FIRST_ISSUE_DAYS)

    def send(self, articles, subscribers, base_url: str, now: datetime.datetime) -> int:
        """One mail per subscriber, since each carries its own unsubscribe link; one connection for all."""
        sent = 0
        with get_connection() as connection:
            batch = []
            for subscription in subscribers.iterator(chunk_size=BATCH):
                batch.append(digest_mail(subscription, base_url, articles, now))
                if len(batch) == BATCH:
                    sent += connection.send_messages(batch) or 0
                    batch = []
            if batch:
                sent += connection.send_messages(batch) or 0
        return sent
