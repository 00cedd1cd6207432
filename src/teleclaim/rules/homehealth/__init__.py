"""Home-health (UB-04 / 837I, TOB 32X and 34X) edits: one rule per file, ``HH001.py`` ...

Shared pieces: ``_view.py`` (a derived view of one claim, computed once per claim and shared by
the rules), ``_sources.py`` (the authorities, by the source tags of the rules fact sheet) and
``tables.yaml`` (rule-logic tables with their citations). Code validity by date comes from the
curated code sets through ``Context.codes``.
"""
