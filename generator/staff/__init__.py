"""Tools for the staff who keep data/ (`portal new-*`, `portal diff`, `portal propose`): they read the
dataset and help edit it, and nothing in the site build imports them."""
