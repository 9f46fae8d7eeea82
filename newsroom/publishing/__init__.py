"""Entities readers see unless an editor takes them down. The QuerySet (imported by models) and the
admin live in two modules, so that loading the models never imports the admin."""
