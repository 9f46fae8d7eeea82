import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django_application = get_wsgi_application()

# Cached pages answered before Django builds a request (imported once Django is set up).
from newsroom.pagecache.middleware import PageCacheApplication  # noqa: E402

application = PageCacheApplication(django_application)
