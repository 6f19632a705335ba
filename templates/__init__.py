"""The default template set, installed as the package data ``briefgen.templates``.

This file only makes the folder importable, so that an installed briefgen (a wheel) finds its
templates where an editable install does; it is not part of the set (``briefgen templates
copy`` leaves it out)."""
