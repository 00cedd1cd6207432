"""schemathesis hooks shared by the suite (tests/api/test_schemathesis.py) and the command line::

SCHEMATHESIS_HOOKS=st_hooks PYTHONPATH=tests/api schemathesis run URL/openapi.json --checks all -H "Authorization: Bearer KEY"
"""

import schemathesis

# an 837 travels as text whatever its media type says
schemathesis.serializer.alias("application/edi-x12", "text/plain")
