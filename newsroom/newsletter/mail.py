"""The newsletter's mails, each in its subscriber's language, as plain text with an HTML alternative,
and each with the signed link that ends the subscription: in the text and in the RFC 8058 headers
that let mail programs offer "Unsubscribe" with one click.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Subscription


def site_url(request=None) -> str:
    """The scheme and host that links in mails start with: SITE_URL, or else the request's own."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is None:
        raise ImproperlyConfigured("Set SITE_URL (e.g. https://news.example.com) to send mails without a request.")
    return request.build_absolute_uri("/").rstrip("/")


def _mail(subscription: Subscription, base_url: str, template: str, subject: str, context: dict):
    """Call inside translation.override(subscription.language)."""
    unsubscribe_url = base_url + reverse("newsletter:unsubscribe", kwargs={"token": subscription.unsubscribe_token})
    context = {
        **context,
        "subscription": subscription,
        "unsubscribe_url": unsubscribe_url,
        "site_url": base_url,
        "SITE_NAME": settings.SITE_NAME,
        "LANGUAGE_CODE": subscription.language,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"newsletter/mail/{template}.txt", context),
        to=[subscription.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string(f"newsletter/mail/{template}.html", context), "text/html")
    return message


def confirmation_mail(subscription: Subscription, base_url: str) -> EmailMultiAlternatives:
    with translation.override(subscription.language):
        confirm_url = base_url + reverse("newsletter:confirm", kwargs={"token": subscription.confirmation_token})
        subject = _("Please confirm your subscription to the %(site)s newsletter") % {"site": settings.SITE_NAME}
        context = {"confirm_url": confirm_url, "days": Subscription.CONFIRM_DAYS}
        return _mail(subscription, base_url, "confirmation", subject, context)


def already_subscribed_mail(subscription: Subscription, base_url: str) -> EmailMultiAlternatives:
    """For a sign-up of an address that already gets the newsletter: its owner learns of it, the
    person who typed it in does not."""
    with translation.override(subscription.language):
        subject = _("You already receive the %(site)s newsletter") % {"site": settings.SITE_NAME}
        return _mail(subscription, base_url, "already_subscribed", subject, {})


def digest_mail(subscription: Subscription, base_url: str, articles, date: datetime.datetime) -> EmailMultiAlternatives:
    """`articles` must be readable in the subscriber's language."""
    language = subscription.language
    with translation.override(language):
        day = formats.date_format(timezone.localtime(date), "DATE_FORMAT")
        subject = ngettext(
            "%(site)s newsletter of %(date)s: %(count)d new article",
            "%(site)s newsletter of %(date)s: %(count)d new articles",
            len(articles),
        ) % {"site": settings.SITE_NAME, "date": day, "count": len(articles)}
        items = [
            {
                "headline": article.text.headline,
                "standfirst": article.text.standfirst,
                "section": article.section,
                "url": base_url + article.url_in(language),
            }
            for article in articles
        ]
        context = {"items": items, "date": day, "all_articles_url": base_url + reverse("articles:list")}
        return _mail(subscription, base_url, "digest", subject, context)
