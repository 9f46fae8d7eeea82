import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from newsroom.articles.models import Article
from newsroom.newsletter.mail import site_url
from newsroom.newsletter.models import NewsletterIssue, Subscription
from newsroom.newsletter.tasks import mail_batch, send_issue_batch

FIRST_ISSUE_DAYS = 7
MAX_ARTICLES = 30


class Command(BaseCommand):
    help = (
        "Start an issue for every language with new articles: the background worker mails each confirmed "
        "subscriber, in their language, the articles published since the last issue in that language (or "
        "the last --days days) that readers can read in it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="the articles of the last DAYS days, not those since the last issue"
        )
        parser.add_argument("--dry-run", action="store_true", help="print what would be sent; send and record nothing")
        parser.add_argument("--now", action="store_true", help="send the mails from this process, not the worker")

    def handle(self, *args, days=None, dry_run=False, now=False, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        try:
            base_url = site_url()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        moment = timezone.now()
        for language, _name in settings.LANGUAGES:
            since = self.since(language, days, moment)
            articles = list(
                Article.objects.published()
                .readable_in(language)
                .filter(published_at__gt=since, published_at__lte=moment)
                .for_cards()
                .newest_first()[:MAX_ARTICLES]
            )
            subscribers = Subscription.objects.confirmed().for_language(language).count()
            period = f"since {timezone.localtime(since):%Y-%m-%d %H:%M}"
            what = f"{len(articles)} articles {period}"
            if not articles:
                self.stdout.write(f"{language}: no new articles {period}; nothing sent.")
                continue
            if dry_run:
                self.stdout.write(f"{language}: would send {what} to {subscribers} subscribers:")
                with translation.override(language):
                    for article in articles:
                        self.stdout.write(f"  - {article.text.headline} ({base_url}{article.url_in(language)})")
                continue
            if not subscribers:
                self.stdout.write(f"{language}: {what}, but no subscribers; nothing sent.")
                continue
            try:
                with transaction.atomic():
                    issue = NewsletterIssue.objects.create(
                        language=language,
                        sent_at=moment,
                        status=NewsletterIssue.Status.SENDING,
                        article_ids=[article.pk for article in articles],
                        article_count=len(articles),
                    )
                    if not now:
                        send_issue_batch.enqueue(issue.pk)
            except IntegrityError:
                self.stdout.write(f"{language}: the last issue is still being sent; nothing new started.")
                continue
            if now:
                while not mail_batch(issue.pk):
                    pass
                issue.refresh_from_db()
                self.stdout.write(f"{language}: sent {what} to {issue.recipient_count} subscribers.")
            else:
                self.stdout.write(f"{language}: {what} for {subscribers} subscribers, left to the worker.")

    def since(self, language: str, days: int | None, now: datetime.datetime) -> datetime.datetime:
        if days is not None:
            return now - datetime.timedelta(days=days)
        last = NewsletterIssue.objects.filter(language=language).order_by("-sent_at").first()
        return last.sent_at if last else now - datetime.timedelta(days=FIRST_ISSUE_DAYS)
