"""Media files for the browser's eyes: what the web server in front does in production."""


def serve_media(page, live_server, media_root):
    """In production the web server in front serves /media/; here the browser reads the files directly."""

    def fulfil(route):
        path = media_root / route.request.url.split("/media/", 1)[1]
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404)

    page.route(f"{live_server.url}/media/**", fulfil)
