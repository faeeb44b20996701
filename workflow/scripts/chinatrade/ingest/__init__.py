"""Parsers of the raw sources: one module per source family, each returning canonical tables.

Every parser checks what it reads (chinatrade.validate) and raises
chinatrade.errors.InputDataError naming the file, the column, the row and the rule broken.
"""
