"""Every accepted-convention variant: the ``VARIANTS`` lists of the ``variants_<assignment>.py`` modules here."""
import importlib
import pkgutil
from pathlib import Path

VARIANTS = []
for _info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
    if _info.name.startswith("variants_"):
        VARIANTS.extend(importlib.import_module(f"{__package__}.{_info.name}").VARIANTS)
