"""Errors a writer may see. Their message is the whole story: no traceback is shown for them."""


class SongcraftError(ValueError):
    """Bad input or a broken file, with a message written for the person using Songcraft."""


class BundleError(SongcraftError):
    """A model bundle that is missing, incomplete or corrupt; the message names the file."""
