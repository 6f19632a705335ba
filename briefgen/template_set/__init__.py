"""Bring your own templates: list a template set, copy the defaults to edit, document every
variable templates receive, and check a set before anything is rendered with it.

A template set has the layout of the default set: ``html/`` (Jinja HTML and CSS, printed to
PDF by WeasyPrint), ``docx/<regime>/<document>.docx`` (Word files filled by docxtpl),
``labels/<lang>.yaml`` and ``profiles/*.yaml``. A custom set falls back to the defaults file by
file (profiles as a folder). Only ``files.copy_defaults`` writes anything.

One module a job: ``files`` (list, copy), ``reference`` (the variables and their docs),
``fields`` and ``shapes`` (what templates receive, typed), ``analyser`` (the Jinja analysis),
``data``, ``html`` and ``word`` (the checks by kind of file), ``check`` (a whole set) and
``explain`` (a failed render, in the words of ``check``).
"""
