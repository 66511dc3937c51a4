"""`python -m rehearsal`: the rehearsal room in the browser (rehearsal.main says more)."""

import sys

from rehearsal.main import main

sys.exit(main())
