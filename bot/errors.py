"""Errors a user can fix. Each names an i18n message (`key`) and its parameters."""
from __future__ import annotations


class UserError(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotFound(UserError):
    pass


class Refused(UserError):
    pass
