from django.db import models


class Correction(models.Model):
    """A new table: the kind of migration a release may run while the previous one serves."""

    note = models.TextField()

    def __str__(self):
        return self.note
