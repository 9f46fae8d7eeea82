"""A test-only app: what "release B" adds in test_deploy_recipe.py's upgrade (one model, one migration).
Installed by tests/operations/upgrade_settings.py only, never by the site."""
