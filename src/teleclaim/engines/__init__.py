"""Where the rules run: in process (the default, ``teleclaim.service.checking.run_check``) or on Apache
Spark (``engines.spark``), with the same findings in the same order."""
