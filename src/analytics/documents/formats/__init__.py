"""File formats → text: bytes decoded (encoding.py), structured files converted to the one-cell-per-line layout
(convert.py, html_page.py, spreadsheet.py, grid.py), every character's offset kept (document.py).

Imports only the documents stage's base modules (sourcetext, vocabulary); the layouts above read its text.
"""
