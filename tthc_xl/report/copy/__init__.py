"""The email copy, one job a module: what goes in (`builder`: the sheets of the registry,
values and looks, never a formula), what is kept out (`redact`: personal data), how it
prints (`fit`), the draft email (`eml`) and the NhatKy line a copy with personal data
leaves (`audit`). The two entry points are in :mod:`tthc_xl.report.publish`.
"""
