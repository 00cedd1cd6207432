"""Telehealth (CMS-1500 / 837P) edits: one rule per file, ``TH001.py`` ...

Shared pieces: ``_view.py`` (the line facts every rule asks about: place of service, technology
modifiers, clinician type from the rendering taxonomy, behavioral-health evidence, the payer
profile), ``_sources.py`` (authorities by the source tags of the rules fact sheet) and
``tables.yaml`` (code families and the taxonomy map, with their citations).

Per-claim rules implement ``check``. Cross-claim rules (e-visit 7-day windows, RPM/RTM periods)
derive from ``CrossRule``: the engine collects the compact ``ServiceRecord`` of every relevant line
of the run (and of earlier runs when a history store is configured) and calls ``check_records``
once at the end of the run. Payer policy comes from the profile (``teleclaim.refdata.payers``).
"""
