"""Addresses by slug without `reverse()` for each object are the addresses `reverse()` gives."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, reverse, set_script_prefix
from django.utils.translation import override

from newsroom.reversing import reverse_slug

VIEWS = [
    "articles:detail",
    "articles:section",
    "articles:series",
    "articles:tag",
    "articles:author",
    "organizations:detail",
    "people:detail",
    "places:detail",
    "events:detail",
]


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("viewname", VIEWS)
@pytest.mark.parametrize("slug", ["nuevo-leon", "a", "x_1-2", "0-slug-0"])
def test_the_same_address_as_reverse_in_each_language(viewname, language, slug):
    with override(language):
        assert reverse_slug(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


@pytest.mark.parametrize("slug", ["", "with space", "ümlaut"])
def test_what_a_slug_cannot_be_is_refused_as_reverse_refuses_it(slug):
    with override("en"), pytest.raises(NoReverseMatch):
        reverse_slug("articles:detail", slug)


def test_a_script_prefix_is_followed(rf):

    set_script_prefix("/news/")
    try:
        with override("de"):
            assert reverse_slug("articles:tag", "handel") == reverse("articles:tag", kwargs={"slug": "handel"})
            assert reverse_slug("articles:tag", "handel").startswith("/news/de/")
    finally:
        set_script_prefix("/")


def _view(request, slug):
    raise AssertionError("never called")


# A URL configuration of its own for the next test (ROOT_URLCONF="tests.test_reversing").
urlpatterns = [path("elsewhere/", include(([path("<slug:slug>/", _view, name="detail")], "articles")))]


def test_another_url_configuration_is_a_new_address():
    with override("en"):
        assert reverse_slug("articles:detail", "nuevo-leon") == "/en/articles/nuevo-leon/"
        with override_settings(ROOT_URLCONF="tests.test_reversing"):
            assert reverse_slug("articles:detail", "nuevo-leon") == "/elsewhere/nuevo-leon/"
        assert reverse_slug("articles:detail", "nuevo-leon") == "/en/articles/nuevo-leon/"
