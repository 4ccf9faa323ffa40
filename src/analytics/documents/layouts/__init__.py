"""Text → tables or numbered lists: the layouts a list is written in, whatever its file format.

cells.py holds the shapes every reader returns (Cell, Row, Table); tables.py the tab-marked layouts,
plain_cells.py a web page copied without tab markers, sentences.py lists written as numbered sentences.
Imports formats/ and the base modules, never the other way round.
"""
