"""``python -m interactioncoder``: same as the ``interactioncoder`` command."""

import sys

from interactioncoder.app import main

sys.exit(main())
