// Development stand-in for an analytics tool (Matomo, Plausible, ...): it only sets the cookie such a
// tool would, so that one can see it load after "Accept" and never before.
document.cookie = "analytics_demo=1; path=/; max-age=31536000; SameSite=Lax";
