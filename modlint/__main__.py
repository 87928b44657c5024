"""`python -m modlint`."""

import sys

from modlint.cli import main

sys.exit(main())
