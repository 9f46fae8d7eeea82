"""Running the site: the request log, health probes, log format (README, "Operating")."""
