"""`python -m mockvclaim`: the same as the `mockvclaim` command."""

import sys

from mockvclaim.cli import main

sys.exit(main())
