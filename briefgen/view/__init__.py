"""The derived view: everything templates print, computed once from the model."""
