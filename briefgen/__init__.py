"""briefgen: the documents a meeting secretariat produces, from one meeting file.

Data flows one way, and so do imports. Each layer imports only from itself and the layers
below it (``make test`` checks this with import-linter, function-level imports included):

    cli > serve > batch | followup > documents > template_set > render > kinds > view > model > load > errors

- ``cli``: the command line (Typer): parses arguments, calls the library, prints.
- ``batch``: every document, scope and format; what is outdated; a process pool; manifest.
- ``followup``: between sessions: report requests and response forms per owner unit, returned
  forms merged into the register, what changed since the previous session, the next meeting.
- ``documents``: the plan (one job per document, scope, format) and the render loop.
- ``template_set``: bring-your-own templates: list, copy, the variable reference, check, and
  the explanation of a template that failed.
- ``render``: one renderer per format (docx, pdf, html), the sandboxed Jinja, the chart.
- ``kinds``: the registry of document kinds, one small module each.
- ``view``: everything documents print, derived once from the model; shared document parts.
- ``model``: the meeting schema (pydantic), format profiles, validation with positions.
- ``load``: reading YAML, CSV and XLSX with the position of every value.
- ``errors``, ``assets``, ``writer``: located problems, where templates are, atomic writes.
"""

__version__ = "0.1.0"
