"""Between sessions: report requests out to every owner unit (a letter and a response form),
the returned forms back into the register, and what changed since the previous session."""
