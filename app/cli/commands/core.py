"""The foundation's commands: demo, import, export, list, follow-up."""


def register(sub) -> None:
    pass
