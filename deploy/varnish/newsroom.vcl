# Varnish 7.1 in front of Newsroom's gunicorn (see the README's "Varnish in front").
#
# Django decides what may be shared: a response is cached only if its Cache-Control says `public`
# or `s-maxage` (the page cache's anonymous pages, static files), for `s-maxage` seconds. It names
# what it shows in `Surrogate-Key`; a change purges those keys here (PURGE with `xkey-purge`, sent by
# newsroom/pagecache/cdn.py), so nothing stays stale until its time runs out.
vcl 4.1;

import cookie;
import std;
import xkey;

# The application servers, a director of them and their probe (on /readyz): one file to edit when a
# server is added, beside this one ("./": relative to this file, wherever varnishd is started).
include "./backends.vcl";

# Who may purge: the application servers, every backend of backends.vcl. Add their addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # With CDN_PURGE_SECRET set in Django, check it too:
        # if (req.http.X-Purge-Secret != "the same secret") { return (synth(403, "Forbidden")); }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        # A hard purge: a soft one would keep serving the old page as stale.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }

    if (req.restarts == 0) {
        unset req.http.X-Newsroom-Stale;
    } else if (req.http.X-Newsroom-Stale == "refetch") {
        # Past stale-while-revalidate: fetch now (vcl_hit), and serve stale only if that fails.
        set req.grace = 0s;
    } else if (req.http.X-Newsroom-Stale == "allowed") {
        # Django failed: the object's own grace (stale-if-error) decides.
        set req.grace = 3650d;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Staff, anyone holding a form's CSRF token, and a reader with a message waiting (the
    # newsletter's "check your inbox") get their own pages.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Only the reader's pages (under a language prefix), static files, sitemaps and robots.txt are
    # shared; everything else (/admin/, /preview/ share links, the root's redirect by
    # Accept-Language and language cookie) goes to Django with its cookies.
    if (req.url !~ "^/([a-z]{2}(-[a-z]+)?/|static/|media/|sitemap[^/]*\.xml|news-sitemap\.xml|robots\.txt)") {
        return (pass);
    }

    # Links from aggregators and newsletters carry tracking parameters that Django does not read:
    # one copy serves them all. (The reader's browser keeps them, for the analytics script.)
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)=") {
        set req.url = regsuball(req.url, "(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }

    # Validation is by ETag alone (newsroom/pagecache/http.py): no page's Last-Modified covers
    # everything it shows, so a 304 on If-Modified-Since alone could keep a reader's copy stale.
    if (!req.http.If-None-Match) {
        unset req.http.If-Modified-Since;
    }

    # The consent choice is the one cookie that changes a reader's page (banner, analytics script);
    # the others (analytics' own) are nothing Django reads. A value Django ignores is dropped too.
    if (req.http.Cookie) {
        cookie.parse(req.http.Cookie);
        if (cookie.get("consent") ~ "^(accepted|declined)$") {
            set req.http.Cookie = "consent=" + cookie.get("consent");
        } else {
            unset req.http.Cookie;
        }
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # Behind a TLS terminator, absolute links in feeds and sitemaps name the scheme.
    if (req.http.X-Forwarded-Proto) {
        hash_data(req.http.X-Forwarded-Proto);
    }
    if (req.http.Cookie) {
        hash_data(req.http.Cookie);
    }
    return (lookup);
}

sub vcl_hit {
    if (obj.ttl >= 0s || req.http.X-Newsroom-Stale == "allowed") {
        return (deliver);
    }
    # Within stale-while-revalidate: served at once, refreshed in the background.
    if (obj.ttl + std.duration(obj.http.X-Newsroom-Revalidate + "s", 0s) > 0s) {
        return (deliver);
    }
    # Kept only for stale-if-error: ask Django first.
    set req.http.X-Newsroom-Stale = "refetch";
    return (restart);
}

sub vcl_pass {
    set req.http.X-Newsroom-Pass = "1";
}

sub vcl_backend_fetch {
    # A refresh asks for the whole page: Django answers a conditional request it does not keep
    # (a 304 is not a page) as private, which would stop Varnish keeping the page at all.
    if (!bereq.uncacheable) {
        unset bereq.http.If-None-Match;
        unset bereq.http.If-Modified-Since;
    }
}

sub vcl_backend_response {
    # The reader does not get the pages' keys; xkey indexes the object by them.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
        unset beresp.http.Surrogate-Key;
    }

    # Django down or failing while a stale copy is kept: keep it (stale-if-error).
    if (beresp.status >= 500 && (bereq.is_bgfetch || bereq.http.X-Newsroom-Stale == "refetch")) {
        return (abandon);
    }

    if (bereq.uncacheable) {
        return (deliver);
    }
    # A response setting a cookie is somebody's own; it is never stored (and its Set-Cookie stays).
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(?i)(^|[ ,])(public|s-maxage=)"
        || beresp.http.Cache-Control ~ "(?i)(no-store|no-cache|private)") {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }

    # beresp.ttl comes from s-maxage (then max-age), beresp.grace from stale-while-revalidate.
    # Stale-if-error keeps the object longer, served only when Django fails (vcl_hit, vcl_synth).
    set beresp.http.X-Newsroom-Revalidate = std.integer(regsub(beresp.grace, "\..*$", ""), 0);
    if (beresp.http.Cache-Control ~ "(?i)stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "(?i)^.*stale-if-error=([0-9]+).*$", "\1s"), beresp.grace);
    }
    return (deliver);
}

sub vcl_backend_error {
    if (bereq.is_bgfetch || bereq.http.X-Newsroom-Stale == "refetch") {
        return (abandon);
    }
}

sub vcl_synth {
    if (resp.status == 503 && req.http.X-Newsroom-Stale == "refetch") {
        set req.http.X-Newsroom-Stale = "allowed";
        return (restart);
    }
}

sub vcl_deliver {
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.X-Newsroom-Revalidate;
    if (req.http.X-Newsroom-Pass) {
        set resp.http.X-Cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
