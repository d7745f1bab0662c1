"""How figures read: the number style of Vietnamese administrative reports (`numbers`) and
plain fixed-width text tables (`texttable`). Right above the rules, below every room that
shows a figure (book, report, importer, city, cli); imports nothing of the package.
"""
