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


class AlreadyDone(UserError):
    """The same Slack request made this change already (run again after a crash, or sent twice)."""


class FieldError(UserError):
    """A user error attached to one input block of a modal."""

    def __init__(self, field: str, key: str, **params: object) -> None:
        super().__init__(key, **params)
        self.field = field


class FormGone(UserError):
    """A form submitted that the bot has no record of opening for this person (forged, or older than a day)."""


class GrammarError(UserError):
    """Input we cannot read; `key` names the i18n message that explains how to fix it."""
