"""Generic code edits (CV001-CV019): every procedure code and modifier of every line, shallowly.

They consult ``Context.refs`` (``teleclaim.refdata.code_sets.CodeRefs``: the shipped HCPCS Level II
index, the two-digit modifier list, unit limits, and the PFS index when a release is imported),
built once per engine by ``checking.make_engine``; an engine built without it (library use) does not
run them. One finding per cause: codes the curated sets know are left to TH001/HH edits (their
windows), HIPPS lines to HH032, and codes a payer profile does not pay to TH002.
"""
