"""Further `portal` sub-commands, registered by the modules that own them."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from . import build, deploy
    from .staff import diff, propose, scaffold

    build.register(sub)
    scaffold.register(sub)
    diff.register(sub)
    deploy.register(sub)
    propose.register(sub)
