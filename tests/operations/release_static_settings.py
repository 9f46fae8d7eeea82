"""A release of test_release_manifests.py: the site's settings with the static files taken from the
folder RELEASE_STATIC_SOURCE (a copy of static/ the test changes), as another checkout would have them."""

import os

from newsroom.settings import *  # noqa: F403

STATICFILES_DIRS = [os.environ["RELEASE_STATIC_SOURCE"]]
