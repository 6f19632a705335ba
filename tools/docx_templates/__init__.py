"""The Word template builder (tools/build_docx_templates.py runs :mod:`.build`)."""
