"""The newsletter's mails, sent by the background worker (newsroom/worker), never by a request.

A digest goes out in batches of BATCH subscribers over one SMTP connection, each mail recorded as
sent before the next, so that a worker stopped midway leaves the rest to the next: only the mail in
flight at that moment may reach its subscriber twice. A mail server that fails is tried again
later (RETRY_MINUTES), from where the batch stopped.
"""

import datetime
import logging
import smtplib

from django.core.mail import get_connection
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from newsroom.articles.models import Article

from .mail import already_subscribed_mail, confirmation_mail, digest_mail, site_url
from .models import NewsletterIssue, Subscription

logger = logging.getLogger(__name__)

BATCH = 100
# Minutes until the next try after the mail server failed (refused, timed out, went away).
RETRY_MINUTES = (1, 5, 15, 60)


def try_again_later(task, failures: int, error: Exception, *args) -> None:
    if failures >= len(RETRY_MINUTES):
        raise error
    minutes = RETRY_MINUTES[failures]
    logger.warning("The mail server failed (%s); %s tries again in %d minutes.", error, task.name, minutes)
    task.using(run_after=timezone.now() + datetime.timedelta(minutes=minutes)).enqueue(*args, failures=failures + 1)


@task(queue_name="newsletter")
def send_sign_up_mail(subscription_id: int, base_url: str, failures: int = 0) -> None:
    """The confirmation link, or for an address that already gets the newsletter the news that
    nothing needs doing."""
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:  # forgotten meanwhile
        return
    if subscription.status == Subscription.Status.CONFIRMED:
        message = already_subscribed_mail(subscription, base_url)
    else:
        message = confirmation_mail(subscription, base_url)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        try_again_later(send_sign_up_mail, failures, error, subscription_id, base_url)


@task(queue_name="newsletter")
def send_issue_batch(issue_id: int, failures: int = 0) -> None:
    try:
        finished = mail_batch(issue_id)
    except (smtplib.SMTPException, OSError) as error:
        try_again_later(send_issue_batch, failures, error, issue_id)
        return
    if not finished:
        send_issue_batch.enqueue(issue_id)


def mail_batch(issue_id: int) -> bool:
    """Mail the issue to the next BATCH confirmed subscribers of its language; True once it has
    reached them all. Articles taken down since the issue began are left out of the rest."""
    issue = NewsletterIssue.objects.get(pk=issue_id)
    if issue.status == NewsletterIssue.Status.SENT:
        return True
    articles = list(
        Article.objects.published()
        .readable_in(issue.language)
        .filter(pk__in=issue.article_ids)
        .for_cards()
        .newest_first()
    )
    subscribers = list(
        Subscription.objects.confirmed()
        .for_language(issue.language)
        .filter(pk__gt=issue.last_subscription_id)
        .order_by("pk")[:BATCH]
    )
    if articles and subscribers:
        base_url = site_url()
        with get_connection() as connection:
            for subscription in subscribers:
                connection.send_messages([digest_mail(subscription, base_url, articles, issue.sent_at)])
                NewsletterIssue.objects.filter(pk=issue.pk).update(
                    last_subscription_id=subscription.pk, recipient_count=F("recipient_count") + 1
                )
        if len(subscribers) == BATCH:
            return False
    NewsletterIssue.objects.filter(pk=issue.pk).update(status=NewsletterIssue.Status.SENT, finished_at=timezone.now())
    return True


@task()
def forget_unconfirmed() -> int:
    """Delete the sign-ups nobody confirmed within Subscription.PENDING_DAYS (daily, WORKER_PERIODIC)."""
    deleted, _by_model = Subscription.objects.never_confirmed().delete()
    return deleted
