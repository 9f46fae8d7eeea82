"""The reader's side of the newsletter: sign up, confirm, unsubscribe.

No answer tells whether an address is subscribed: every sign-up leads to the same page after the
same work (a lookup, a write, one mail handed to the background worker), and only the mailbox's
owner reads what happened. Links
in mails change nothing when opened, so mail scanners that fetch them subscribe nobody: a button
on the page does it.
"""

from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from newsroom.clients import client_ip
from newsroom.public_pages import language_links

from .forms import SubscribeForm
from .mail import site_url
from .models import Subscription
from .tasks import send_sign_up_mail

# Sign-ups per client in ten minutes and per address in an hour, counted in the cache.
CLIENT_RATE = "10/10m"
ADDRESS_RATE = "3/h"
RETRY_AFTER_SECONDS = 600


def client_key(address: str):
    """The client's address (`clients.client_ip`) hashed with the secret key: the cache never holds
    an IP address."""

    def key(group, request) -> str:
        return salted_hmac("newsroom.newsletter.client", address).hexdigest()

    return key


def address_key(email: str):
    def key(group, request) -> str:
        return salted_hmac("newsroom.newsletter.address", email.lower()).hexdigest()

    return key


def too_many_requests():
    # Empty on purpose: newsroom.error_pages renders templates/429.html in the page's language.
    return HttpResponse(status=429, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def private(response):
    """Pages reached by a personal link: never cached, never indexed, never passing the link on to
    another site. Not `no-referrer`: browsers then send `Origin: null` with the page's own form,
    which Django's CSRF check (and the cookie banner's) rightly refuses."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def link_problem(request, message: str, status: int):
    return private(render(request, "newsletter/link_problem.html", {"message": message}, status=status))


def sign_up(request, email: str, language: str):
    """Record the sign-up and leave its mail to the worker (the confirmation link, or to a
    subscriber the news that nothing needs doing), in one transaction: the reader never waits for
    the mail server, and a mail is sent for every sign-up that was written."""
    with transaction.atomic():
        subscription = Subscription.objects.by_email(email).for_language(language).first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(email=email, language=language)
            except IntegrityError:  # the same address sent twice at once
                subscription = Subscription.objects.by_email(email).for_language(language).get()
        else:
            subscription.record_request()
        send_sign_up_mail.enqueue(subscription.pk, site_url(request))


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        # A request whose address could not be read is limited only per address, below.
        client = client_ip(request)
        if client is not None and is_ratelimited(
            request, group="newsletter-client", key=client_key(client), rate=CLIENT_RATE, increment=True
        ):
            return too_many_requests()
        if form.is_valid():
            email = form.cleaned_data["email"]
            # A bot that filled in the hidden field is told what everyone is told, and gets nothing.
            if not form.is_from_a_bot:
                key = address_key(email)
                if is_ratelimited(request, group="newsletter-address", key=key, rate=ADDRESS_RATE, increment=True):
                    return too_many_requests()
                sign_up(request, email, get_language())
            return redirect("newsletter:sent")
    return render(request, "newsletter/subscribe.html", {**language_links(request), "form": form})


@require_safe
def sent(request):
    return render(request, "newsletter/sent.html", {**language_links(request), "days": Subscription.CONFIRM_DAYS})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    try:
        subscription = Subscription.from_confirmation_token(token)
    except signing.SignatureExpired:
        subscription = None
    except signing.BadSignature:
        message = _("This confirmation link is not valid. Please check that you opened the whole link from the mail.")
        return link_problem(request, message, 400)
    if subscription is None:
        message = _("This confirmation link has expired. Please sign up again: you will get a new link.")
        return link_problem(request, message, 410)
    if request.method == "POST":
        subscription.confirm()
        return private(render(request, "newsletter/confirmed.html", {"subscription": subscription}))
    return private(render(request, "newsletter/confirm.html", {"subscription": subscription}))


# The token is the authority here, not a session: RFC 8058's one-click unsubscribe is a POST from
# the mail program, with no cookie and no CSRF token, and anyone holding the link may end it anyway.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    try:
        subscription = Subscription.from_unsubscribe_token(token)
    except signing.BadSignature:
        message = _("This unsubscribe link is not valid. Please check that you opened the whole link from the mail.")
        return link_problem(request, message, 400)
    if request.method == "POST":
        if subscription is not None:
            subscription.unsubscribe()
        return private(render(request, "newsletter/unsubscribed.html"))
    is_subscribed = subscription is not None and subscription.status != Subscription.Status.UNSUBSCRIBED
    return private(render(request, "newsletter/unsubscribe.html", {"is_subscribed": is_subscribed}))
