"""The table layouts of plain-text plans, one module each, sharing `cells` (cleaning and the header vocabulary of
rules/table_headers.yaml) and `cursor` (the lines being read, the document being built).

- `delimited`: `cell | cell |` rows and tab-separated rows;
- `flat`: a table flattened one cell per line, each ending in ` |` (web scrape), dispatching to
- `flat_numbered`: a flattened STT | Nhiệm vụ | … table, rows of the header's width;
- `blank_separated`: cells separated by blank lines, rows ended by a lone no-break space.
`cascade.read.txt` finds each table by its header row and hands it to its layout.
"""
