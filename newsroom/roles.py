"""The newsroom's roles, as groups of permissions.

Migrations create them (`translations/0002`, `editorial/0002`, `newsletter/0001`), and `create_roles`
can be run again at any time to restore them, as `load_demo` does: it sets each group to exactly these
permissions. A permission that does not exist yet (its migration has not run) is skipped; the migration
that adds it runs `create_roles` again.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CONTENT = {
    "articles": ("article", "byline", "interviewexchange", "correction", "section", "series", "tag", "author"),
    "organizations": ("organization",),
    "people": ("person",),
    "places": ("place",),
    "events": ("event",),
    "images": ("image",),
}
# The planning board: everyone with a role reads it (PlannedStoryAdmin says who changes what).
PLANNING_VIEW = [("planning", "view_plannedstory")]
TRANSLATOR, REPORTER, EDITOR, ADMINISTRATOR = "Translator", "Reporter", "Editor", "Administrator"
ROLES = (TRANSLATOR, REPORTER, EDITOR, ADMINISTRATOR)
NAMES = {
    TRANSLATOR: _("Translator"),
    REPORTER: _("Reporter"),
    EDITOR: _("Editor"),
    ADMINISTRATOR: _("Administrator"),
}
# What each role may do, in a line, beside its box on the user form.
DESCRIPTIONS = {
    TRANSLATOR: _(
        "Translates into the languages set below, on each object's translation page; reads everything else, "
        "the planning board included."
    ),
    REPORTER: _(
        "Writes articles and submits them for review; changes only their own drafts; "
        "adds tags and images and fixes those readers do not see yet; adds ideas to the planning board and moves "
        "their own assignments along. Does not publish."
    ),
    EDITOR: _(
        "Edits, publishes and unpublishes every article; manages sections, series, tags, authors, "
        "organizations, people, places, events and the library's images; plans and assigns stories; "
        "releases translations; "
        "imports agency copy; exports newsletter subscribers."
    ),
    ADMINISTRATOR: _(
        "An editor who also manages accounts, their roles and translators' languages, lifts login locks, "
        "deletes newsletter subscriptions, issues and revokes the content API's keys and manages partners' webhooks."
    ),
}


def permission_names(role: str) -> list[tuple[str, str]]:
    """(app label, codename) of every permission `role` has."""
    view = [(app, f"view_{model}") for app, models in CONTENT.items() for model in models]
    if role == TRANSLATOR:
        # Translators read everything and write only translations, through the translation page.
        return [*view, *PLANNING_VIEW, ("translations", "view_translation"), ("translations", "translate")]
    if role == REPORTER:
        writes = [
            ("articles", f"{action}_{model}")
            for model in ("article", "byline", "interviewexchange", "tag")
            for action in ("add", "change")
        ]
        # Images for their articles; changed only while nothing uses them (ImageAdmin checks each).
        writes += [("images", "add_image"), ("images", "change_image")]
        # Only tags of their own articles that readers do not see yet (TagAdmin checks each tag).
        fixes = [("articles", "delete_tag")]
        # Ideas for the planning board, and the status of their own assignments (PlannedStoryAdmin checks each).
        ideas = [("planning", "add_plannedstory"), ("planning", "change_plannedstory")]
        return [*view, *PLANNING_VIEW, *writes, *fixes, *ideas, ("translations", "view_translation")]
    everything = [
        (app, f"{action}_{model}")
        for app, models in CONTENT.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    ]
    if role == ADMINISTRATOR:
        # An editor who also manages the people: accounts, their roles and languages.
        people = [
            (app, f"{action}_{model}")
            for app, model in (("auth", "user"), ("auth", "group"), ("translations", "translatorlanguage"))
            for action in ("add", "change", "delete", "view")
        ]
        # Deleting a subscription answers a reader's request to erase their address.
        erasure = [("newsletter", "delete_subscription")]
        # Failed logins that still count (django-axes): deleting them unlocks a client.
        logins = [("axes", "view_accessattempt"), ("axes", "delete_accessattempt")]
        # Partners' keys to the content API: made, changed (revoked) and watched by administrators only.
        api_keys = [
            *(("syndication", f"{action}_apikey") for action in ("add", "change", "view")),
            ("syndication", "view_apikeyusage"),
        ]

        # Partners' webhook addresses and secrets, and the log of what was sent to them.
        webhooks = [
            *(("webhooks", f"{action}_webhooksubscription") for action in ("add", "change", "delete", "view")),
            ("webhooks", "view_delivery"),
            ("webhooks", "send_delivery"),
            ("webhooks", "view_deliveryattempt"),
        ]
        return [
            *permission_names(EDITOR),
            *people,
            *erasure,
            *logins,
            *api_keys,
            *webhooks,
            ("editorial", "view_transition"),
        ]
    planning = [
        *(("planning", f"{action}_plannedstory") for action in ("add", "change", "delete", "view")),
        ("planning", "assign_plannedstory"),
    ]
    return [
        *everything,
        *planning,
        ("editorial", "view_transition"),
        # Preview links are secrets: only editors see, make and withdraw them.
        ("editorial", "add_previewlink"),
        ("editorial", "change_previewlink"),
        ("editorial", "view_previewlink"),
        ("articles", "publish_article"),
        ("translations", "view_translation"),
        # Agency copy comes in as drafts for the desk: editors import and read the import log.
        ("imports", "add_importrecord"),
        ("imports", "view_importrecord"),
        ("translations", "change_translation"),
        ("translations", "translate"),
        ("translations", "manage_translations"),
        # Subscribers' addresses: editors see and export them; nobody adds or changes one by hand.
        ("newsletter", "view_subscription"),
        ("newsletter", "export_subscription"),
        ("newsletter", "view_newsletterissue"),
    ]


def create_roles(apps):
    """Create or restore the groups; `apps` is a migration's app registry or `django.apps.apps`."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role in ROLES:
        wanted = Q(pk__in=[])
        for app_label, codename in permission_names(role):
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group, _created = group_model.objects.get_or_create(name=role)
        group.permissions.set(permission_model.objects.filter(wanted))


def role(name: str):
    """The group of role `name`, restored first if it is missing (a flushed test database)."""
    if not Group.objects.filter(name=name).exists():
        create_roles(global_apps)
    return Group.objects.get(name=name)


def migrate_roles(apps, schema_editor):
    """A migration's step: Django makes permissions only after all migrations, so make them first."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    create_roles(apps)
