"""Further `portal` sub-commands (build, serve, new-city, diff), registered by the modules that own them."""
from __future__ import annotations

import argparse


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Each stage module adds its own sub-command here."""
