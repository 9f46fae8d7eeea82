"""Image uploads in the admin: checked (rules.py), cleaned of personal metadata
(metadata.py), and kept across a refused form (kept.py) by one form field (forms.py)."""
