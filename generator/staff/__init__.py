"""Tools for the staff who keep data/: drafting figures from documents."""
