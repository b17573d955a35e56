"""Errors a user can fix: each says, in one line, which file and what is wrong."""


class SfkgError(Exception):
    """A problem the user can fix; the CLI prints it on one line and exits 1."""


class DocumentError(SfkgError):
    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")
