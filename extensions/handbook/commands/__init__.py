"""The writer's commands, run without building the handbook: ``new`` and ``check``.

``python -m handbook.commands new|check`` (``./dev new``, ``./dev check``). They read
the project the way the build does, through the same functions (front matter, tags,
chapters, images), so they say the same things in the same ``file:line`` form.
"""
