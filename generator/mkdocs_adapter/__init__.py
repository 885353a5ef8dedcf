"""The thin adapter between the generator and MkDocs. Nothing else imports MkDocs."""
