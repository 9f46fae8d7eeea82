# The application servers behind Varnish (included by newsroom.vcl; README, "Several servers").
#
# Each server is a backend probed on /readyz: a server that stops answering, loses its database, runs
# new code on an old schema or is being drained (its READYZ_DRAIN_FILE exists) answers 503 there, and
# two failed probes of three take it out of the director within ~10 s. A server without Redis answers
# 200 "degraded" and stays in: the site serves without it. Add a server: a backend like app1, one more
# `add_backend`, and its address in newsroom.vcl's `purgers` ACL (it purges pages when its editors save).
import directors;

probe ready {
    .url = "/readyz";
    .timeout = 2s;
    .interval = 5s;
    .window = 3;
    .threshold = 2;
}

# The test suite points this at its own servers (tests/servers.py: VarnishServer).
backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = ready;
}

# backend app2 {
#     .host = "10.0.0.12";
#     .port = "8000";
#     .connect_timeout = 2s;
#     .first_byte_timeout = 30s;
#     .probe = ready;
# }

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    # app.add_backend(app2);
}

sub vcl_recv {
    # Before newsroom.vcl's vcl_recv (this file is included above it): each request, and each restart
    # of one (the stale copy's refetch), goes to the next healthy server.
    set req.backend_hint = app.backend();
}

sub vcl_backend_error {
    # A server that died since its last probe (refused, reset, timed out): a reader's GET is asked
    # once more, of the director's next server, before newsroom.vcl's stale copy or an error page.
    # Never a POST, which the dead server may have carried out.
    if (bereq.retries == 0 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
}
