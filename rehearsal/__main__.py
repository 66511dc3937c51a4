"""`python -m rehearsal`: the rehearsal room in the browser (rehearsal.main says more)."""

import gc
import sys

# As bot/__main__.py: no garbage collection while start-up builds what lives as long as the
# process; rehearsal.main turns it on again before the room opens.
gc.disable()

from rehearsal.main import main  # noqa: E402

sys.exit(main())
