"""The service layer: the use cases every face (cli, api, web, the Python library) calls.

One module per area, imported by name (this package imports none of them, so adding a module
touches nothing here)::

    checking    check claim files (837 or the JSON claim form): make_engine, run_check, check_claims
    uploads     the one file-type sniff (kind_of) and the one upload spool (Spool, spool_stream)
    encoding    the one JSON encoder (pydantic's ``to_jsonable_python``): jsonable, dumps
    reference   code look-up and search (open_reference, lookup, search, systems)
    rules       the rules catalog and rule pages
    payers      payer profiles, resolved once from the settings
    suggesting  code selection for an encounter, with the user's payer profiles
    x12files    read, write, acknowledge (999) and generate 837 files
    keys        the API key store
    data        reference data releases (CMS HCPCS files) in the store

Round-2 use cases land here as their own modules (prices, credentials, reports, remittances).
Services raise ``TeleclaimError`` subclasses for "could not run" and return plain data or the
renderers' input (``CheckReport``); they never print and never know about HTTP.
"""
