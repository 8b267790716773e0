"""The use-case layer: every read and write of the app, the CLI and the imports goes through here.

Between ``mintqo.ui`` (which only draws) and ``mintqo.store`` (which only stores). Each public
function takes the engine and the acting user, asks :mod:`mintqo.access` (the only module that
states rules) and returns plain data that this user may see; aggregate reads are planned with
:mod:`mintqo.privacy` here, never by a page. Writes re-read the acting user inside their own
transaction (:func:`mintqo.services.acting.fresh_actor`), so an account disabled or changed
after a page was drawn cannot act through a stale button.

Refusals raise :class:`mintqo.errors.UserError` subclasses with German messages.
"""
