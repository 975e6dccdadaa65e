"""`python -m concerto.cli …`, as the `concerto` script (the process tests run it this way)."""

import sys

from concerto.cli import main

sys.exit(main())
