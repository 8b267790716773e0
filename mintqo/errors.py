"""The one base class of refusals a user should read: ``str(error)`` is a German message.

Store, use-case and import modules raise subclasses of :class:`UserError` for input or requests
they refuse; the UI shows the message as it is, the CLI prints it and exits with code 2.
Anything else that escapes is a bug and is reported with a reference id instead.
"""

from __future__ import annotations


class UserError(ValueError):
    """A refused request or invalid input, with a German message meant for the user."""
