"""`python -m pilotkit` runs the command line."""

import sys

from pilotkit.cli import main

sys.exit(main())
