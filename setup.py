"""Build steps pyproject.toml cannot declare.

- The compiled LZString (mockvclaim/protocol/_lzstring.c) is optional: without a C compiler
  the build goes on and lzstring.py's pure-Python compressor serves (docs/performance.md §2).
- A wheel carries the top-level schemas/ and scenarios/ inside the package, where
  mockvclaim/resources.py looks first; an editable install reads them from the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

BUNDLED = ("schemas", "scenarios")


class BuildWithDataFolders(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for folder in BUNDLED:
            target = Path(self.build_lib, "mockvclaim", "_bundled", folder)
            shutil.copytree(folder, target, dirs_exist_ok=True)


setup(
    ext_modules=[
        Extension(
            "mockvclaim.protocol._lzstring",
            ["mockvclaim/protocol/_lzstring.c"],
            optional=True,
        )
    ],
    cmdclass={"build_py": BuildWithDataFolders},
)
