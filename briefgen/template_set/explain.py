"""Why a render failed, in the words ``briefgen templates check`` uses for the same fault."""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from briefgen.assets import TemplateSet
from briefgen.errors import Problem
from briefgen.template_set.data import set_labels
from briefgen.template_set.files import custom_set
from briefgen.template_set.html import check_entry
from briefgen.template_set.word import check_docx


def explain_failure(exc: Exception, template: str, templates: TemplateSet = TemplateSet()
                    ) -> list[Problem]:
    """The problems ``check`` finds behind a failed render of ``template`` with the set
    ``templates`` (syntax errors for a syntax error, unknown variables for an undefined one,
    unsafe attributes for a sandbox refusal), so both commands say the same; empty when the
    analysis cannot tell (the caller then reports the failure as it is)."""
    if not isinstance(exc, TemplateSyntaxError | UndefinedError | SecurityError):
        return []
    wanted = "syntax" if isinstance(exc, TemplateSyntaxError) else \
        "unsafe" if isinstance(exc, SecurityError) else "unknown"
    custom = custom_set(templates.custom)
    try:
        if template.endswith(".docx"):
            labels, _ = set_labels(custom)
            findings = check_docx(Path(template), labels)
        elif wanted != "syntax":
            findings = check_entry(template, custom)
        else:
            return []  # HTML syntax: the renderer's own message already says what check says
    except Exception:  # a better message is a nicety; never let it hide the real failure
        return []
    return [f.problem for f in findings if f.category == wanted and not f.warning]
