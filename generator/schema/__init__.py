"""The schema: domain vocabulary (catalogue), the field language (spec) and the file shapes (city)."""
