"""python -m zinepress"""

import sys

from zinepress.cli import main

sys.exit(main())
