"""The longer `--help` texts of `serve` and `check`: what a user needs without the README."""

from __future__ import annotations

from mockvclaim.config import DEMO_CONS_ID, DEMO_PPK, DEMO_SECRET, DEMO_USER_KEY

SERVE_DESCRIPTION = """\
Serve the mock BPJS VClaim 2.0 API until Ctrl-C (or SIGTERM); this holds the terminal.
The banner prints the base URL and the credentials to give your SIMRS. Each request
gets one line on the terminal (--quiet turns that off). Files given with --scenarios
are reloaded when they change; a bad edit keeps the rules in use and says why."""

SERVE_EPILOG = f"""\
environment variables (a flag wins over its variable):
  MOCKVCLAIM_HOST, MOCKVCLAIM_PORT, MOCKVCLAIM_DATA, MOCKVCLAIM_SCENARIOS,
  MOCKVCLAIM_SEED, MOCKVCLAIM_TIMESTAMP_SKEW, MOCKVCLAIM_STRICT=1, MOCKVCLAIM_CONSUMERS,
  MOCKVCLAIM_JOURNAL_SIZE, MOCKVCLAIM_QUIET=1, MOCKVCLAIM_PORT_FILE
                        the flags above
  MOCKVCLAIM_CONS_ID, MOCKVCLAIM_SECRET, MOCKVCLAIM_USER_KEY, MOCKVCLAIM_PPK
                        the single consumer when no consumers file is given
                        (default {DEMO_CONS_ID}, {DEMO_SECRET}, {DEMO_USER_KEY}, {DEMO_PPK})
  MOCKVCLAIM_ADMIN_TOKEN
                        when set, /_mock/* (except /_mock/health) needs
                        'Authorization: Bearer TOKEN'

consumers file (--consumers, YAML or JSON), one entry per hospital, cons_id unique:
  consumers:
    - {{cons_id: "10001", secret: "s3cret", user_key: "uk-10001", ppk: "0301R011"}}
    - {{cons_id: "10002", secret: "other", user_key: "uk-10002", ppk: "0902R002"}}

examples:
  mockvclaim serve
  mockvclaim serve --port 0 --scenarios ci/vclaim-scenarios --seed 7
"""

CHECK_DESCRIPTION = """\
Check scenario files (YAML or JSON, or folders of them) the way `serve` loads them,
beside the built-in test cards, without starting a server. Every problem is printed,
with the file, the rule and the field; then warnings: values YAML reads differently
from how they are written (an unquoted 0002000000017 is a number), and rules that can
never act because an earlier rule answers first. Exit status 0 when the files load."""
